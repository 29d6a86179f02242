package dev.dbops.sdk.internal.codec;

import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.util.List;
import java.util.Random;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The codecs' encoding helpers answer as the plain code they replace: urlEncode as
 * {@code URLEncoder.encode(s, UTF_8).replaceAll("\\+", "%20")}, isBlank as
 * {@code new String(body, UTF_8).isBlank()}.
 */
class JsonTest {

    @Test
    void urlEncodeIsUnchanged() {
        List<String> inputs = List.of("", "abc", "my_db_schema", "a$b", "a b", "a+b", "a%20b", "é", "✓", "a/b?c=d&e",
                "-_.*~", "Sh, Bash, <+pipeline.variables.shell>", "\u0000\t\n");
        for (String s : inputs) {
            assertThat(Json.urlEncode(s)).as(s).isEqualTo(URLEncoder.encode(s, UTF_8).replaceAll("\\+", "%20"));
        }
        Random random = new Random(7);
        String alphabet = "aZ09-_.*~ +%$&=/?éß✓\u2003";
        for (int i = 0; i < 10_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int c = random.nextInt(12); c > 0; c--) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String in = s.toString();
            assertThat(Json.urlEncode(in)).as(in).isEqualTo(URLEncoder.encode(in, UTF_8).replaceAll("\\+", "%20"));
        }
    }

    @Test
    void isBlankIsTheDecodedTextsIsBlank() {
        List<String> inputs = List.of("", " ", "\t\r\n ", "\u000B\u000C\u001C", "{}", " []", "\u2003", " \u2003 ",
                "\u00A0", " é ", "\u3000x", "null");
        for (String s : inputs) {
            byte[] bytes = s.getBytes(UTF_8);
            assertThat(Json.isBlank(bytes)).as("[%s]", s).isEqualTo(s.isBlank());
        }
        assertThat(Json.isBlank(null)).isTrue();
        assertThat(Json.isBlank(new byte[] {(byte) 0xC3})).isEqualTo(new String(new byte[] {(byte) 0xC3}, UTF_8).isBlank());
    }
}

package dev.dbops.sdk;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written identifier check gives the regular expression's answer, on every input tried. */
class IdentifierRuleTest {

    @Test
    void sameAnswerAsTheRegularExpression() {
        List<String> inputs = new ArrayList<>(List.of("", "a", "_", "$", "1", "a1", "_$", "a$b", "my_db_schema",
                "a-b", "a.b", "a b", "a\n", "\na", "é", "aé", "Ａ", "a\u0000", "overview", "Z".repeat(127),
                "Z".repeat(128), "Z".repeat(129), "_".repeat(128) + "$"));
        String alphabet = "aZ_$09-. \n\té";
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            int length = random.nextInt(i % 100 == 0 ? 140 : 6);
            StringBuilder s = new StringBuilder();
            for (int c = 0; c < length; c++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            inputs.add(s.toString());
        }
        for (String input : inputs) {
            assertThat(Validation.isIdentifier(input)).as("%s", input)
                    .isEqualTo(Validation.IDENTIFIER.matcher(input).matches());
        }
    }

    @Test
    void anInvalidIdentifierIsStillRefusedBeforeSending() {
        HarnessDbOps dbops = HarnessDbOps.builder().apiKey("k").endpoint("http://127.0.0.1:9").build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dbops.project("o", "p").schema("my-schema").get().execute())
                .isInstanceOf(DbOpsValidationException.class)
                .hasMessageContaining("\"my-schema\" is invalid");
    }
}

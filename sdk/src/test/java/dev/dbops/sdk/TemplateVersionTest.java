package dev.dbops.sdk;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The changed generator templates are copies of one generator version's: generating with another
 * version would mix that version's code with the old templates without a word. This fails when
 * the generator that produced the code is not the one the templates say they were copied from.
 */
class TemplateVersionTest {

    private static final Path TEMPLATES = Path.of("src/main/openapi-templates/libraries/native");
    private static final Path GENERATED_CLIENT =
            Path.of("target/generated-sources/openapi/src/main/java/dev/dbops/sdk/internal/invoker/ApiClient.java");

    private static String find(Pattern pattern, String text, String where) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as(where + " names a generator version (" + pattern + ")").isTrue();
        return m.group(1);
    }

    @Test
    void theTemplatesComeFromTheGeneratorInUse() throws IOException {
        String generator = find(Pattern.compile("Generator version: ([0-9][^\"]*)\""),
                Files.readString(GENERATED_CLIENT), GENERATED_CLIENT.toString());
        for (String template : new String[] {"api.mustache", "ApiClient.mustache"}) {
            Path file = TEMPLATES.resolve(template);
            String copiedFrom = find(Pattern.compile("a copy of openapi-generator ([0-9][0-9.]*[0-9])'s"),
                    Files.readString(file), file.toString());
            assertThat(copiedFrom).as(file + " was copied from the generator that produced the code").isEqualTo(generator);
        }
    }
}

package dev.dbops.sdk;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The codec template is written against one generator version's template variables: generating
 * with another version could change what they mean without a word. This fails when the generator
 * that produced the code is not the one the template says it was written for.
 */
class TemplateVersionTest {

    private static final Path TEMPLATES = Path.of("src/main/openapi-templates/libraries/native");
    private static final Path GENERATED_CODEC =
            Path.of("target/generated-sources/openapi/src/main/java/dev/dbops/sdk/internal/codec/DbSchemaCodec.java");

    private static String find(Pattern pattern, String text, String where) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as(where + " names a generator version (" + pattern + ")").isTrue();
        return m.group(1);
    }

    @Test
    void theTemplatesComeFromTheGeneratorInUse() throws IOException {
        String generator = find(Pattern.compile("Generator version: ([0-9][^\"]*)\""),
                Files.readString(GENERATED_CODEC), GENERATED_CODEC.toString());
        Path file = TEMPLATES.resolve("api.mustache");
        String writtenFor = find(Pattern.compile("written for openapi-generator ([0-9][0-9.]*[0-9])'s"),
                Files.readString(file), file.toString());
        assertThat(writtenFor).as(file + " was written for the generator that produced the code").isEqualTo(generator);
    }
}

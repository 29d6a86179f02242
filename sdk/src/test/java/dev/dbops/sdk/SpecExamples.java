package dev.dbops.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The named examples of the OpenAPI document ({@code components/examples/<Name>/value}) as JSON,
 * so that tests compare against the documented bodies instead of copies of them. The document's
 * path is the {@code dbops.spec} system property (set by surefire), else {@code ../openapi/harness-dbops.yaml}.
 */
final class SpecExamples {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode DOCUMENT = load();
    private static final JsonNode EXAMPLES = DOCUMENT.path("components").path("examples");

    private SpecExamples() {
    }

    /** The example's value as compact JSON; fails if the document has no such example. */
    static String json(String name) {
        try {
            return JSON.writeValueAsString(node(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example's value as a tree. */
    static JsonNode node(String name) {
        JsonNode example = EXAMPLES.path(name);
        if (!example.has("value")) {
            throw new IllegalArgumentException("The OpenAPI document has no example named " + name);
        }
        return example.get("value");
    }

    /** The {@code message} of an error example. */
    static String message(String name) {
        return node(name).path("message").asText();
    }

    /** The {@code pattern} of the document's Identifier schema. */
    static String identifierPattern() {
        return DOCUMENT.path("components").path("schemas").path("Identifier").path("pattern").asText();
    }

    /** Every operation of the document: operationId → "METHOD /path". */
    static java.util.Map<String, String> operations() {
        java.util.Map<String, String> operations = new java.util.TreeMap<>();
        DOCUMENT.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            if (method.getValue().has("operationId")) {
                operations.put(method.getValue().path("operationId").asText(),
                        method.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
            }
        }));
        return operations;
    }

    private static JsonNode load() {
        Path spec = Path.of(System.getProperty("dbops.spec", "../openapi/harness-dbops.yaml"));
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(spec));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the OpenAPI document at " + spec.toAbsolutePath(), e);
        }
    }
}

package dev.dbops.sdk.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SDK's OpenAPI document, read as a tree: its operations, their request and response schemas,
 * and the named examples they reference. Tests and the stand-in server take every JSON body from
 * here, so the document stays the single source of truth.
 */
public final class OpenApiDocument {

    /** Where the sdk jar carries the document. */
    public static final String CLASSPATH_LOCATION = "dev/dbops/sdk/openapi/harness-dbops.yaml";

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String text;
    private final JsonNode root;
    private final List<Operation> operations;

    private OpenApiDocument(String text) {
        this.text = text;
        try {
            this.root = YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("The OpenAPI document is not valid YAML", e);
        }
        this.operations = Collections.unmodifiableList(readOperations());
    }

    /**
     * The document packaged in the sdk jar.
     *
     * @return the document read from {@link #CLASSPATH_LOCATION}; each call reads and parses it again
     * @throws IllegalStateException when the sdk jar is not on the class path
     * @throws java.io.UncheckedIOException when it cannot be read or is not valid YAML
     */
    public static OpenApiDocument load() {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(CLASSPATH_LOCATION)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_LOCATION + " is not on the classpath: is dbops-sdk?");
            }
            return new OpenApiDocument(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A document read from a file, for tools that check an edited copy.
     *
     * @param path the OpenAPI document, as YAML (or JSON) in UTF-8
     * @return the document
     * @throws java.io.UncheckedIOException when the file cannot be read or is not valid YAML
     */
    public static OpenApiDocument load(Path path) {
        try {
            return new OpenApiDocument(Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The document's YAML text, for validators that parse it themselves.
     *
     * @return the text exactly as read
     */
    public String text() {
        return text;
    }

    /**
     * The whole document as a tree.
     *
     * @return the root node, shared by every caller: read it, do not change it (use
     *     {@link #example(String)} for a copy to modify)
     */
    public JsonNode root() {
        return root;
    }

    /**
     * Every operation, in document order.
     *
     * @return an unmodifiable list, one entry per method of each path
     */
    public List<Operation> operations() {
        return operations;
    }

    /**
     * The operation with this operationId.
     *
     * @param operationId the operationId as the document declares it, such as {@code "createDbInstance"}
     * @return the operation
     * @throws IllegalArgumentException when the document declares no such operation
     */
    public Operation operation(String operationId) {
        return operations.stream()
                .filter(op -> op.id().equals(operationId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No operation " + operationId + " in the document"));
    }

    /**
     * The value of the named example in {@code components/examples}.
     *
     * @param name the example's name in {@code components/examples}, such as {@code "ErrorInternal"}
     * @return a copy of its {@code value}, free to modify
     * @throws IllegalArgumentException when there is no example by that name
     */
    public JsonNode example(String name) {
        JsonNode value = root.path("components").path("examples").path(name).path("value");
        if (value.isMissingNode()) {
            throw new IllegalArgumentException("No example " + name + " in components/examples");
        }
        return value.deepCopy();
    }

    /**
     * Names of every example in {@code components/examples}.
     *
     * @return a new set, sorted by name; empty when the document has none
     */
    public Set<String> exampleNames() {
        Set<String> names = new TreeSet<>();
        root.path("components").path("examples").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * The items a paged answer's {@code X-Total-Elements} counts: the body itself when it is an
     * array (the schema and instance lists), else its {@code changeSets} (a migration state page
     * counts changesets, not instances); empty for any other body.
     *
     * @param body a response body, or null
     * @return the body itself, its {@code changeSets} array, or an empty array (also for null)
     */
    public static JsonNode pageItems(JsonNode body) {
        if (body == null) {
            return YAML.createArrayNode();
        }
        if (body.isArray()) {
            return body;
        }
        JsonNode changeSets = body.path("changeSets");
        return changeSets.isArray() ? changeSets : YAML.createArrayNode();
    }

    private List<Operation> readOperations() {
        List<Operation> result = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
            while (methods.hasNext()) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (!HTTP_METHODS.contains(method.getKey())) {
                    continue;
                }
                JsonNode op = method.getValue();
                JsonNode requestContent = resolve(op.path("requestBody")).path("content").path("application/json");
                Map<Integer, Response> responses = new LinkedHashMap<>();
                op.path("responses").fields().forEachRemaining(r -> {
                    JsonNode response = resolve(r.getValue());
                    JsonNode content = response.path("content").path("application/json");
                    Set<String> headers = new TreeSet<>();
                    response.path("headers").fieldNames().forEachRemaining(headers::add);
                    int status = Integer.parseInt(r.getKey());
                    responses.put(status, new Response(status, schemaName(content.path("schema")),
                            examples(content), Collections.unmodifiableSet(headers)));
                });
                result.add(new Operation(
                        op.path("operationId").asText(),
                        method.getKey().toUpperCase(java.util.Locale.ROOT),
                        path.getKey(),
                        schemaName(requestContent.path("schema")),
                        examples(requestContent),
                        Collections.unmodifiableMap(responses)));
            }
        }
        return result;
    }

    private Map<String, NamedExample> examples(JsonNode content) {
        Map<String, NamedExample> examples = new LinkedHashMap<>();
        content.path("examples").fields().forEachRemaining(e -> {
            JsonNode ref = e.getValue().path("$ref");
            String component = ref.isTextual() ? lastSegment(ref.asText()) : null;
            JsonNode value = resolve(e.getValue()).path("value");
            examples.put(e.getKey(), new NamedExample(e.getKey(), component, value.deepCopy()));
        });
        return Collections.unmodifiableMap(examples);
    }

    /** "DbSchema" for a $ref, "DbSchema[]" for an array of them, empty when there is no body. */
    private static Optional<String> schemaName(JsonNode schema) {
        if (schema.isMissingNode()) {
            return Optional.empty();
        }
        if ("array".equals(schema.path("type").asText())) {
            return schemaName(schema.path("items")).map(item -> item + "[]");
        }
        JsonNode ref = schema.path("$ref");
        return ref.isTextual() ? Optional.of(lastSegment(ref.asText())) : Optional.empty();
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.path("$ref");
        if (!ref.isTextual()) {
            return node;
        }
        String pointer = ref.asText();
        if (!pointer.startsWith("#/")) {
            throw new IllegalStateException("Only local references are supported: " + pointer);
        }
        return resolve(root.at(pointer.substring(1)));
    }

    private static String lastSegment(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    /**
     * One operation of the document.
     *
     * @param id the operationId
     * @param method the HTTP method, in upper case ({@code "GET"}, {@code "POST"}, ...)
     * @param path the path template as the document writes it, with {@code {parameter}} placeholders
     * @param requestSchema schema name of the JSON body, if the operation takes one
     * @param requestExamples the request body's named examples, by their key in the operation
     * @param responses by status code
     */
    public record Operation(String id, String method, String path, Optional<String> requestSchema,
                            Map<String, NamedExample> requestExamples, Map<Integer, Response> responses) {

        /**
         * The successful response (the one 2xx status).
         *
         * @return the first 2xx response the document declares for this operation
         * @throws IllegalStateException when it declares none
         */
        public Response success() {
            return responses.values().stream()
                    .filter(r -> r.status() / 100 == 2)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(id + " declares no success response"));
        }

        /**
         * The path with its parameters filled in from the map; a missing one is an error.
         *
         * @param parameters values by parameter name (without braces), inserted as given: encode
         *     them first if they need it; names the path does not have are ignored
         * @return the path, such as {@code /v1/orgs/default/projects/p1/dbschema/s1}
         * @throws IllegalArgumentException when a parameter of the path has no value
         */
        public String path(Map<String, String> parameters) {
            String filled = path;
            for (Map.Entry<String, String> p : parameters.entrySet()) {
                filled = filled.replace("{" + p.getKey() + "}", p.getValue());
            }
            if (filled.contains("{")) {
                throw new IllegalArgumentException("Unfilled path parameter in " + filled);
            }
            return filled;
        }
    }

    /**
     * One declared response.
     *
     * @param status the HTTP status code
     * @param schema schema name of the body ("DbSchema", "DbSchema[]"), empty for no body
     * @param examples named examples of the body, by their key in the operation
     * @param headers names of the declared response headers
     */
    public record Response(int status, Optional<String> schema, Map<String, NamedExample> examples,
                           Set<String> headers) {
    }

    /**
     * A named example as an operation uses it.
     *
     * @param key the key under which the operation lists it (pairs a request with its response)
     * @param component the {@code components/examples} name it refers to, or null when inline
     * @param value the example body
     */
    public record NamedExample(String key, String component, JsonNode value) {
    }
}

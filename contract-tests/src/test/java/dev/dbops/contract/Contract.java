package dev.dbops.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbops.sdk.DbOpsJson;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.RetryPolicy;
import dev.dbops.sdk.testkit.OpenApiDocument;
import dev.dbops.sdk.testkit.OpenApiDocument.Operation;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What every contract test shares: the document, the client settings, the strict spec validator. */
final class Contract {

    static final OpenApiDocument SPEC = OpenApiDocument.load();
    static final ObjectMapper MAPPER = DbOpsJson.mapper();

    /** Consumer and provider names of the pact. */
    static final String CONSUMER = "dbops-java";
    static final String PROVIDER = "harness-dbops";

    static final String API_KEY = "pat.contract-test.0123456789";
    static final String ACCOUNT_ID = "contract_account";

    /** Default retries with millisecond backoff, so that retried failures stay fast. */
    static final RetryPolicy FAST_RETRIES = RetryPolicy.DEFAULT.withBackoff(Duration.ofMillis(5), Duration.ofMillis(20));

    /**
     * The OpenAPI document as a validator that refuses undeclared fields: a misspelt field in what
     * the SDK sends or in what a server answers is a violation, not a warning.
     */
    static final OpenApiInteractionValidator STRICT_VALIDATOR = OpenApiInteractionValidator
            .createForInlineApiSpecification(SPEC.text())
            .withLevelResolver(LevelResolver.create()
                    .withLevel("validation.schema.additionalProperties", ValidationReport.Level.ERROR)
                    .build())
            .build();

    private Contract() {
    }

    /** A client for a local server (WireMock or the Pact mock server) with the contract's key and account. */
    static HarnessDbOps.Builder client(String baseUrl) {
        return HarnessDbOps.builder()
                .endpoint(baseUrl)
                .apiKey(API_KEY)
                .accountId(ACCOUNT_ID)
                .retryPolicy(FAST_RETRIES);
    }

    /** The error messages of a validation report, one line each; empty when it passed. */
    static List<String> errors(ValidationReport report) {
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> m.getKey() + ": " + m.getMessage().replaceAll("\\s+", " "))
                .collect(Collectors.toList());
    }

    /** The spec operation a request goes to (the path without any base path such as /gateway). */
    static Optional<Operation> operationOf(OpenApiDocument spec, String method, String path) {
        String bare = SpecValidatingListener.withoutServerPath(path);
        return spec.operations().stream()
                .filter(op -> op.method().equalsIgnoreCase(method))
                .filter(op -> Pattern.compile(op.path().replaceAll("\\{[^}]+}", "[^/]+")).matcher(bare).matches())
                .findFirst();
    }

    /** JSON text as a tree, with numbers as the YAML examples read them (int where it fits). */
    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of a JSON object with one field renamed (the field must be there). */
    static ObjectNode renamed(JsonNode object, String from, String to) {
        ObjectNode copy = (ObjectNode) object.deepCopy();
        JsonNode value = copy.remove(from);
        if (value == null) {
            throw new IllegalArgumentException("no field " + from + " in " + object);
        }
        copy.set(to, value);
        return copy;
    }

    /** A model (or list of models) as the JSON tree a user's code would see serialised. */
    static JsonNode tree(Object model) {
        try {
            return MAPPER.readTree(MAPPER.writeValueAsString(model));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

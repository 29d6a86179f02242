package dev.dbops.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dbops.sdk.testkit.OpenApiDocument;
import dev.dbops.sdk.testkit.OpenApiDocument.Operation;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example the document carries validates against the schema it illustrates, strictly: an
 * example with a misspelt or undeclared field fails, so the examples cannot drift from the models.
 */
class SpecExamplesTest {

    static final OpenApiDocument SPEC = OpenApiDocument.load();
    static final Map<String, String> PATH_PARAMS =
            Map.of("org", "default", "project", "default_project", "dbschema", "my_db_schema", "dbinstance", "my_db_instance");

    // Strict: undeclared fields in an example are errors (the validator treats additionalProperties as false).
    static final OpenApiInteractionValidator STRICT = OpenApiInteractionValidator
            .createForInlineApiSpecification(SPEC.text())
            .withLevelResolver(LevelResolver.create()
                    .withLevel("validation.schema.additionalProperties", ValidationReport.Level.ERROR)
                    .build())
            .build();

    @TestFactory
    Stream<DynamicTest> everyRequestExampleValidates() {
        return SPEC.operations().stream().flatMap(op -> op.requestExamples().values().stream()
                .map(example -> DynamicTest.dynamicTest(op.id() + " request " + example.key(), () -> {
                    SimpleRequest request = new SimpleRequest.Builder(op.method(), op.path(PATH_PARAMS))
                            .withHeader("x-api-key", "pat.test")
                            .withContentType("application/json")
                            .withBody(example.value().toString())
                            .build();
                    assertValid(STRICT.validateRequest(request));
                })));
    }

    @TestFactory
    Stream<DynamicTest> everyResponseExampleValidates() {
        return SPEC.operations().stream().flatMap(op -> op.responses().values().stream()
                .flatMap(response -> response.examples().values().stream()
                        .map(example -> DynamicTest.dynamicTest(
                                op.id() + " " + response.status() + " " + example.key(), () -> {
                                    SimpleResponse served = SimpleResponse.Builder.status(response.status())
                                            .withContentType("application/json")
                                            .withBody(example.value().toString())
                                            .build();
                                    assertValid(STRICT.validateResponse(op.path(PATH_PARAMS),
                                            Request.Method.valueOf(op.method()), served));
                                }))));
    }

    @Test
    void everyOperationHasASuccessAndAnErrorExample() {
        for (Operation op : SPEC.operations()) {
            boolean successExample = op.success().examples().size() > 0 || op.success().schema().isEmpty();
            boolean errorExample = op.responses().values().stream()
                    .anyMatch(r -> r.status() >= 400 && !r.examples().isEmpty());
            assertThat(successExample).as(op.id() + " has a success example (or no success body)").isTrue();
            assertThat(errorExample).as(op.id() + " has an error example").isTrue();
        }
    }

    /**
     * The document describes exactly the operations of the SDK's {@link dev.dbops.sdk.Operation}
     * table (the one the contract tests drive), with the same methods: twelve.
     */
    @Test
    void theDocumentDescribesTheTwelveOperationsOfTheSdk() {
        assertThat(SPEC.operations()).hasSize(12);
        assertThat(SPEC.operations()).extracting(op -> op.id() + " " + op.method()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(dev.dbops.sdk.Operation.values()).map(op -> op.id() + " " + op.method()).toList());
    }

    @Test
    void everyNamedExampleIsUsedByAnOperation() {
        Set<String> used = new HashSet<>();
        for (Operation op : SPEC.operations()) {
            op.requestExamples().values().forEach(e -> used.add(e.component()));
            op.responses().values().forEach(r -> r.examples().values().forEach(e -> used.add(e.component())));
        }
        assertThat(used).containsAll(SPEC.exampleNames());
    }

    @Test
    void theDocumentedCreateSchemaBodyKeepsBothChangelogKinds() {
        JsonNode seed = SPEC.example("SeedCreateSchemaRequest");
        assertThat(seed.has("changelog")).isTrue();
        assertThat(seed.has("changeLogScript")).isTrue();
        assertThat(seed.path("type").asText()).isEqualTo("Repository");
    }

    private static void assertValid(ValidationReport report) {
        List<String> errors = new ArrayList<>();
        report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .forEach(m -> errors.add(m.getKey() + ": " + m.getMessage()));
        assertThat(errors).as("validation errors").isEmpty();
    }
}

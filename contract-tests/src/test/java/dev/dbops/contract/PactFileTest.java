package dev.dbops.contract;

import au.com.dius.pact.core.matchers.Mismatch;
import au.com.dius.pact.core.matchers.ResponseMatching;
import au.com.dius.pact.core.model.ContentType;
import au.com.dius.pact.core.model.DefaultPactReader;
import au.com.dius.pact.core.model.OptionalBody;
import au.com.dius.pact.core.model.Response;
import au.com.dius.pact.core.model.Interaction;
import au.com.dius.pact.core.model.RequestResponseInteraction;
import au.com.dius.pact.core.model.ProviderState;
import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.pact.PactRequest;
import com.atlassian.oai.validator.pact.PactResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbops.sdk.testkit.OpenApiDocument.Operation;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.dbops.contract.Contract.SPEC;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bi-directional check, offline: the pact file the consumer tests just wrote must conform to
 * the OpenAPI document, request and response of every interaction (undeclared fields included),
 * and must hold every operation and the documented error responses. Runs after
 * {@link PactConsumerTest} (class order set in the pom).
 */
@Order(2)
class PactFileTest {

    /**
     * Pact's own leniency (a type-matched response may leave out fields), but an undeclared field
     * in either direction is an error.
     */
    static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForInlineApiSpecification(SPEC.text())
            .withLevelResolver(LevelResolver.create()
                    .withLevel("validation.response.body.schema.required", ValidationReport.Level.IGNORE)
                    .withLevel("validation.response.body.missing", ValidationReport.Level.IGNORE)
                    .withLevel("validation.schema.additionalProperties", ValidationReport.Level.ERROR)
                    .build())
            .build();

    static Path pactFile() {
        return PactConsumerTest.pactDirectory().resolve(Contract.CONSUMER + "-" + Contract.PROVIDER + ".json");
    }

    @TestFactory
    Stream<DynamicTest> everyInteractionConformsToTheOpenApiDocument() {
        List<RequestResponseInteraction> interactions = interactions(pactFile());
        assertThat(interactions).isNotEmpty();
        return interactions.stream().map(i -> DynamicTest.dynamicTest(i.getDescription(),
                () -> assertThat(violations(i)).as("violations of the OpenAPI document").isEmpty()));
    }

    @Test
    void thePactHoldsEveryOperationAndTheDocumentedErrors() {
        Map<String, Set<Integer>> statuses = new TreeMap<>();
        for (RequestResponseInteraction i : interactions(pactFile())) {
            Operation op = Contract.operationOf(SPEC, i.getRequest().getMethod(), i.getRequest().getPath())
                    .orElseThrow(() -> new AssertionError("interaction \"" + i.getDescription() + "\" calls "
                            + i.getRequest().getMethod() + " " + i.getRequest().getPath() + ", no operation of the document"));
            statuses.computeIfAbsent(op.id(), k -> new TreeSet<>()).add(i.getResponse().getStatus());
            assertThat(i.getProviderStates()).as("provider states of " + i.getDescription()).isNotEmpty()
                    .allSatisfy(state -> assertThat(state.getName()).isNotBlank());
        }
        for (Operation op : SPEC.operations()) {
            assertThat(statuses.getOrDefault(op.id(), Set.of())).as("statuses of " + op.id() + " in the pact")
                    .contains(op.success().status());
        }
        Set<Integer> errors = statuses.values().stream().flatMap(Set::stream).filter(s -> s >= 400)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(errors).as("error statuses in the pact").contains(400, 401, 403, 404);
        for (String read : List.of("getMigrationState", "getProjectOverview")) {
            assertThat(statuses.get(read)).as("statuses of " + read + " in the pact").contains(200, 400, 401, 403, 404);
        }
    }

    @Test
    void theProviderStatesSayWhatMustExist() {
        List<String> states = interactions(pactFile()).stream()
                .flatMap(i -> i.getProviderStates().stream()).map(ProviderState::getName).distinct().toList();
        assertThat(states).contains("schema my_db_schema exists", "schema my_db_schema does not exist",
                "instance my_db_instance of schema my_db_schema exists");
    }

    /**
     * A state that something exists says what it must hold, so that the answer can have every
     * documented field: the create body, or the migration state.
     */
    @Test
    void aStateThatSomethingExistsCarriesWhatItHolds() {
        List<ProviderState> existing = interactions(pactFile()).stream().flatMap(i -> i.getProviderStates().stream())
                .filter(state -> state.getName().endsWith(" exists")).toList();
        assertThat(existing).isNotEmpty().allSatisfy(state -> {
            String identifier = state.getName().split(" ")[1];
            Object body = state.getName().startsWith("schema ") ? state.getParams().get("schema")
                    : state.getParams().get("instance");
            assertThat(body).as(state.getName()).isInstanceOf(Map.class);
            assertThat(((Map<?, ?>) body).get("identifier")).as(state.getName()).isEqualTo(identifier);
        });
        assertThat(interactions(pactFile()).stream().flatMap(i -> i.getProviderStates().stream())
                .filter(state -> state.getParams().containsKey("migrationState")))
                .as("states carrying a migration state").isNotEmpty()
                .allSatisfy(state -> {
                    JsonNode story = Contract.tree(state.getParams().get("migrationState"));
                    assertThat(story).isEqualTo(SPEC.example("MigrationStatePage"));
                });
    }

    /** The check can fail: a pact whose request uses a field the document does not declare, or a wrong path. */
    @Test
    void aPactThatDisagreesWithTheDocumentFails() throws IOException {
        String pact = Files.readString(pactFile());
        assertThat(pact).contains("\"changeLogScript\"", "/instancelist");
        // Outside the pact directory, so that nothing publishes it.
        Path tampered = PactConsumerTest.pactDirectory().resolveSibling("pact-tampered").resolve("tampered.json");
        Files.createDirectories(tampered.getParent());
        Files.writeString(tampered, pact.replace("\"changeLogScript\"", "\"changelogScript\"")
                .replace("/instancelist", "/instances"));

        List<String> violations = new ArrayList<>();
        interactions(tampered).forEach(i -> violations.addAll(violations(i)));

        assertThat(violations).anySatisfy(v -> assertThat(v).contains("changelogScript"));
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("/instances"));
    }

    /**
     * What a provider verification would say, run here with Pact's own matching: a page may hold
     * more or fewer items than the example, of either documented kind, but each needs the fields
     * every documented item has, with their JSON types.
     */
    @Test
    void aProviderMayAnswerAPageOfAnyLengthButNotItemsWithoutTheirFields() {
        RequestResponseInteraction list = interactions(pactFile()).stream()
                .filter(i -> i.getRequest().getMethod().equals("GET") && i.getResponse().getStatus() == 200
                        && i.getRequest().getPath().endsWith("/dbschema"))
                .findFirst().orElseThrow(() -> new AssertionError("no listDbSchemas interaction in the pact"));
        ArrayNode documented = (ArrayNode) SPEC.example("SchemaListPage");
        ObjectNode third = ((ObjectNode) documented.get(1)).deepCopy().put("identifier", "billing_schema");

        assertThat(mismatches(list, documented.deepCopy().add(third))).as("three items, the example shows two").isEmpty();
        assertThat(mismatches(list, Contract.MAPPER.createArrayNode().add(documented.get(1)))).as("one Script schema").isEmpty();

        ObjectNode withoutIdentifier = third.deepCopy();
        withoutIdentifier.remove("identifier");
        assertThat(mismatches(list, documented.deepCopy().add(withoutIdentifier))).as("an item without identifier")
                .anySatisfy(m -> assertThat(m).contains("identifier"));
        ObjectNode numericName = third.deepCopy().put("name", 7);
        assertThat(mismatches(list, documented.deepCopy().add(numericName))).as("an item whose name is a number")
                .anySatisfy(m -> assertThat(m).contains("Expected 7").contains("String"));
        assertThat(mismatches(list, Contract.MAPPER.createArrayNode())).as("an empty page where the pact expects items")
                .isNotEmpty();
    }

    private static List<String> mismatches(RequestResponseInteraction expected, JsonNode body) {
        Response actual = new Response(200, expected.getResponse().getHeaders(),
                OptionalBody.body(body.toString().getBytes(StandardCharsets.UTF_8), ContentType.Companion.getJSON()));
        return ResponseMatching.responseMismatches(expected.getResponse(), actual).stream()
                .map(Mismatch::description).toList();
    }

    static List<String> violations(RequestResponseInteraction interaction) {
        ValidationReport report = VALIDATOR.validate(PactRequest.of(interaction.getRequest()),
                PactResponse.of(interaction.getResponse()));
        return Contract.errors(report).stream().map(e -> interaction.getDescription() + ": " + e).toList();
    }

    static List<RequestResponseInteraction> interactions(Path file) {
        assertThat(file).as("pact file (written by PactConsumerTest; run the whole suite)").exists();
        List<RequestResponseInteraction> interactions = new ArrayList<>();
        for (Interaction interaction : DefaultPactReader.INSTANCE.loadPact(file.toFile()).getInteractions()) {
            assertThat(interaction).isInstanceOf(RequestResponseInteraction.class);
            interactions.add((RequestResponseInteraction) interaction);
        }
        return interactions;
    }
}

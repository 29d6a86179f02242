package dev.dbops.contract;

import au.com.dius.pact.core.model.DefaultPactReader;
import au.com.dius.pact.core.model.Interaction;
import au.com.dius.pact.core.model.RequestResponseInteraction;
import au.com.dius.pact.core.model.ProviderState;
import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.pact.PactRequest;
import com.atlassian.oai.validator.pact.PactResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.dbops.sdk.testkit.OpenApiDocument.Operation;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
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
        assertThat(errors).as("error statuses in the pact").contains(400, 401, 404);
    }

    @Test
    void theProviderStatesSayWhatMustExist() {
        List<String> states = interactions(pactFile()).stream()
                .flatMap(i -> i.getProviderStates().stream()).map(ProviderState::getName).distinct().toList();
        assertThat(states).contains("schema my_db_schema exists", "schema my_db_schema does not exist");
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

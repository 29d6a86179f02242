package dev.dbops.contract;

import au.com.dius.pact.consumer.ConsumerPactBuilder;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.RequestResponseInteraction;
import au.com.dius.pact.core.model.RequestResponsePact;
import au.com.dius.pact.core.model.annotations.Pact;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.testkit.OpenApiDocument;
import dev.dbops.sdk.testkit.OpenApiDocument.Operation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static dev.dbops.contract.Contract.SPEC;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adding an operation to the OpenAPI document without a contract test breaks the build: every
 * operation must be drivable through the fluent layer for the WireMock replay (every one of its
 * examples), and must have a Pact interaction with its success status. Self-contained: the Pact
 * interactions are built from the consumer test's {@code @Pact} methods, no pact file needed.
 */
class CoverageTest {

    /** The twelve operations of the document, each driven and in the pact (the checks below say which are not). */
    @Test
    void twelveOperationsAreCovered() {
        assertThat(SPEC.operations()).hasSize(12);
        assertThat(withoutWireMockReplay(SPEC)).isEmpty();
        assertThat(withoutPactInteraction(SPEC)).isEmpty();
    }

    @Test
    void everyOperationHasAWireMockReplay() {
        assertThat(withoutWireMockReplay(SPEC)).as("operations without a WireMock replay").isEmpty();
    }

    @Test
    void everyOperationHasAPactInteraction() {
        assertThat(withoutPactInteraction(SPEC)).as("operations without a Pact interaction").isEmpty();
    }

    @Test
    void thePactHasTheDocumentedErrorResponses() {
        Set<Integer> errors = pactInteractions().stream().map(i -> i.getResponse().getStatus())
                .filter(status -> status >= 400).collect(Collectors.toCollection(TreeSet::new));
        assertThat(errors).contains(400, 401, 403, 404);
    }

    @Test
    void everyPactMethodIsExercisedByATest() {
        Set<String> pactMethods = new TreeSet<>();
        Set<String> exercised = new TreeSet<>();
        for (Method method : PactConsumerTest.class.getDeclaredMethods()) {
            if (method.isAnnotationPresent(Pact.class)) {
                pactMethods.add(method.getName());
            }
            PactTestFor test = method.getAnnotation(PactTestFor.class);
            if (test != null) {
                exercised.add(test.pactMethod());
            }
        }
        assertThat(exercised).as("@PactTestFor(pactMethod) of the tests").isEqualTo(pactMethods);
    }

    /** The checks can fail: a document with one more operation is reported as uncovered by both. */
    @Test
    void anOperationAddedToTheDocumentIsReportedUncovered() throws IOException {
        String withNewOperation = SPEC.text().replaceFirst("(?m)^paths:\\n", """
                paths:
                  /v1/orgs/{org}/projects/{project}/dbschema/{dbschema}/migrate:
                    post:
                      operationId: migrateDbSchema
                      responses:
                        '202':
                          description: Migration started.
                """);
        assertThat(withNewOperation).isNotEqualTo(SPEC.text());
        Path copy = Path.of("target", "coverage", "harness-dbops-with-new-operation.yaml");
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, withNewOperation);
        OpenApiDocument edited = OpenApiDocument.load(copy);

        assertThat(edited.operations()).hasSize(SPEC.operations().size() + 1);
        assertThat(withoutWireMockReplay(edited)).containsExactly("migrateDbSchema");
        assertThat(withoutPactInteraction(edited)).containsExactly("migrateDbSchema");
    }

    /** Operations some example of which the fluent driver cannot send (nothing is sent to find out). */
    static Set<String> withoutWireMockReplay(OpenApiDocument spec) {
        HarnessDbOps unused = Contract.client("http://127.0.0.1:9").build();
        Set<String> missing = new TreeSet<>();
        for (Operation op : spec.operations()) {
            for (Scenario scenario : Scenario.of(op)) {
                try {
                    FluentDriver.prepare(unused, scenario);
                } catch (AssertionError | RuntimeException e) {
                    missing.add(op.id());
                }
            }
        }
        return missing;
    }

    /** Operations no success interaction of the consumer test calls. */
    static Set<String> withoutPactInteraction(OpenApiDocument spec) {
        Set<String> covered = new TreeSet<>();
        for (RequestResponseInteraction i : pactInteractions()) {
            if (i.getResponse().getStatus() < 300) {
                Contract.operationOf(spec, i.getRequest().getMethod(), i.getRequest().getPath())
                        .ifPresent(op -> covered.add(op.id()));
            }
        }
        return spec.operations().stream().map(Operation::id).filter(id -> !covered.contains(id))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every interaction the consumer test's {@code @Pact} methods declare. */
    static List<RequestResponseInteraction> pactInteractions() {
        List<RequestResponseInteraction> all = new ArrayList<>();
        PactConsumerTest consumer = new PactConsumerTest();
        for (Method method : PactConsumerTest.class.getDeclaredMethods()) {
            if (!method.isAnnotationPresent(Pact.class)) {
                continue;
            }
            try {
                method.setAccessible(true);
                RequestResponsePact pact = (RequestResponsePact) method.invoke(consumer,
                        ConsumerPactBuilder.consumer(Contract.CONSUMER).hasPactWith(Contract.PROVIDER));
                pact.getInteractions().forEach(i -> all.add((RequestResponseInteraction) i));
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("@Pact method " + method.getName() + " failed", e);
            }
        }
        assertThat(all).as("interactions of PactConsumerTest").isNotEmpty();
        return all;
    }
}

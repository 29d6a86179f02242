package dev.dbops.contract;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.RequestResponsePact;
import au.com.dius.pact.core.model.annotations.Pact;
import dev.dbops.sdk.BadRequestException;
import dev.dbops.sdk.DbOpsApiException;
import dev.dbops.sdk.ForbiddenException;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.NotFoundException;
import dev.dbops.sdk.UnauthorizedException;
import dev.dbops.contract.PactInteractions.Interaction;
import dev.dbops.contract.PactInteractions.State;
import dev.dbops.sdk.testkit.OpenApiDocument;
import dev.dbops.sdk.testkit.OpenApiDocument.Operation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.dbops.contract.Contract.CONSUMER;
import static dev.dbops.contract.Contract.SPEC;
import static dev.dbops.contract.PactInteractions.INSTANCE_ABSENT;
import static dev.dbops.contract.PactInteractions.SCHEMA_ABSENT;
import static dev.dbops.contract.PactInteractions.documented;
import static dev.dbops.contract.PactInteractions.documentedCreate;
import static dev.dbops.contract.PactInteractions.error;
import static dev.dbops.contract.PactInteractions.pact;
import static dev.dbops.contract.PactInteractions.schemaExists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The consumer side of the contract between dbops-java and the Harness Database DevOps API: every
 * operation's documented exchanges, and documented error responses, driven through the fluent
 * layer against the Pact mock server. The mock server fails a test whose SDK call does not send
 * exactly the expected request. The pact file, written to {@code target/pacts/dbops-java-harness-dbops.json},
 * is what a provider team verifies (and what {@link PactFileTest} checks against the OpenAPI document).
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = Contract.PROVIDER, pactVersion = PactSpecVersion.V3)
@Order(1)
class PactConsumerTest {

    /** A key the provider is told to reject (provider state), for the 401 interaction. */
    static final String REVOKED_KEY = "pat.revoked.0123456789";

    /** pact-jvm merges into an existing file: start from none, so a removed interaction does not linger. */
    @BeforeAll
    static void startFromNoPactFile() throws IOException {
        Files.deleteIfExists(PactFileTest.pactFile());
    }

    // ---- Every operation, from its documented examples ----

    @Pact(consumer = CONSUMER)
    RequestResponsePact listDbSchemas(PactDslWithProvider builder) {
        return pact(builder, documented(SPEC.operation("listDbSchemas")));
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact createDbSchema(PactDslWithProvider builder) {
        return pact(builder, documented(SPEC.operation("createDbSchema")));
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact getDbSchema(PactDslWithProvider builder) {
        return pact(builder, documented(SPEC.operation("getDbSchema")));
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact updateDbSchema(PactDslWithProvider builder) {
        return pact(builder, documented(SPEC.operation("updateDbSchema")));
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact deleteDbSchema(PactDslWithProvider builder) {
        return pact(builder, documented(SPEC.operation("deleteDbSchema")));
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact listDbInstances(PactDslWithProvider builder) {
        return pact(builder, documented(SPEC.operation("listDbInstances")));
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact createDbInstance(PactDslWithProvider builder) {
        return pact(builder, documented(SPEC.operation("createDbInstance")));
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact getDbInstance(PactDslWithProvider builder) {
        return pact(builder, documented(SPEC.operation("getDbInstance")));
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact updateDbInstance(PactDslWithProvider builder) {
        return pact(builder, documented(SPEC.operation("updateDbInstance")));
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact deleteDbInstance(PactDslWithProvider builder) {
        return pact(builder, documented(SPEC.operation("deleteDbInstance")));
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact getMigrationState(PactDslWithProvider builder) {
        return pact(builder, documented(SPEC.operation("getMigrationState")));
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact getProjectOverview(PactDslWithProvider builder) {
        return pact(builder, documented(SPEC.operation("getProjectOverview")));
    }

    @Test
    @PactTestFor(pactMethod = "listDbSchemas")
    void listDbSchemas(MockServer server) {
        sendsTheDocumentedRequestsAndReadsTheAnswers(server, "listDbSchemas");
    }

    @Test
    @PactTestFor(pactMethod = "createDbSchema")
    void createDbSchema(MockServer server) {
        sendsTheDocumentedRequestsAndReadsTheAnswers(server, "createDbSchema");
    }

    @Test
    @PactTestFor(pactMethod = "getDbSchema")
    void getDbSchema(MockServer server) {
        sendsTheDocumentedRequestsAndReadsTheAnswers(server, "getDbSchema");
    }

    @Test
    @PactTestFor(pactMethod = "updateDbSchema")
    void updateDbSchema(MockServer server) {
        sendsTheDocumentedRequestsAndReadsTheAnswers(server, "updateDbSchema");
    }

    @Test
    @PactTestFor(pactMethod = "deleteDbSchema")
    void deleteDbSchema(MockServer server) {
        sendsTheDocumentedRequestsAndReadsTheAnswers(server, "deleteDbSchema");
    }

    @Test
    @PactTestFor(pactMethod = "listDbInstances")
    void listDbInstances(MockServer server) {
        sendsTheDocumentedRequestsAndReadsTheAnswers(server, "listDbInstances");
    }

    @Test
    @PactTestFor(pactMethod = "createDbInstance")
    void createDbInstance(MockServer server) {
        sendsTheDocumentedRequestsAndReadsTheAnswers(server, "createDbInstance");
    }

    @Test
    @PactTestFor(pactMethod = "getDbInstance")
    void getDbInstance(MockServer server) {
        sendsTheDocumentedRequestsAndReadsTheAnswers(server, "getDbInstance");
    }

    @Test
    @PactTestFor(pactMethod = "updateDbInstance")
    void updateDbInstance(MockServer server) {
        sendsTheDocumentedRequestsAndReadsTheAnswers(server, "updateDbInstance");
    }

    @Test
    @PactTestFor(pactMethod = "deleteDbInstance")
    void deleteDbInstance(MockServer server) {
        sendsTheDocumentedRequestsAndReadsTheAnswers(server, "deleteDbInstance");
    }

    @Test
    @PactTestFor(pactMethod = "getMigrationState")
    void getMigrationState(MockServer server) {
        sendsTheDocumentedRequestsAndReadsTheAnswers(server, "getMigrationState");
    }

    @Test
    @PactTestFor(pactMethod = "getProjectOverview")
    void getProjectOverview(MockServer server) {
        sendsTheDocumentedRequestsAndReadsTheAnswers(server, "getProjectOverview");
    }

    private static void sendsTheDocumentedRequestsAndReadsTheAnswers(MockServer server, String operation) {
        List<Interaction> interactions = documented(SPEC.operation(operation));
        assertThat(interactions).as(operation + " interactions").isNotEmpty();
        HarnessDbOps client = Contract.client(server.getUrl()).build();
        for (Interaction interaction : interactions) {
            FluentDriver.Result result = FluentDriver.prepare(client, interaction.scenario()).get();
            assertThat(result.status()).as(interaction.description()).isEqualTo(interaction.status());
            // What the mock served: the example, or for a page, items like the example's.
            assertThat(result.body()).as(interaction.description())
                    .isEqualTo(interaction.body() == null ? null : PactBodies.served(interaction.body()));
            if (interaction.scenario().isPaged()) {
                assertThat(result.totalElements()).hasValue(OpenApiDocument.pageItems(interaction.body()).size());
            }
        }
    }

    // ---- Documented error responses ----

    /**
     * The documented errors the pact holds, by the name of their {@code @Pact} and test methods:
     * for each status a provider state that a provider team can set up to provoke it.
     */
    static final Map<String, Interaction> ERRORS = errors();

    private static Map<String, Interaction> errors() {
        Operation createInstance = SPEC.operation("createDbInstance");
        Operation migrationState = SPEC.operation("getMigrationState");
        Operation overview = SPEC.operation("getProjectOverview");
        State schema = schemaExists(documentedCreate("createDbSchema", Scenario.SCHEMA));
        State revoked = State.of("API key " + REVOKED_KEY + " is not valid");
        State mayNotView = State.of("the API key may not view database schemas");
        Scenario oneInstance = Scenario.of(migrationState).stream().filter(s -> s.key().equals("oneInstance"))
                .findFirst().orElseThrow();
        Map<String, Interaction> errors = new LinkedHashMap<>();
        errors.put("createDbInstanceWithAnUnknownConnector", error(createInstance, 400, Contract.API_KEY,
                schema, State.of("connector pg does not exist")));
        errors.put("listDbSchemasWithARevokedKey", error(SPEC.operation("listDbSchemas"), 401, REVOKED_KEY, revoked));
        errors.put("updateDbSchemaWithoutEditPermission", error(SPEC.operation("updateDbSchema"), 403, Contract.API_KEY,
                schema, State.of("the API key may not edit database schemas")));
        errors.put("getDbSchemaThatDoesNotExist", error(SPEC.operation("getDbSchema"), 404, Contract.API_KEY,
                State.of(SCHEMA_ABSENT.formatted(Scenario.SCHEMA))));
        errors.put("deleteDbInstanceThatDoesNotExist", error(SPEC.operation("deleteDbInstance"), 404, Contract.API_KEY,
                schema, State.of(INSTANCE_ABSENT.formatted(Scenario.INSTANCE, Scenario.SCHEMA))));
        // A filter naming an instance the schema does not have is a bad request (the stand-in's
        // reading; the service's own is not documented).
        errors.put("getMigrationStateOfAnInstanceThatDoesNotExist", error(oneInstance, 400, Contract.API_KEY,
                schema, State.of(INSTANCE_ABSENT.formatted(Scenario.INSTANCE, Scenario.SCHEMA))));
        errors.put("getMigrationStateWithARevokedKey", error(migrationState, 401, REVOKED_KEY, revoked));
        errors.put("getMigrationStateWithoutViewPermission", error(migrationState, 403, Contract.API_KEY,
                schema, mayNotView));
        errors.put("getMigrationStateOfASchemaThatDoesNotExist", error(migrationState, 404, Contract.API_KEY,
                State.of(SCHEMA_ABSENT.formatted(Scenario.SCHEMA))));
        // Harness declares a 400 here without saying what provokes it: the state asks for it plainly.
        errors.put("getProjectOverviewRefusedAsABadRequest", error(overview, 400, Contract.API_KEY,
                State.of("the service refuses the overview of project " + Scenario.PROJECT + " as a bad request")));
        errors.put("getProjectOverviewWithARevokedKey", error(overview, 401, REVOKED_KEY, revoked));
        errors.put("getProjectOverviewWithoutViewPermission", error(overview, 403, Contract.API_KEY, mayNotView));
        errors.put("getProjectOverviewOfAProjectThatDoesNotExist", error(overview, 404, Contract.API_KEY,
                State.of("project " + Scenario.PROJECT + " of organization " + Scenario.ORG + " does not exist")));
        return errors;
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact createDbInstanceWithAnUnknownConnector(PactDslWithProvider builder) {
        return errorPact(builder, "createDbInstanceWithAnUnknownConnector");
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact listDbSchemasWithARevokedKey(PactDslWithProvider builder) {
        return errorPact(builder, "listDbSchemasWithARevokedKey");
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact updateDbSchemaWithoutEditPermission(PactDslWithProvider builder) {
        return errorPact(builder, "updateDbSchemaWithoutEditPermission");
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact getDbSchemaThatDoesNotExist(PactDslWithProvider builder) {
        return errorPact(builder, "getDbSchemaThatDoesNotExist");
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact deleteDbInstanceThatDoesNotExist(PactDslWithProvider builder) {
        return errorPact(builder, "deleteDbInstanceThatDoesNotExist");
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact getMigrationStateOfAnInstanceThatDoesNotExist(PactDslWithProvider builder) {
        return errorPact(builder, "getMigrationStateOfAnInstanceThatDoesNotExist");
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact getMigrationStateWithARevokedKey(PactDslWithProvider builder) {
        return errorPact(builder, "getMigrationStateWithARevokedKey");
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact getMigrationStateWithoutViewPermission(PactDslWithProvider builder) {
        return errorPact(builder, "getMigrationStateWithoutViewPermission");
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact getMigrationStateOfASchemaThatDoesNotExist(PactDslWithProvider builder) {
        return errorPact(builder, "getMigrationStateOfASchemaThatDoesNotExist");
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact getProjectOverviewRefusedAsABadRequest(PactDslWithProvider builder) {
        return errorPact(builder, "getProjectOverviewRefusedAsABadRequest");
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact getProjectOverviewWithARevokedKey(PactDslWithProvider builder) {
        return errorPact(builder, "getProjectOverviewWithARevokedKey");
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact getProjectOverviewWithoutViewPermission(PactDslWithProvider builder) {
        return errorPact(builder, "getProjectOverviewWithoutViewPermission");
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact getProjectOverviewOfAProjectThatDoesNotExist(PactDslWithProvider builder) {
        return errorPact(builder, "getProjectOverviewOfAProjectThatDoesNotExist");
    }

    @Test
    @PactTestFor(pactMethod = "createDbInstanceWithAnUnknownConnector")
    void createDbInstanceWithAnUnknownConnector(MockServer server) {
        failsWith(server, "createDbInstanceWithAnUnknownConnector", BadRequestException.class);
    }

    @Test
    @PactTestFor(pactMethod = "listDbSchemasWithARevokedKey")
    void listDbSchemasWithARevokedKey(MockServer server) {
        failsWith(server, "listDbSchemasWithARevokedKey", UnauthorizedException.class);
    }

    @Test
    @PactTestFor(pactMethod = "updateDbSchemaWithoutEditPermission")
    void updateDbSchemaWithoutEditPermission(MockServer server) {
        failsWith(server, "updateDbSchemaWithoutEditPermission", ForbiddenException.class);
    }

    @Test
    @PactTestFor(pactMethod = "getDbSchemaThatDoesNotExist")
    void getDbSchemaThatDoesNotExist(MockServer server) {
        failsWith(server, "getDbSchemaThatDoesNotExist", NotFoundException.class);
    }

    @Test
    @PactTestFor(pactMethod = "deleteDbInstanceThatDoesNotExist")
    void deleteDbInstanceThatDoesNotExist(MockServer server) {
        failsWith(server, "deleteDbInstanceThatDoesNotExist", NotFoundException.class);
    }

    @Test
    @PactTestFor(pactMethod = "getMigrationStateOfAnInstanceThatDoesNotExist")
    void getMigrationStateOfAnInstanceThatDoesNotExist(MockServer server) {
        failsWith(server, "getMigrationStateOfAnInstanceThatDoesNotExist", BadRequestException.class);
    }

    @Test
    @PactTestFor(pactMethod = "getMigrationStateWithARevokedKey")
    void getMigrationStateWithARevokedKey(MockServer server) {
        failsWith(server, "getMigrationStateWithARevokedKey", UnauthorizedException.class);
    }

    @Test
    @PactTestFor(pactMethod = "getMigrationStateWithoutViewPermission")
    void getMigrationStateWithoutViewPermission(MockServer server) {
        failsWith(server, "getMigrationStateWithoutViewPermission", ForbiddenException.class);
    }

    @Test
    @PactTestFor(pactMethod = "getMigrationStateOfASchemaThatDoesNotExist")
    void getMigrationStateOfASchemaThatDoesNotExist(MockServer server) {
        failsWith(server, "getMigrationStateOfASchemaThatDoesNotExist", NotFoundException.class);
    }

    @Test
    @PactTestFor(pactMethod = "getProjectOverviewRefusedAsABadRequest")
    void getProjectOverviewRefusedAsABadRequest(MockServer server) {
        failsWith(server, "getProjectOverviewRefusedAsABadRequest", BadRequestException.class);
    }

    @Test
    @PactTestFor(pactMethod = "getProjectOverviewWithARevokedKey")
    void getProjectOverviewWithARevokedKey(MockServer server) {
        failsWith(server, "getProjectOverviewWithARevokedKey", UnauthorizedException.class);
    }

    @Test
    @PactTestFor(pactMethod = "getProjectOverviewWithoutViewPermission")
    void getProjectOverviewWithoutViewPermission(MockServer server) {
        failsWith(server, "getProjectOverviewWithoutViewPermission", ForbiddenException.class);
    }

    @Test
    @PactTestFor(pactMethod = "getProjectOverviewOfAProjectThatDoesNotExist")
    void getProjectOverviewOfAProjectThatDoesNotExist(MockServer server) {
        failsWith(server, "getProjectOverviewOfAProjectThatDoesNotExist", NotFoundException.class);
    }

    private static RequestResponsePact errorPact(PactDslWithProvider builder, String name) {
        return pact(builder, List.of(ERRORS.get(name)));
    }

    private static void failsWith(MockServer server, String name, Class<? extends DbOpsApiException> expected) {
        Interaction interaction = ERRORS.get(name);
        HarnessDbOps client = Contract.client(server.getUrl()).apiKey(interaction.apiKey()).build();

        DbOpsApiException e = catchThrowableOfType(DbOpsApiException.class,
                () -> FluentDriver.prepare(client, interaction.scenario()).get());

        assertThat(e).isInstanceOf(expected);
        assertThat(e.status()).isEqualTo(interaction.status());
        assertThat(e.serverMessage()).isEqualTo(interaction.body().path("message").asText());
        assertThat(e.attempts()).isEqualTo(1);
    }

    static Path pactDirectory() {
        return Path.of(System.getProperty("pact.rootDir", "target/pacts"));
    }
}

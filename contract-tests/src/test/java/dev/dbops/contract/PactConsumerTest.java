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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.dbops.contract.Contract.CONSUMER;
import static dev.dbops.contract.Contract.SPEC;
import static dev.dbops.contract.PactInteractions.documented;
import static dev.dbops.contract.PactInteractions.error;
import static dev.dbops.contract.PactInteractions.pact;
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

    private static void sendsTheDocumentedRequestsAndReadsTheAnswers(MockServer server, String operation) {
        List<PactInteractions.Interaction> interactions = documented(SPEC.operation(operation));
        assertThat(interactions).as(operation + " interactions").isNotEmpty();
        HarnessDbOps client = Contract.client(server.getUrl()).build();
        for (PactInteractions.Interaction interaction : interactions) {
            FluentDriver.Result result = FluentDriver.prepare(client, interaction.scenario()).get();
            assertThat(result.status()).as(interaction.description()).isEqualTo(interaction.status());
            // What the mock served: the example, or for a page, items like the example's.
            assertThat(result.body()).as(interaction.description())
                    .isEqualTo(interaction.body() == null ? null : PactBodies.served(interaction.body()));
            if (interaction.body() != null && interaction.body().isArray()) {
                assertThat(result.totalElements()).hasValue(interaction.body().size());
            }
        }
    }

    // ---- Documented error responses ----

    @Pact(consumer = CONSUMER)
    RequestResponsePact createDbInstanceWithAnUnknownConnector(PactDslWithProvider builder) {
        return pact(builder, List.of(error(SPEC.operation("createDbInstance"), 400, Contract.API_KEY,
                "schema my_db_schema exists", "connector pg does not exist")));
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact listDbSchemasWithARevokedKey(PactDslWithProvider builder) {
        return pact(builder, List.of(error(SPEC.operation("listDbSchemas"), 401, REVOKED_KEY,
                "API key " + REVOKED_KEY + " is not valid")));
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact updateDbSchemaWithoutEditPermission(PactDslWithProvider builder) {
        return pact(builder, List.of(error(SPEC.operation("updateDbSchema"), 403, Contract.API_KEY,
                "schema my_db_schema exists", "the API key may not edit database schemas")));
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact getDbSchemaThatDoesNotExist(PactDslWithProvider builder) {
        return pact(builder, List.of(error(SPEC.operation("getDbSchema"), 404, Contract.API_KEY,
                "schema my_db_schema does not exist")));
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact deleteDbInstanceThatDoesNotExist(PactDslWithProvider builder) {
        return pact(builder, List.of(error(SPEC.operation("deleteDbInstance"), 404, Contract.API_KEY,
                "schema my_db_schema exists", "instance my_db_instance of schema my_db_schema does not exist")));
    }

    @Test
    @PactTestFor(pactMethod = "createDbInstanceWithAnUnknownConnector")
    void createDbInstanceWithAnUnknownConnector(MockServer server) {
        failsWith(server, "createDbInstance", 400, Contract.API_KEY, BadRequestException.class);
    }

    @Test
    @PactTestFor(pactMethod = "listDbSchemasWithARevokedKey")
    void listDbSchemasWithARevokedKey(MockServer server) {
        failsWith(server, "listDbSchemas", 401, REVOKED_KEY, UnauthorizedException.class);
    }

    @Test
    @PactTestFor(pactMethod = "updateDbSchemaWithoutEditPermission")
    void updateDbSchemaWithoutEditPermission(MockServer server) {
        failsWith(server, "updateDbSchema", 403, Contract.API_KEY, ForbiddenException.class);
    }

    @Test
    @PactTestFor(pactMethod = "getDbSchemaThatDoesNotExist")
    void getDbSchemaThatDoesNotExist(MockServer server) {
        failsWith(server, "getDbSchema", 404, Contract.API_KEY, NotFoundException.class);
    }

    @Test
    @PactTestFor(pactMethod = "deleteDbInstanceThatDoesNotExist")
    void deleteDbInstanceThatDoesNotExist(MockServer server) {
        failsWith(server, "deleteDbInstance", 404, Contract.API_KEY, NotFoundException.class);
    }

    private static void failsWith(MockServer server, String operation, int status, String apiKey,
                                  Class<? extends DbOpsApiException> expected) {
        PactInteractions.Interaction interaction = error(SPEC.operation(operation), status, apiKey);
        HarnessDbOps client = Contract.client(server.getUrl()).apiKey(apiKey).build();

        DbOpsApiException e = catchThrowableOfType(DbOpsApiException.class,
                () -> FluentDriver.prepare(client, interaction.scenario()).get());

        assertThat(e).isInstanceOf(expected);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.serverMessage()).isEqualTo(interaction.body().path("message").asText());
        assertThat(e.attempts()).isEqualTo(1);
    }

    static Path pactDirectory() {
        return Path.of(System.getProperty("pact.rootDir", "target/pacts"));
    }
}

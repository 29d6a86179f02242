package dev.dbops.contract;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.model.DbInstanceCreate;
import dev.dbops.sdk.model.DbSchemaCreate;
import dev.dbops.sdk.model.MigrationStatus;
import dev.dbops.sdk.testkit.ChangeSet;
import dev.dbops.sdk.testkit.DbOpsStandIn;
import dev.dbops.sdk.testkit.Deployment;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The stateful stand-in verified against the consumer pact that {@link PactConsumerTest} writes:
 * pact-jvm's provider verification replays every interaction on the stand-in and checks its
 * answers against the pact's matchers. So users can trust that the stand-in answers as the
 * contract says; and a provider team verifying our pact has a worked example of every provider
 * state, set up here only through the test kit's public API (and the SDK's client).
 *
 * <p>Runs in failsafe's integration-test phase, after the consumer tests of the test phase wrote
 * {@code target/pacts/dbops-java-harness-dbops.json}; an interaction the stand-in answers wrongly
 * fails the build.
 *
 * <p>The pact's requests carry the contract's placeholder key; a real provider refuses it, and so
 * does the stand-in here: the request filter swaps it for a working key, as a provider team's
 * filter swaps in a real one.
 */
@Provider(Contract.PROVIDER)
@PactFolder("${pact.rootDir}")
class StandInHonoursThePactIT {

    static DbOpsStandIn standIn;
    /** A client in the pact's account, for setting up what exists. */
    static HarnessDbOps setUp;

    @BeforeAll
    static void start() {
        standIn = DbOpsStandIn.stateful().start();
        setUp = standIn.clientBuilder().accountId(Contract.ACCOUNT_ID).build();
    }

    @AfterAll
    static void stop() {
        standIn.stop();
    }

    @BeforeEach
    void target(PactVerificationContext context) {
        standIn.reset();
        // The placeholder key in the pact is no key at all: without the filter below, every call fails.
        standIn.revokeApiKey(Contract.API_KEY);
        URI base = URI.create(standIn.baseUrl());
        context.setTarget(new HttpTestTarget(base.getHost(), base.getPort(), "/"));
    }

    @TestTemplate
    @ExtendWith(PactVerificationInvocationContextProvider.class)
    void theStandInAnswersAsThePactSays(PactVerificationContext context, HttpRequest request) {
        Header key = request.getFirstHeader("x-api-key");
        if (key != null && key.getValue().equals(Contract.API_KEY)) {
            request.setHeader("x-api-key", DbOpsStandIn.API_KEY);
        }
        context.verifyInteraction();
    }

    private static Project project() {
        return setUp.project(Scenario.ORG, Scenario.PROJECT);
    }

    // ---- What exists ----

    /** Creates the schema the parameters describe (a create body), with the SDK. */
    @State({"schema my_db_schema exists", "schema orders_schema exists"})
    void schemaExists(Map<String, Object> params) {
        project().schemas().create(Contract.MAPPER.convertValue(params.get("schema"), DbSchemaCreate.class)).execute();
    }

    /** Creates the instance the parameters describe, bound to their schema. */
    @State({"instance my_db_instance of schema my_db_schema exists",
            "instance customer_db_instance of schema my_db_schema exists"})
    void instanceExists(Map<String, Object> params) {
        project().schema((String) params.get("schema")).instances()
                .create(Contract.MAPPER.convertValue(params.get("instance"), DbInstanceCreate.class)).execute();
    }

    /** A changeset deployed on the instance with the tag, so that the instance shows it as its last applied one. */
    @State("tag v1.4.0 is deployed on instance my_db_instance of schema my_db_schema")
    void tagDeployed(Map<String, Object> params) {
        String schema = (String) params.get("schema");
        String instance = (String) params.get("instance");
        String tag = (String) params.get("tag");
        String changeSet = "release_" + tag + "_on_" + instance;
        standIn.changeSets(schema, ChangeSet.of(changeSet, "changelog.yaml", "provider_state"));
        standIn.deploy(Deployment.of(schema, instance, changeSet, MigrationStatus.SUCCESSFULLY_DEPLOYED).tag(tag));
    }

    /**
     * The parameters are a migration state page: its changesets are registered in order, and each
     * instance's entry that is not Not_Deployed is recorded as a deployment with all it shows.
     */
    @State("the changesets of schema my_db_schema stand on its instances as the parameters say")
    void migrationState(Map<String, Object> params) {
        JsonNode page = Contract.MAPPER.valueToTree(params.get("migrationState"));
        String schema = page.path("schema").asText();
        for (JsonNode changeSet : page.path("changeSets")) {
            String id = changeSet.path("changeSet").asText();
            standIn.changeSets(schema, ChangeSet.of(id, changeSet.path("fileName").asText(null),
                    changeSet.path("author").asText(null)));
            for (JsonNode state : changeSet.path("instances")) {
                String status = state.path("status").asText();
                if (status.equals(MigrationStatus.NOT_DEPLOYED.getValue())) {
                    continue;
                }
                Deployment deployment = Deployment.withStatus(schema, state.path("instance").asText(), id, status);
                if (state.has("updated")) {
                    deployment.at(Instant.ofEpochSecond(state.path("updated").asLong()));
                }
                deployment.tag(state.path("tag").asText(null)).pipeline(state.path("pipeline").asText(null))
                        .planExecutionId(state.path("planExecutionId").asText(null))
                        .stageExecutionId(state.path("stageExecutionId").asText(null))
                        .error(state.path("error").asText(null));
                standIn.deploy(deployment);
            }
        }
    }

    // ---- What does not exist: the stand-in starts each interaction empty ----

    @State({"schema my_db_schema does not exist",
            "instance my_db_instance of schema my_db_schema does not exist",
            "instance customer_db_instance of schema my_db_schema does not exist"})
    void nothingToCreate() {
    }

    // ---- Conditions the stand-in does not model: it answers the documented error ----

    @State("API key pat.revoked.0123456789 is not valid")
    void revokedKey() {
        standIn.revokeApiKey(PactConsumerTest.REVOKED_KEY);
    }

    @State("connector pg does not exist")
    void unknownConnector() {
        standIn.respondWith("createDbInstance", 400);
    }

    @State("the API key may not edit database schemas")
    void mayNotEdit() {
        standIn.respondWith("updateDbSchema", 403);
    }

    /** Every read of schemas, instances and their state is refused. */
    @State("the API key may not view database schemas")
    void mayNotView() {
        for (String read : List.of("listDbSchemas", "getDbSchema", "listDbInstances", "getDbInstance",
                "getMigrationState", "getProjectOverview")) {
            standIn.respondWith(read, 403);
        }
    }

    @State("the service refuses the overview of project default_project as a bad request")
    void overviewRefused() {
        standIn.respondWith("getProjectOverview", 400);
    }

    /** The stand-in has every project; this one answers as a missing one would. */
    @State("project default_project of organization default does not exist")
    void noSuchProject() {
        standIn.respondWith("getProjectOverview", 404);
    }
}

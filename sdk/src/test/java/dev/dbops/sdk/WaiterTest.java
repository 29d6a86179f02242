package dev.dbops.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dbops.sdk.model.ChangeSetState;
import dev.dbops.sdk.model.MigrationStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.dbops.sdk.Fixtures.SCHEMA;
import static dev.dbops.sdk.Fixtures.firstThen;
import static dev.dbops.sdk.Fixtures.journal;
import static dev.dbops.sdk.Fixtures.project;
import static dev.dbops.sdk.MigrationStateTest.documentedStatuses;
import static dev.dbops.sdk.MigrationStateTest.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The deployment waiter on the document's migration-state story: success after polls, fail-fast on
 * a failed or rolled-back deployment, timeout with what it saw last, interruption. Time is fake:
 * every wait between polls is recorded and advances the clock, nothing really waits.
 */
class WaiterTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wireMock();

    private final FakeTime time = new FakeTime();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    /** The one-instance page with one changeset's status on the instance set to this. */
    private static JsonNode withStatus(String example, String instance, String changeSet, String status) {
        ObjectNode body = SpecExamples.node(example).deepCopy();
        for (JsonNode c : body.path("changeSets")) {
            if (c.path("changeSet").asText().equals(changeSet)) {
                for (JsonNode s : c.path("instances")) {
                    if (s.path("instance").asText().equals(instance)) {
                        ((ObjectNode) s).put("status", status);
                    }
                }
            }
        }
        return body;
    }

    private static String firstWith(String example, String instance, String status) {
        return documentedStatuses(example, instance).entrySet().stream().filter(e -> e.getValue().equals(status))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError(example + " has no " + status));
    }

    private InstanceRef instance(String identifier) {
        return project(time.client(wm).build()).schema(SCHEMA).instance(identifier);
    }

    @Test
    void returnsTheDeployedStateOnceThePollSeesIt() {
        String example = "MigrationStateOneInstancePage";
        String changeSet = firstWith(example, "my_db_instance", "Not_Deployed");
        firstThen(wm, Op.GET_MIGRATION_STATE.stub().willReturn(page(SpecExamples.node(example))),
                Op.GET_MIGRATION_STATE.stub().willReturn(page(withStatus(example, "my_db_instance", changeSet,
                        "Successfully_Deployed"))));

        DbOpsResponse<ChangeSetState> done = instance("my_db_instance").waitUntilDeployed(changeSet).executeWithResponse();

        assertThat(done.body().getChangeSet()).isEqualTo(changeSet);
        assertThat(done.body().getInstances()).singleElement()
                .satisfies(s -> assertThat(s.getStatus()).isEqualTo(MigrationStatus.SUCCESSFULLY_DEPLOYED));
        assertThat(done.attempts()).as("polls").isEqualTo(2);
        assertThat(time.sleeps).containsExactly(DeploymentWaiter.DEFAULT_POLL_INTERVAL);
        assertThat(journal(wm)).allSatisfy(r -> assertThat(r.getBodyAsString()).contains("my_db_instance"));
    }

    @Test
    void aFailedDeploymentEndsTheWaitAtOnceWithTheServicesError() {
        String example = "MigrationStateOneInstancePage";
        String changeSet = firstWith(example, "my_db_instance", "Deployment_Failed");
        wm.stubFor(Op.GET_MIGRATION_STATE.stub().willReturn(page(SpecExamples.node(example))));

        DeploymentFailedException e = catchThrowableOfType(DeploymentFailedException.class,
                () -> instance("my_db_instance").waitUntilDeployed(changeSet).execute());

        assertThat(e.changeSet()).isEqualTo(changeSet);
        assertThat(e.instance()).isEqualTo("my_db_instance");
        assertThat(e.status()).isEqualTo(MigrationStatus.DEPLOYMENT_FAILED);
        assertThat(e.error()).contains(SpecExamples.node(example).findValues("error").get(0).asText());
        assertThat(e.getMessage()).contains(changeSet).contains("my_db_instance").contains("Deployment_Failed")
                .contains("contains null values").doesNotContain("\n");
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void aRolledBackDeploymentEndsTheWaitToo() {
        String example = "MigrationStatePage";
        String changeSet = firstWith(example, "customer_db_instance", "Rolled_Back");
        wm.stubFor(Op.GET_MIGRATION_STATE.stub().willReturn(page(SpecExamples.node(example))));

        DeploymentFailedException e = catchThrowableOfType(DeploymentFailedException.class,
                () -> instance("customer_db_instance").waitUntilDeployed(changeSet).execute());

        assertThat(e.status()).isEqualTo(MigrationStatus.ROLLED_BACK);
        assertThat(e.state().getChangeSet()).isEqualTo(changeSet);
    }

    @Test
    void timesOutWithWhatItSawLastAfterPollingWithAGrowingInterval() {
        String example = "MigrationStateOneInstancePage";
        String changeSet = firstWith(example, "my_db_instance", "Not_Deployed");
        wm.stubFor(Op.GET_MIGRATION_STATE.stub().willReturn(page(SpecExamples.node(example))));

        DeploymentTimeoutException e = catchThrowableOfType(DeploymentTimeoutException.class,
                () -> instance("my_db_instance").waitUntilDeployed(changeSet).within(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofSeconds(2)).maxPollInterval(Duration.ofSeconds(5)).execute());

        // 2, 4, then capped at 5; the last wait is cut to the deadline, and one last poll is made there.
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(4));
        assertThat(e.attempts()).as("polls").isEqualTo(6);
        assertThat(journal(wm)).hasSize(6);
        assertThat(e.waited()).isEqualTo(Duration.ofSeconds(20));
        assertThat(e.getMessage()).contains(changeSet).contains("my_db_instance").contains("Not_Deployed").contains("20 s");
        assertThat(e.lastSeen()).extracting(ChangeSetState::getChangeSet).containsExactly(changeSet);
        assertThat(e).isInstanceOf(DbOpsTimeoutException.class);
    }

    @Test
    void aChangesetTheSchemaDoesNotHaveYetIsWaitedFor() {
        wm.stubFor(Op.GET_MIGRATION_STATE.stub().willReturn(page(SpecExamples.node("MigrationStateOneInstancePage"))));

        DeploymentTimeoutException e = catchThrowableOfType(DeploymentTimeoutException.class,
                () -> instance("my_db_instance").waitUntilDeployed("not_yet_merged").within(Duration.ofSeconds(3)).execute());

        assertThat(e).hasMessageContaining("not_yet_merged (not a changeset of the schema yet)");
    }

    @Test
    void anInterruptEndsTheWaitAndKeepsTheThreadInterrupted() {
        wm.stubFor(Op.GET_MIGRATION_STATE.stub().willReturn(page(SpecExamples.node("MigrationStateOneInstancePage"))));
        String changeSet = firstWith("MigrationStateOneInstancePage", "my_db_instance", "Not_Deployed");
        HarnessDbOps client = Fixtures.builder(wm).clock(time).sleeper(d -> {
            throw new InterruptedException("shutdown");
        }).build();

        DbOpsConnectionException e = catchThrowableOfType(DbOpsConnectionException.class,
                () -> project(client).schema(SCHEMA).instance("my_db_instance").waitUntilDeployed(changeSet).execute());

        assertThat(e).hasMessageContaining("interrupted");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void waitsForEveryChangesetOfTheSchema() {
        String example = "MigrationStateOneInstancePage";
        ObjectNode allDeployed = SpecExamples.node(example).deepCopy();
        allDeployed.findParents("status").forEach(s -> ((ObjectNode) s).put("status", "Successfully_Deployed"));
        ObjectNode oneStillPending = allDeployed.deepCopy();
        ((ObjectNode) oneStillPending.findParents("status").get(0)).put("status", "Not_Deployed");
        firstThen(wm, Op.GET_MIGRATION_STATE.stub().willReturn(page(oneStillPending)),
                Op.GET_MIGRATION_STATE.stub().willReturn(page(allDeployed)));

        List<ChangeSetState> all = instance("my_db_instance").waitUntilAllDeployed().execute();

        assertThat(all).extracting(ChangeSetState::getChangeSet)
                .containsExactlyElementsOf(SpecExamples.node(example).findValuesAsText("changeSet"));
        assertThat(time.sleeps).hasSize(1);
    }

    @Test
    void eachPollIsACallWithTheClientsRetries() {
        String example = "MigrationStateOneInstancePage";
        String changeSet = firstWith(example, "my_db_instance", "Successfully_Deployed");
        firstThen(wm, Op.GET_MIGRATION_STATE.stub().willReturn(com.github.tomakehurst.wiremock.client.WireMock.status(503)),
                Op.GET_MIGRATION_STATE.stub().willReturn(page(SpecExamples.node(example))));

        ChangeSetState deployed = instance("my_db_instance").waitUntilDeployed(changeSet).execute();

        assertThat(deployed.getChangeSet()).isEqualTo(changeSet);
        assertThat(journal(wm)).hasSize(2);
    }
}

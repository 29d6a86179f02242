package dev.dbops.sdk.testkit;

import dev.dbops.sdk.DeploymentFailedException;
import dev.dbops.sdk.DeploymentTimeoutException;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.InstanceRef;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.Sleeper;
import dev.dbops.sdk.model.ChangeSetInstanceState;
import dev.dbops.sdk.model.ChangeSetState;
import dev.dbops.sdk.model.MigrationStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.dbops.sdk.model.MigrationStatus.DEPLOYMENT_FAILED;
import static dev.dbops.sdk.model.MigrationStatus.SUCCESSFULLY_DEPLOYED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What the stand-in's migration state is for: testing code that waits for a deployment. The test
 * plays the pipeline (deploying between the waiter's polls, or from another thread while it
 * polls) and the SDK's waiter sees it, with a test clock and sleeper instead of real waits.
 */
class WaitingForADeploymentTest {

    static final MutableClock CLOCK = MutableClock.at(Instant.parse("2025-10-22T08:00:00Z"));

    @RegisterExtension
    static DbOpsStandInExtension extension = DbOpsStandInExtension.stateful().withClock(CLOCK);

    DbOpsStandIn standIn;
    /** What the client's sleeper was asked to wait, in order. */
    final List<Duration> waits = new ArrayList<>();
    /** Runs at each of the waiter's waits, before the clock moves on. */
    Runnable atEachWait = () -> { };

    @BeforeEach
    void release(DbOpsStandIn standIn) {
        this.standIn = standIn;
        Project project = standIn.client().project("default", "default_project");
        project.schemas().create("orders").name("Orders").changelog(c -> c.connector("git").location("c.yaml")).execute();
        project.schema("orders").instances().create("prod").name("Production").connector("pg").branch("main").execute();
        standIn.changeSets("orders", ChangeSet.of("create_orders", "c.yaml", "ana"), ChangeSet.of("add_status", "c.yaml", "ana"));
    }

    /** A client whose waits move the test clock instead of the wall clock, running {@link #atEachWait} first. */
    private InstanceRef prod(Sleeper sleeper) {
        HarnessDbOps client = standIn.clientBuilder().clock(CLOCK).sleeper(sleeper).build();
        return client.project("default", "default_project").schema("orders").instance("prod");
    }

    private InstanceRef prod() {
        return prod(wait -> {
            waits.add(wait);
            atEachWait.run();
            CLOCK.advance(wait);
        });
    }

    @Test
    void aDeploymentBetweenTwoPollsEndsTheWait() {
        AtomicInteger waited = new AtomicInteger();
        atEachWait = () -> {
            if (waited.incrementAndGet() == 2) {
                standIn.deploy(Deployment.of("orders", "prod", "add_status", SUCCESSFULLY_DEPLOYED).tag("v2"));
            }
        };

        ChangeSetState deployed = prod().waitUntilDeployed("add_status").within(Duration.ofMinutes(5)).execute();

        assertThat(deployed.getChangeSet()).isEqualTo("add_status");
        assertThat(deployed.getInstances()).singleElement().extracting(ChangeSetInstanceState::getTag).isEqualTo("v2");
        assertThat(standIn.requestCounts()).containsEntry("getMigrationState", 3L);
        assertThat(waits).as("the waiter's backoff, on the test clock").containsExactly(
                Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    /** The pipeline runs on its own thread; deploying while clients poll is safe. */
    @Test
    void aDeploymentFromAnotherThreadWhileTheWaiterPolls() throws Exception {
        CountDownLatch deployed = new CountDownLatch(1);
        CompletableFuture<Void> pipeline = CompletableFuture.runAsync(() -> {
            awaitFirstPoll();
            standIn.deploy("orders", "prod", "create_orders", SUCCESSFULLY_DEPLOYED);
            deployed.countDown();
        });
        // The waiter's pause lasts until the pipeline has deployed (bounded), not a wall-clock interval.
        InstanceRef prod = prod(wait -> {
            assertThat(deployed.await(10, TimeUnit.SECONDS)).as("the pipeline deployed").isTrue();
            CLOCK.advance(wait);
        });

        ChangeSetState state = prod.waitUntilDeployed("create_orders").within(Duration.ofMinutes(5)).execute();

        pipeline.get(10, TimeUnit.SECONDS);
        assertThat(state.getInstances().get(0).getStatus()).isEqualTo(SUCCESSFULLY_DEPLOYED);
        assertThat(standIn.requestCounts()).containsEntry("getMigrationState", 2L);
    }

    /** Until the first poll has been answered (WireMock journals a request once its answer is sent). */
    private void awaitFirstPoll() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (standIn.requests().stream().noneMatch(r -> r.getUrl().contains("/migrationstate"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the waiter never polled");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void aFailedDeploymentEndsTheWaitWithTheServicesError() {
        atEachWait = () -> standIn.deploy("orders", "prod", "add_status", DEPLOYMENT_FAILED, "ERROR: column \"status\" contains null values");

        DeploymentFailedException e = catchThrowableOfType(DeploymentFailedException.class,
                () -> prod().waitUntilDeployed("add_status").execute());

        assertThat(e.changeSet()).isEqualTo("add_status");
        assertThat(e.instance()).isEqualTo("prod");
        assertThat(e.status()).isEqualTo(DEPLOYMENT_FAILED);
        assertThat(e.error()).contains("ERROR: column \"status\" contains null values");
        assertThat(e.getMessage()).contains("add_status", "prod", "Deployment_Failed", "contains null values");
    }

    @Test
    void aRollbackEndsTheWaitToo() {
        standIn.deploy("orders", "prod", "create_orders", SUCCESSFULLY_DEPLOYED);
        standIn.rollback("orders", "prod", "create_orders");

        DeploymentFailedException e = catchThrowableOfType(DeploymentFailedException.class,
                () -> prod().waitUntilDeployed("create_orders").execute());

        assertThat(e.status()).isEqualTo(MigrationStatus.ROLLED_BACK);
        assertThat(waits).as("no point waiting").isEmpty();
    }

    @Test
    void aDeploymentThatNeverComesTimesOutSayingWhatItSawLast() {
        standIn.deploy("orders", "prod", "create_orders", SUCCESSFULLY_DEPLOYED);

        DeploymentTimeoutException e = catchThrowableOfType(DeploymentTimeoutException.class,
                () -> prod().waitUntilAllDeployed().within(Duration.ofMinutes(1)).execute());

        assertThat(e.getMessage()).contains("add_status", "Not_Deployed");
        assertThat(e.lastSeen()).extracting(ChangeSetState::getChangeSet).containsExactly("create_orders", "add_status");
        assertThat(e.waited()).isEqualTo(Duration.ofMinutes(1));
        assertThat(waits.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void everyChangesetDeployedEndsTheWaitForAll() {
        atEachWait = () -> {
            standIn.deploy("orders", "prod", "create_orders", SUCCESSFULLY_DEPLOYED);
            standIn.deploy("orders", "prod", "add_status", SUCCESSFULLY_DEPLOYED);
        };

        List<ChangeSetState> all = prod().waitUntilAllDeployed().execute();

        assertThat(all).extracting(ChangeSetState::getChangeSet).containsExactly("create_orders", "add_status");
        assertThat(waits).hasSize(1);
    }
}

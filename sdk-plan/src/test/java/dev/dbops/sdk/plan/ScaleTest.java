package dev.dbops.sdk.plan;

import dev.dbops.sdk.CallContext;
import dev.dbops.sdk.DbOpsInterceptor;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.Operation;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.plan.ResourceChange.Action;
import dev.dbops.sdk.testkit.DbOpsStandIn;
import dev.dbops.sdk.testkit.DbOpsStandInExtension;
import dev.dbops.sdk.testkit.Fault;
import dev.dbops.sdk.testkit.NetworkConditions;
import dev.dbops.sdk.testkit.ReceivedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Plans by lists, applies in parallel in dependency order, isolates failures: counted on the stand-in. */
class ScaleTest {

    @RegisterExtension
    static DbOpsStandInExtension standIn = DbOpsStandInExtension.stateful();

    @AfterEach
    void calmNetwork() {
        standIn.standIn().network(NetworkConditions.NONE);
    }

    static Project project(HarnessDbOps dbops) {
        return dbops.project("default", "default_project");
    }

    /** {@code sizes[i]} instances in schema {@code s<i>}, each with a branch. */
    static DesiredState fleet(Project project, int... sizes) {
        DesiredState.Builder builder = DesiredState.builder(project);
        for (int s = 0; s < sizes.length; s++) {
            String schema = "s" + s;
            builder.schema(schema, c -> c.name(schema).changelog(l -> l.connector("git").location(schema + ".yaml")));
            for (int i = 0; i < sizes[s]; i++) {
                builder.instance(schema, schema + "_db" + i, c -> c.name("db").branch("main").connector("pg"));
            }
        }
        return builder.build();
    }

    @Test
    void aPlanWithNothingToChangeCostsOneRequestPerSchemaPlusOnePerHundredInstances() {
        HarnessDbOps dbops = standIn.client();
        DesiredState desired = fleet(project(dbops), 1, 100, 101, 250);
        try (Provisioner provisioner = Provisioner.using(dbops)) {
            assertThat(provisioner.apply(provisioner.plan(desired)).succeeded()).isTrue();
            long before = standIn.standIn().received().size();

            Plan plan = provisioner.plan(desired);

            assertThat(plan.hasChanges()).isFalse();
            assertThat(plan.changes()).hasSize(4 + 452);
            List<String> sent = standIn.standIn().received().stream().skip(before).map(ReceivedRequest::operationId).toList();
            // One page of schemas; instances 1 + 1 + 2 + 3 pages of 100: 8 requests for 456 resources.
            assertThat(sent).hasSize(8).containsOnly("listDbSchemas", "listDbInstances");
            assertThat(sent.stream().filter("listDbSchemas"::equals)).hasSize(1);
        }
    }

    @Test
    void aDeclaredSchemaBeyondTheFirstPageIsFoundWithOneGetWhenThatIsCheaperThanListing() {
        HarnessDbOps dbops = standIn.client();
        Project project = project(dbops);
        for (int s = 0; s < 250; s++) {
            project.schemas().create("p" + s).name("p" + s).changelog(c -> c.connector("git").location("db.yaml")).execute();
        }
        DesiredState existing = DesiredState.builder(project)
                .schema("p249", c -> c.name("p249").changelog(l -> l.connector("git").location("db.yaml"))).build();
        DesiredState absent = DesiredState.builder(project)
                .schema("absent", c -> c.name("absent").changelog(l -> l.connector("git").location("db.yaml"))).build();
        try (Provisioner provisioner = Provisioner.using(dbops)) {
            long before = standIn.standIn().received().size();
            assertThat(provisioner.plan(existing).hasChanges()).isFalse();
            // Page 0 holds p0..p99; the two pages after it would cost more than one GET.
            assertThat(standIn.standIn().received().stream().skip(before).map(ReceivedRequest::operationId))
                    .containsExactly("listDbSchemas", "getDbSchema", "listDbInstances");

            before = standIn.standIn().received().size();
            assertThat(provisioner.plan(absent).actions()).extracting(ResourceChange::id, ResourceChange::action)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("absent", Action.CREATE));
            assertThat(standIn.standIn().received().stream().skip(before).map(ReceivedRequest::operationId))
                    .as("a 404 says it is absent").containsExactly("listDbSchemas", "getDbSchema");
        }
    }

    @Test
    void applyRunsUpToParallelismRequestsAtOnceAndNoMore() {
        InFlight inFlight = new InFlight(4);
        HarnessDbOps dbops = standIn.standIn().clientBuilder().interceptor(inFlight).build();
        try (Provisioner provisioner = Provisioner.builder(dbops).parallelism(4).build()) {
            ApplyResult result = provisioner.apply(provisioner.plan(fleet(project(dbops), 0, 0, 0, 0, 0, 0, 0, 0)));

            assertThat(result.succeeded()).isTrue();
            assertThat(inFlight.barrierTrips.get()).as("four creates met at the barrier, twice").isEqualTo(2);
            assertThat(inFlight.max.get()).isEqualTo(4);
        } finally {
            dbops.close();
        }
    }

    @Test
    void parallelismOneSendsOneRequestAtATime() {
        InFlight inFlight = new InFlight(0);
        HarnessDbOps dbops = standIn.standIn().clientBuilder().interceptor(inFlight).build();
        standIn.standIn().network(n -> n.latency(Duration.ofMillis(2)));
        try (Provisioner provisioner = Provisioner.builder(dbops).parallelism(1).build()) {
            assertThat(provisioner.apply(provisioner.plan(fleet(project(dbops), 3, 3))).succeeded()).isTrue();
            assertThat(inFlight.max.get()).isEqualTo(1);
        } finally {
            dbops.close();
        }
    }

    @Test
    void aSchemaIsCreatedBeforeItsInstancesAndDeletedAfterThem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        HarnessDbOps dbops = standIn.client();
        standIn.standIn().network(n -> n.latency(Duration.ZERO, Duration.ofMillis(6)).seed(7));
        DesiredState desired = fleet(project(dbops), 4, 4, 4).withManagedResourcesFile(dir.resolve("fleet.managed.json"));
        try (Provisioner provisioner = Provisioner.using(dbops)) {
            assertThat(provisioner.apply(provisioner.plan(desired)).succeeded()).isTrue();
            List<ReceivedRequest> creates = standIn.standIn().received();
            for (int i = 0; i < creates.size(); i++) {
                ReceivedRequest r = creates.get(i);
                if (r.operationId().equals("createDbInstance")) {
                    String schema = r.url().split("/")[7];
                    assertThat(creates.subList(0, i)).as("%s sent after its schema was created", r.url())
                            .anyMatch(c -> c.operationId().equals("createDbSchema") && c.body().contains("\"" + schema + "\""));
                }
            }

            long before = standIn.standIn().received().size();
            DesiredState empty = DesiredState.builder(project(dbops)).managedResources(dir.resolve("fleet.managed.json")).build();
            assertThat(provisioner.apply(provisioner.plan(empty)).succeeded()).isTrue();
            List<ReceivedRequest> deletes = standIn.standIn().received().stream().skip(before)
                    .filter(r -> r.method().equals("DELETE")).toList();
            assertThat(deletes).hasSize(15);
            for (int i = 0; i < deletes.size(); i++) {
                if (deletes.get(i).operationId().equals("deleteDbSchema")) {
                    String schema = deletes.get(i).url().substring(deletes.get(i).url().lastIndexOf('/') + 1);
                    assertThat(deletes.subList(i + 1, deletes.size())).as("no instance of %s deleted after it", schema)
                            .noneMatch(d -> d.url().contains("/dbschema/" + schema + "/instance/"));
                }
            }
        }
    }

    @Test
    void aFailedSchemaCreateSkipsItsInstancesAndEverythingElseIsApplied() {
        HarnessDbOps dbops = standIn.client();
        standIn.standIn().failNext("createDbSchema", Fault.SERVER_ERROR_BEFORE_HANDLING);
        DesiredState desired = fleet(project(dbops), 3, 3, 3);
        try (Provisioner provisioner = Provisioner.using(dbops)) {

            ApplyResult result = provisioner.apply(provisioner.plan(desired));

            assertThat(result.failed()).singleElement().satisfies(o -> {
                assertThat(o.step().action()).isEqualTo(Action.CREATE);
                assertThat(o.step().change().instance()).isNull();
                assertThat(o.detail()).contains("HTTP 500");
            });
            String failedSchema = result.failed().get(0).step().change().schema();
            assertThat(result.skipped()).hasSize(3).allSatisfy(o -> {
                assertThat(o.step().change().schema()).isEqualTo(failedSchema);
                assertThat(o.detail()).isEqualTo("harness_platform_db_schema." + failedSchema + " (" + failedSchema
                        + ") failed to be created");
            });
            assertThat(result.done()).hasSize(12 - 4);
            assertThat(result.render()).contains("Apply incomplete: 1 failed, 3 not attempted");

            Plan again = provisioner.plan(desired);
            assertThat(again.actions()).extracting(ResourceChange::schema).containsOnly(failedSchema).hasSize(4);
            assertThat(provisioner.apply(again).succeeded()).isTrue();
            assertThat(provisioner.plan(desired).hasChanges()).isFalse();
        }
    }

    @Test
    void underARateLimitEveryStepSucceedsAndEachCreateReachesTheServiceOnce() {
        // Time stands still unless someone waits: the stand-in's rate-limit windows pass only as
        // the client and the gate wait out Retry-After, so the test does not wait for real.
        dev.dbops.sdk.testkit.MutableClock clock = dev.dbops.sdk.testkit.MutableClock.at(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        try (DbOpsStandIn limited = DbOpsStandIn.stateful().clock(clock).start()) {
            limited.rateLimit(5, Duration.ofSeconds(1));
            HarnessDbOps dbops = limited.clientBuilder().clock(clock).sleeper(clock::advance).build();
            try (Provisioner provisioner = Provisioner.builder(dbops).parallelism(4).clock(clock).sleeper(clock::advance).build()) {
                DesiredState desired = fleet(dbops.project("default", "default_project"), 5, 5, 5);

                ApplyResult result = provisioner.apply(provisioner.plan(desired));

                assertThat(result.failed()).isEmpty();
                assertThat(result.succeeded()).isTrue();
                long refused = limited.received().stream().filter(ReceivedRequest::rateLimited).count();
                assertThat(refused).as("the limit did bite").isPositive();
                assertThat(result.rateLimit().rateLimitedResponses()).isLessThanOrEqualTo(refused).isPositive();
                assertThat(result.render()).contains("Rate limited: ");
                Map<String, Long> reached = createsThatReachedTheService(limited.received());
                assertThat(reached).hasSize(18).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
                assertThat(provisioner.plan(desired).hasChanges()).isFalse();
            } finally {
                dbops.close();
            }
        }
    }

    /** Creates that the service acted on, by the identifier in their body (and the schema in their path). */
    static Map<String, Long> createsThatReachedTheService(List<ReceivedRequest> received) {
        return received.stream()
                .filter(r -> r.operationId().startsWith("create") && r.reachedService())
                .collect(java.util.stream.Collectors.groupingBy(r -> r.url().replaceAll("^.*/dbschema/?", "") + ":"
                        + r.body().replaceAll("^.*\"identifier\":\"([^\"]+)\".*$", "$1"), java.util.stream.Collectors.counting()));
    }

    /**
     * Counts attempts in flight (before sending to after the answer); when {@code barrierParties}
     * is set, holds each schema create at a barrier until that many have arrived (or 10 s passed).
     */
    static final class InFlight implements DbOpsInterceptor {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger max = new AtomicInteger();
        final AtomicInteger barrierTrips = new AtomicInteger();
        private final CyclicBarrier barrier;

        InFlight(int barrierParties) {
            this.barrier = barrierParties == 0 ? null : new CyclicBarrier(barrierParties, barrierTrips::incrementAndGet);
        }

        @Override
        public void beforeAttempt(CallContext call) {
            max.accumulateAndGet(now.incrementAndGet(), Math::max);
            if (barrier != null && call.operation() == Operation.CREATE_SCHEMA) {
                try {
                    barrier.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    throw new IllegalStateException("fewer creates in flight than the barrier waits for", e);
                }
            }
        }

        @Override
        public void afterAttempt(CallContext call) {
            now.decrementAndGet();
        }
    }
}

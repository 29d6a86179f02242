package dev.dbops.sdk.plan;

import dev.dbops.sdk.DbOpsException;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.testkit.DbOpsStandIn;
import dev.dbops.sdk.testkit.Fault;
import dev.dbops.sdk.testkit.NetworkConditions;
import dev.dbops.sdk.testkit.ReceivedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, item 10: with resets, 500s and timeouts on one request in ten, before and after the
 * service handles them, repeated plan and apply reach the declared state; no create reaches the
 * service twice for one resource; nothing the configuration does not declare is touched.
 */
class ConvergenceTest {

    static final int SCHEMAS = 5;
    static final int INSTANCES = 8;

    @Test
    void repeatedPlanAndApplyConvergeUnderFaultsWithoutDuplicateCreates(@TempDir Path dir) {
        try (DbOpsStandIn standIn = DbOpsStandIn.stateful().start()) {
            Project project = standIn.client().project("default", "default_project");
            // What the configuration does not declare: someone's schema, and someone's instance in a declared schema.
            project.schemas().create("foreign").name("Foreign").changelog(c -> c.connector("git").location("f.yaml")).execute();
            project.schema("foreign").instances().create("foreign_db").name("F").connector("pg").execute();
            project.schemas().create("s0").name("s0").changelog(c -> c.connector("git").location("s0.yaml")).execute();
            project.schema("s0").instances().create("theirs").name("Theirs").connector("pg").execute();
            DesiredState desired = fleet(project).withManagedResourcesFile(dir.resolve("fleet.managed.json"));
            long setUp = standIn.received().size();
            // Short timeouts: a held answer (a timeout fault) costs 600 ms, and the client gives up after 250.
            HarnessDbOps dbops = standIn.clientBuilder().requestTimeout(Duration.ofMillis(250)).build();

            standIn.network(n -> n.faults(0.1, EnumSet.allOf(Fault.class)).timeoutDelay(Duration.ofMillis(600)).seed(42));
            List<String> rounds = new ArrayList<>();
            try (Provisioner provisioner = Provisioner.using(dbops)) {
                for (int round = 1; round <= 15; round++) {
                    Plan plan;
                    try {
                        plan = provisioner.plan(desired);
                    } catch (DbOpsException readFailed) {
                        rounds.add("plan failed: " + readFailed.getMessage());
                        continue;   // a read failed after its retries: nothing changed, plan again
                    }
                    if (!plan.hasChanges()) {
                        rounds.add("converged");
                        break;
                    }
                    ApplyResult result = provisioner.apply(plan);
                    rounds.add(plan.actions().size() + " change(s): " + result.done().size() + " done, "
                            + result.failed().size() + " failed, " + result.skipped().size() + " skipped");
                }
                assertThat(rounds).as("rounds: %s", rounds).last().isEqualTo("converged");
                assertThat(rounds.stream().filter(r -> r.contains(" failed,") && !r.contains(" 0 failed")))
                        .as("faults made some apply fail, and later rounds finished the work: %s", rounds).isNotEmpty();

                standIn.network(NetworkConditions.NONE);
                assertThat(provisioner.plan(desired).hasChanges()).as("the declared state, checked without faults").isFalse();
            }

            List<ReceivedRequest> sent = standIn.received().stream().skip(setUp).toList();
            assertThat(sent.stream().filter(r -> r.operationId().startsWith("create") && r.fault().isPresent()
                    && r.fault().get().reachesService())).as("some creates were lost after the service made them").isNotEmpty();
            Map<String, Long> creates = ScaleTest.createsThatReachedTheService(sent);
            assertThat(creates).hasSize(SCHEMAS + SCHEMAS * INSTANCES - 1)   // s0 existed already
                    .allSatisfy((id, count) -> assertThat(count).as("creates of %s that reached the service", id).isEqualTo(1));
            assertThat(sent).filteredOn(r -> !r.method().equals("GET") && !r.operationId().startsWith("list"))
                    .as("nothing undeclared touched")
                    .noneMatch(r -> r.url().contains("/dbschema/foreign") || r.url().contains("/instance/theirs")
                            || (r.operationId().equals("createDbSchema") && r.body().contains("\"foreign\"")));
            assertThat(project.schema("foreign").instance("foreign_db").find().execute()).isPresent();
            assertThat(project.schema("s0").instance("theirs").find().execute()).isPresent();
            List<DbInstance> s0 = project.schema("s0").instances().list().toList();
            assertThat(s0).hasSize(INSTANCES + 1);
            dbops.close();
        }
    }

    static DesiredState fleet(Project project) {
        DesiredState.Builder builder = DesiredState.builder(project);
        for (int s = 0; s < SCHEMAS; s++) {
            String schema = "s" + s;
            builder.schema(schema, c -> c.name(schema).changelog(l -> l.connector("git").location(schema + ".yaml")));
            for (int i = 0; i < INSTANCES; i++) {
                builder.instance(schema, schema + "_db" + i, c -> c.name("db").tags("env:prod").branch("main").connector("pg"));
            }
        }
        return builder.build();
    }
}

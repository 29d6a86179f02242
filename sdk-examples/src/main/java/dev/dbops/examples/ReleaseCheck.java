package dev.dbops.examples;

import dev.dbops.sdk.DeploymentFailedException;
import dev.dbops.sdk.DeploymentTimeoutException;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.InstanceMigrationState;
import dev.dbops.sdk.MigrationStateList;
import dev.dbops.sdk.Page;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.model.ChangeSetInstanceState;
import dev.dbops.sdk.model.ChangeSetState;
import dev.dbops.sdk.model.MigrationStateInstance;
import dev.dbops.sdk.model.MigrationStateOut;
import dev.dbops.sdk.model.MigrationStateSortField;
import dev.dbops.sdk.model.MigrationStatus;
import dev.dbops.sdk.model.ProjectOverview;
import dev.dbops.sdk.model.RecentDeployment;
import dev.dbops.sdk.model.SortOrder;
import dev.dbops.sdk.testkit.ChangeSet;
import dev.dbops.sdk.testkit.DbOpsStandIn;
import dev.dbops.sdk.testkit.Deployment;
import dev.dbops.sdk.testkit.MutableClock;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * "Has my change reached production?": prints a schema's changesets against its instances with
 * each status, what is pending or failed on one instance, then waits until a changeset is
 * deployed there, and ends with the project's overview.
 *
 * <p>Arguments (all optional): schema, instance, changeset; by default {@code my_db_schema},
 * {@code customer_db_instance} and the schema's last changeset. With
 * {@code HARNESS_PLATFORM_API_KEY} set it reads Harness and waits up to ten minutes; without it, it
 * tells the embedded stand-in the document's story first (release v1.4.0 everywhere, v1.5.0 failed
 * on prod and rolled back in part on dev), and a simulated pipeline deploys the awaited changeset
 * during the wait, on a simulated clock: nothing waits for real.
 */
public final class ReleaseCheck {

    static final String SCHEMA = "my_db_schema";
    static final String INSTANCE = "customer_db_instance";

    private ReleaseCheck() {
    }

    public static void main(String[] args) {
        String schema = args.length > 0 ? args[0] : SCHEMA;
        String instance = args.length > 1 ? args[1] : INSTANCE;
        String changeSet = args.length > 2 ? args[2] : null;
        try (ExampleEnvironment env = ExampleEnvironment.open(System.out)) {
            HarnessDbOps dbops = env.standIn()
                    .map(standIn -> StandInStory.tell(standIn, env.org, env.project, System.out))
                    .orElse(env.client());
            run(dbops, env.org, env.project, schema, instance, changeSet, System.out);
        }
    }

    static void run(HarnessDbOps dbops, String org, String projectId, String schemaId, String instanceId,
                    String awaited, PrintStream out) {
        Project project = dbops.project(org, projectId);

        // Which changesets reached which instances: every page, instances ordered by name.
        MigrationStateList state = project.schema(schemaId).migrationState()
                .sort(MigrationStateSortField.NAME).order(SortOrder.ASC);
        Page<ChangeSetState> page = state.page(0);
        List<MigrationStateInstance> instances = ((MigrationStateOut) page.response().body()).getInstances();
        List<ChangeSetState> changeSets = new ArrayList<>(page.items());
        while (page.hasNext()) {
            page = state.page(page.number() + 1);
            changeSets.addAll(page.items());
        }
        out.println();
        out.println("Migration state of " + schemaId + ": " + changeSets.size() + " changeset(s) on "
                + instances.size() + " instance(s)");
        out.print(table(changeSets, instances));

        // Each instance's own view: what is still to deploy there, and what failed (with the tool's error).
        out.println();
        for (MigrationStateInstance instance : instances) {
            InstanceMigrationState view = project.schema(schemaId).instance(instance.getIdentifier()).migrationState();
            List<ChangeSetState> failed = view.failed();
            out.println(instance.getIdentifier() + ": pending " + ids(view.pending()) + "; failed " + ids(failed));
            for (ChangeSetState f : failed) {
                view.statusOf(f.getChangeSet()).map(ChangeSetInstanceState::getError)
                        .ifPresent(error -> out.println("  " + f.getChangeSet() + ": " + oneLine(error)));
            }
        }
        InstanceMigrationState here = project.schema(schemaId).instance(instanceId).migrationState();

        // Wait for one changeset (by default the schema's last) to be deployed there.
        String changeSet = awaited != null ? awaited
                : changeSets.isEmpty() ? null : changeSets.get(changeSets.size() - 1).getChangeSet();
        if (changeSet == null) {
            out.println("Schema " + schemaId + " has no changeset to wait for.");
        } else {
            out.println();
            out.println("Waiting for " + changeSet + " on " + instanceId + " ("
                    + (here.isDeployed(changeSet) ? "deployed already" : "not deployed yet") + ")...");
            try {
                ChangeSetState deployed = project.schema(schemaId).instance(instanceId).waitUntilDeployed(changeSet)
                        .within(Duration.ofMinutes(10)).execute();
                ChangeSetInstanceState there = deployed.getInstances().stream()
                        .filter(i -> i.getInstance().equals(instanceId)).findFirst().orElseThrow();
                out.println("Deployed: " + changeSet + " on " + instanceId
                        + (there.getUpdated() == null ? "" : " at " + Instant.ofEpochSecond(there.getUpdated()))
                        + (there.getTag() == null ? "" : " (tag " + there.getTag() + ")")
                        + (Boolean.TRUE.equals(deployed.getSynced()) ? "; now on every instance" : ""));
            } catch (DeploymentFailedException e) {
                out.println("Failed: " + e.getMessage());
            } catch (DeploymentTimeoutException e) {
                out.println("Gave up: " + e.getMessage());
            }
        }

        // The project at a glance.
        ProjectOverview overview = project.overview().execute();
        out.println();
        out.println("Project " + org + "/" + projectId + ": " + overview.getDbSchemaCount() + " schema(s), "
                + overview.getDbInstanceCount() + " instance(s). Recent deployments:");
        for (RecentDeployment d : Optional.ofNullable(overview.getRecentDeployments()).orElse(List.of())) {
            out.println("  " + Instant.ofEpochSecond(d.getLastDeployed()) + "  " + d.getDbInstanceIdentifier()
                    + " (" + d.getDbSchemaIdentifier() + ")");
        }
    }

    /** Changesets down, instances across, a status in each cell, "synced" when deployed everywhere. */
    static String table(List<ChangeSetState> changeSets, List<MigrationStateInstance> instances) {
        List<String> header = new ArrayList<>(List.of("changeset"));
        instances.forEach(i -> header.add(i.getIdentifier()));
        header.add("");
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (ChangeSetState c : changeSets) {
            List<String> row = new ArrayList<>(List.of(c.getChangeSet()));
            for (MigrationStateInstance i : instances) {
                row.add(c.getInstances().stream().filter(s -> s.getInstance().equals(i.getIdentifier())).findFirst()
                        .map(ChangeSetInstanceState::getStatus).map(ReleaseCheck::label).orElse("-"));
            }
            row.add(Boolean.TRUE.equals(c.getSynced()) ? "synced" : "");
            rows.add(row);
        }
        int[] widths = new int[header.size()];
        for (List<String> row : rows) {
            for (int col = 0; col < row.size(); col++) {
                widths[col] = Math.max(widths[col], row.get(col).length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int col = 0; col < row.size(); col++) {
                line.append(String.format("%-" + (widths[col] + 2) + "s", row.get(col)));
            }
            table.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return table.toString();
    }

    static String label(MigrationStatus status) {
        return switch (status) {
            case SUCCESSFULLY_DEPLOYED -> "deployed";
            case NOT_DEPLOYED -> "not deployed";
            case DEPLOYMENT_FAILED -> "FAILED";
            case ROLLED_BACK -> "rolled back";
            // A status newer than this SDK: shown, not fatal.
            case UNKNOWN_DEFAULT_OPEN_API -> "unknown";
        };
    }

    private static String ids(List<ChangeSetState> changeSets) {
        return changeSets.isEmpty() ? "none" : String.join(", ", changeSets.stream().map(ChangeSetState::getChangeSet).toList());
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ");
    }

    /**
     * The document's story, told to the embedded stand-in with the test kit: my_db_schema with a
     * dev and a prod instance, four changesets, release v1.4.0 on both, v1.5.0 deployed on dev
     * (where create_orders_table was rolled back) and failed on prod.
     */
    static final class StandInStory {

        /** The time the story ends; the simulated clock starts here. */
        static final Instant NOW = Instant.parse("2025-10-22T21:00:00Z");

        private StandInStory() {
        }

        /**
         * Tells the story and returns a client whose waits are simulated: each moves a clock
         * instead of sleeping, and the first one runs the pipeline that deploys release v1.6.0
         * (add_orders_customer_index) on customer_db_instance.
         */
        static HarnessDbOps tell(DbOpsStandIn standIn, String org, String projectId, PrintStream out) {
            Project project = standIn.client().project(org, projectId);
            project.schemas().create(SCHEMA).name("My Database Schema").tags("env:prod", "team:backend")
                    .changelog(c -> c.connector("cockroachDB").location("changelog.yaml")).execute();
            project.schema(SCHEMA).instances().create("customer_db_instance").name("Customer DB Instance")
                    .connector("pg").branch("main").context("dev").tags("env:dev").execute();
            project.schema(SCHEMA).instances().create("my_db_instance").name("My Database Instance")
                    .connector("pg").branch("main").context("production").tags("env:prod").execute();

            standIn.changeSets(SCHEMA,
                    ChangeSet.of("create_customers_table", "changelog.yaml", "jsmith"),
                    ChangeSet.of("add_customers_email", "changelog.yaml", "jsmith"),
                    ChangeSet.of("create_orders_table", "changelog.yaml", "mgarcia"),
                    ChangeSet.of("add_orders_customer_index", "changelog.yaml", "mgarcia"));
            // Release v1.4.0 reaches both instances.
            deployed(standIn, "customer_db_instance", "create_customers_table", "v1.4.0", "2025-10-22T09:30:00Z");
            deployed(standIn, "my_db_instance", "create_customers_table", "v1.4.0", "2025-10-22T11:20:00Z");
            // Release v1.5.0: dev gets it, then create_orders_table is rolled back there ...
            deployed(standIn, "customer_db_instance", "add_customers_email", "v1.5.0", "2025-10-22T16:20:00Z");
            deployed(standIn, "customer_db_instance", "create_orders_table", "v1.5.0", "2025-10-22T16:20:00Z");
            standIn.deploy(Deployment.of(SCHEMA, "customer_db_instance", "create_orders_table", MigrationStatus.ROLLED_BACK)
                    .tag("v1.5.0").pipeline("rollback_my_db_schema").at(Instant.parse("2025-10-22T17:20:00Z")));
            // ... and on prod it fails at add_customers_email, so nothing after it runs there.
            standIn.deploy(Deployment.of(SCHEMA, "my_db_instance", "add_customers_email", MigrationStatus.DEPLOYMENT_FAILED)
                    .pipeline("deploy_my_db_schema").at(Instant.parse("2025-10-22T21:00:00Z"))
                    .error("Migration failed for changeset changelog.yaml::add_customers_email::jsmith:\n"
                            + "     Reason: liquibase.exception.DatabaseException: ERROR: column \"email\" of relation"
                            + " \"customers\" contains null values"));
            out.println("Told the stand-in the story: " + SCHEMA + " with 4 changesets, v1.4.0 on both instances,"
                    + " v1.5.0 failed on my_db_instance.");

            MutableClock clock = MutableClock.at(NOW);
            AtomicBoolean released = new AtomicBoolean();
            return standIn.clientBuilder().clock(clock).sleeper(wait -> {
                if (released.compareAndSet(false, true)) {
                    out.println("  (stand-in pipeline: release v1.6.0 deploys add_orders_customer_index on"
                            + " customer_db_instance while the waiter waits " + wait.toSeconds() + " s)");
                    standIn.deploy(Deployment.of(SCHEMA, "customer_db_instance", "add_orders_customer_index",
                            MigrationStatus.SUCCESSFULLY_DEPLOYED).tag("v1.6.0").pipeline("deploy_my_db_schema")
                            .at(clock.instant().plus(wait)));
                }
                clock.advance(wait);
            }).build();
        }

        private static void deployed(DbOpsStandIn standIn, String instance, String changeSet, String tag, String at) {
            standIn.deploy(Deployment.of(SCHEMA, instance, changeSet, MigrationStatus.SUCCESSFULLY_DEPLOYED)
                    .tag(tag).pipeline("deploy_my_db_schema").at(Instant.parse(at)));
        }
    }
}

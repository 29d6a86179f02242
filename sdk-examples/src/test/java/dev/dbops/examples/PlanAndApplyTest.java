package dev.dbops.examples;

import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.plan.ApplyResult;
import dev.dbops.sdk.testkit.WithDbOpsStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** PlanAndApply on the stateful stand-in: plan, apply, and an empty second plan, from the bundled file or another. */
@WithDbOpsStandIn
class PlanAndApplyTest {

    static final String SCHEMA_ONLY = """
            {"resource": {"harness_platform_db_schema": {"my_schema": {
              "identifier": "my_db_schema", "name": "My Database Schema", "tags": ["env:prod", "team:backend"],
              "schema_source": {"connector": "cockroachDB", "location": "changelog.yaml"}}}}}
            """;

    @Test
    void theBundledFilePlansAppliesAndThenHasNothingToDo(HarnessDbOps dbops) {
        Project project = dbops.project("default", "default_project");
        StringBuilder output = new StringBuilder();

        ApplyResult result = run(dbops, List.of(), output);

        assertThat(result.succeeded()).isTrue();
        assertThat(output.toString()).contains(
                "Desired state: classpath:provision-database-devops.yaml (1 schema(s), 1 instance(s))",
                "  + resource \"harness_platform_db_schema\" \"my_schema\" {",
                "  + resource \"harness_platform_db_instance\" \"my_instance\" {",
                "Plan: 2 to add, 0 to change, 0 to destroy.",
                "Apply complete! Resources: 2 added, 0 changed, 0 destroyed.",
                "Planning again:\nNo changes.");
        DbSchema schema = project.schema("my_db_schema").get().execute();
        assertThat(schema.getName()).isEqualTo("My Database Schema");
        assertThat(schema.getTags()).isEqualTo(Map.of("env", "prod", "team", "backend"));
        assertThat(schema.getChangelog().getConnector()).isEqualTo("cockroachDB");
        DbInstance instance = project.schema("my_db_schema").instance("my_db_instance").get().execute();
        assertThat(instance.getBranch()).isEqualTo("main");
        assertThat(instance.getConnector()).isEqualTo("pg");
        assertThat(instance.getContext()).isEqualTo("production");
    }

    @Test
    void runningAgainFindsNothingToDo(HarnessDbOps dbops) {
        run(dbops, List.of(), new StringBuilder());
        StringBuilder second = new StringBuilder();

        run(dbops, List.of("--parallelism", "2"), second);

        assertThat(second.toString()).contains("\nNo changes.", "Apply complete! Resources: 0 added, 0 changed, 0 destroyed (2 unchanged).")
                .doesNotContain("Plan:");
    }

    @Test
    void anInstanceTheFileNeverManagedIsDeletedOnlyWithPrune(HarnessDbOps dbops, @TempDir Path dir) throws Exception {
        Project project = dbops.project("default", "default_project");
        run(dbops, List.of(), new StringBuilder());     // the bundled file made the instance, not this one
        Path schemaOnly = dir.resolve("schema-only.json");
        Files.writeString(schemaOnly, SCHEMA_ONLY);

        StringBuilder kept = new StringBuilder();
        run(dbops, List.of(schemaOnly.toString()), kept);
        assertThat(kept.toString()).contains("harness_platform_db_instance my_db_schema/my_db_instance: not declared, "
                + "and never managed by this configuration: kept (plan with prune to delete it)");
        assertThat(project.schema("my_db_schema").instance("my_db_instance").find().execute()).isPresent();

        StringBuilder pruned = new StringBuilder();
        run(dbops, List.of(schemaOnly.toString(), "--prune"), pruned);

        assertThat(pruned.toString()).contains("  - resource \"harness_platform_db_instance\" \"my_db_schema/my_db_instance\" {",
                "Plan: 0 to add, 0 to change, 1 to destroy.", "Resources: 0 added, 0 changed, 1 destroyed (1 unchanged).");
        assertThat(project.schema("my_db_schema").instance("my_db_instance").find().execute()).isEmpty();
    }

    @Test
    void aResourceRemovedFromAFileThatManagedItIsDestroyed(HarnessDbOps dbops, @TempDir Path dir) throws Exception {
        Project project = dbops.project("default", "default_project");
        Path fleet = dir.resolve("fleet.yaml");
        try (var bundled = PlanAndApply.class.getResourceAsStream("/" + PlanAndApply.BUNDLED)) {
            Files.write(fleet, bundled.readAllBytes());
        }
        StringBuilder first = new StringBuilder();
        run(dbops, List.of(fleet.toString()), first);
        assertThat(first.toString()).contains("what it manages is recorded in " + dir.resolve("fleet.managed.json"));
        String withoutInstance = Files.readString(fleet);
        Files.writeString(fleet, withoutInstance.substring(0, withoutInstance.indexOf("  harness_platform_db_instance:")));

        StringBuilder second = new StringBuilder();
        run(dbops, List.of(fleet.toString()), second);

        assertThat(second.toString()).contains("  # (removed from the configuration, which managed it)",
                "Plan: 0 to add, 0 to change, 1 to destroy.");
        assertThat(project.schema("my_db_schema").instance("my_db_instance").find().execute()).isEmpty();
    }

    @Test
    void exportWritesWhatExistsAsAFileThatPlansNoChanges(HarnessDbOps dbops, @TempDir Path dir) {
        run(dbops, List.of(), new StringBuilder());
        Path exported = dir.resolve("exported.yaml");
        StringBuilder output = new StringBuilder();

        assertThat(run(dbops, List.of("--export", exported.toString()), output)).isNull();

        assertThat(output.toString()).contains("Exported 1 schema(s) and 1 instance(s) of default/default_project to " + exported);
        StringBuilder replan = new StringBuilder();
        run(dbops, List.of(exported.toString()), replan);
        assertThat(replan.toString()).contains("No changes.", "2 declared resource(s) unchanged");
    }

    private static ApplyResult run(HarnessDbOps dbops, List<String> args, StringBuilder output) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ApplyResult result;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            result = PlanAndApply.run(dbops, dbops.project("default", "default_project"), args, out);
        }
        output.append(buffer.toString(StandardCharsets.UTF_8));
        return result;
    }
}

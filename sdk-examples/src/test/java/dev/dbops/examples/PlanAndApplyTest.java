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

/** PlanAndApply on the stateful stand-in: plan, apply, and an empty second plan, from the bundled file. */
@WithDbOpsStandIn
class PlanAndApplyTest {

    @Test
    void theBundledFilePlansAppliesAndThenHasNothingToDo(HarnessDbOps dbops) {
        Project project = dbops.project("default", "default_project");
        StringBuilder output = new StringBuilder();

        ApplyResult result = run(project, List.of(), output);

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
        Project project = dbops.project("default", "default_project");
        run(project, List.of(), new StringBuilder());
        StringBuilder second = new StringBuilder();

        run(project, List.of(), second);

        assertThat(second.toString()).contains("\nNo changes.", "Apply complete! Resources: 0 added, 0 changed, 0 destroyed.")
                .doesNotContain("Plan:");
    }

    @Test
    void aFileGivenAsArgumentWithPruneDeletesTheInstanceItNoLongerDeclares(HarnessDbOps dbops, @TempDir Path dir)
            throws Exception {
        Project project = dbops.project("default", "default_project");
        run(project, List.of(), new StringBuilder());
        Path schemaOnly = dir.resolve("schema-only.json");
        Files.writeString(schemaOnly, """
                {"resource": {"harness_platform_db_schema": {"my_schema": {
                  "identifier": "my_db_schema", "name": "My Database Schema", "tags": ["env:prod", "team:backend"],
                  "schema_source": {"connector": "cockroachDB", "location": "changelog.yaml"}}}}}
                """);
        StringBuilder output = new StringBuilder();

        run(project, List.of(schemaOnly.toString(), "--prune"), output);

        assertThat(output.toString()).contains("  - resource \"harness_platform_db_instance\" \"my_db_instance\" {",
                "Plan: 0 to add, 0 to change, 1 to destroy.", "Resources: 0 added, 0 changed, 1 destroyed.");
        assertThat(project.schema("my_db_schema").instance("my_db_instance").find().execute()).isEmpty();
    }

    private static ApplyResult run(Project project, List<String> args, StringBuilder output) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ApplyResult result;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            result = PlanAndApply.run(project, args, out);
        }
        output.append(buffer.toString(StandardCharsets.UTF_8));
        return result;
    }
}

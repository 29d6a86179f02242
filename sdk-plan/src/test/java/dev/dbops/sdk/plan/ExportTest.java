package dev.dbops.sdk.plan;

import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.model.DbSchemaType;
import dev.dbops.sdk.testkit.WithDbOpsStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 14, item 11: what exists, written as a configuration; loaded again, it plans no changes. */
@WithDbOpsStandIn
class ExportTest {

    Project project;
    Provisioner provisioner;
    @TempDir
    Path dir;

    @BeforeEach
    void setUp(HarnessDbOps dbops) {
        project = dbops.project("default", "default_project");
        provisioner = Provisioner.using(dbops);
        // Made by hand (or by Terraform): every kind of source and revision, tags with colons and without values.
        project.schemas().create("orders").name("Orders").tags(Map.of("url", "https://example.com:5000/x", "team", ""))
                .changelog(c -> c.connector("git").location("db/orders.yaml").repo("orders").archivePath("a.zip"))
                .service("orders_svc").usePercona(true).execute();
        project.schemas().create("billing").name("Billing").flyway()
                .changelogScript(s -> s.image("alpine").command("fetch").shell("sh").location("db/").toml("flyway.toml"))
                .execute();
        project.schemas().create("code").name("Code").changelog(c -> c.repo("harness_code_repo").location("db.yaml")).execute();
        project.schema("orders").instances().create("eu").name("EU").branch("main").connector("pg_eu").context("prod")
                .substituteProperties(Map.of("DB", "orders", "REGION", "eu")).tags("env:prod").execute();
        project.schema("orders").instances().create("us").name("US").commitSha("abc123").connector("pg_us").execute();
        project.schema("billing").instances().create("eu").name("Billing EU").gitTag("v1.0.0").connector("pg_b").execute();
    }

    @AfterEach
    void tearDown() {
        provisioner.close();
    }

    @Test
    void anExportedProjectLoadsAndPlansNoChangesInYamlAndJson() {
        ExportedConfiguration exported = provisioner.export(project);

        assertThat(exported.schemaCount()).isEqualTo(3);
        assertThat(exported.instanceCount()).isEqualTo(3);
        assertThat(exported.warnings()).isEmpty();
        for (String name : List.of("project.yaml", "project.json")) {
            Path file = dir.resolve(name);
            exported.writeTo(file);
            DesiredState loaded = DesiredState.load(file, project);

            assertThat(loaded.warnings()).as(name).isEmpty();
            Plan plan = provisioner.plan(loaded);
            assertThat(plan.hasChanges()).as("%s plans:%n%s", name, plan.render()).isFalse();
            assertThat(plan.changes()).hasSize(6);
        }
        assertThat(exported.toYaml()).startsWith("# Exported by dbops-java from default/default_project: plan it, "
                + "and nothing changes; apply it, and it manages these resources.\nresource:\n").contains(
                "  harness_platform_db_schema:\n    orders:\n      identifier: orders\n",
                "      tags:\n      - team\n      - url:https://example.com:5000/x\n",
                "      use_percona: true\n",
                "    orders_eu:\n      identifier: eu\n", "    us:\n      identifier: us\n", "    billing_eu:\n",
                "      git_tag: v1.0.0\n");
    }

    @Test
    void chosenSchemasOnlyAndApplyingTheExportTakesThemUnderManagement() {
        ExportedConfiguration exported = provisioner.export(project, List.of("billing"));
        Path file = dir.resolve("billing.yaml");
        exported.writeTo(file);

        DesiredState loaded = DesiredState.load(file, project);
        assertThat(loaded.schemas()).extracting(DesiredState.Schema::identifier).containsExactly("billing");
        assertThat(loaded.schemas().get(0).body().getType()).isEqualTo(DbSchemaType.SCRIPT);
        Plan plan = provisioner.plan(loaded);
        assertThat(plan.hasChanges()).isFalse();
        ApplyResult adopted = provisioner.apply(plan);

        assertThat(adopted.outcomes()).as("nothing sent").isEmpty();
        assertThat(Files.exists(dir.resolve("billing.managed.json"))).isTrue();
        assertThat(adopted.managedResources().entries()).extracting(ManagedResources.Entry::id)
                .containsExactly("billing", "billing/eu");
    }

    @Test
    void aSchemaWithBothChangelogsKeepsTheOneItsTypeUsesAndSaysSo() {
        project.schemas().create("both").name("Both").type(DbSchemaType.REPOSITORY)
                .changelog(c -> c.connector("git").location("db.yaml"))
                .changelogScript(s -> s.image("alpine").command("fetch").shell("sh").location("db/"))
                .execute();

        ExportedConfiguration exported = provisioner.export(project, List.of("both"));

        assertThat(exported.warnings()).containsExactly("schema both: the schema has both a git changelog and a changelog "
                + "script; only the one its type (Repository) uses is written, since a configuration may give one; "
                + "changelog_script is left out, and so not managed");
        Path file = dir.resolve("both.json");
        exported.writeTo(file);
        assertThat(provisioner.plan(DesiredState.load(file, project)).hasChanges()).isFalse();
    }
}

package dev.dbops.sdk.plan;

import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.model.DbSchemaType;
import dev.dbops.sdk.model.MigrationType;
import dev.dbops.sdk.plan.ApplyResult.Status;
import dev.dbops.sdk.plan.ResourceChange.Action;
import dev.dbops.sdk.plan.ResourceChange.FieldChange;
import dev.dbops.sdk.plan.ResourceChange.Kind;
import dev.dbops.sdk.testkit.DbOpsStandIn;
import dev.dbops.sdk.testkit.ReceivedRequest;
import dev.dbops.sdk.testkit.WithDbOpsStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Issue 14's semantics, each as a user meets it: a configuration file, the plan it gives (its
 * changes and its text), and what apply then does on the stateful stand-in.
 */
@WithDbOpsStandIn
class TerraformSemanticsTest {

    HarnessDbOps dbops;
    Project project;
    Provisioner provisioner;
    @TempDir
    Path dir;

    @BeforeEach
    void setUp(HarnessDbOps dbops) {
        this.dbops = dbops;
        this.project = dbops.project("default", "default_project");
        this.provisioner = Provisioner.using(dbops);
    }

    @AfterEach
    void tearDown() {
        provisioner.close();
    }

    /** Writes a configuration file into the test's directory and loads it (with its record beside it). */
    DesiredState config(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return DesiredState.load(file, project);
    }

    void schema(String identifier) {
        project.schemas().create(identifier).name(identifier).changelog(c -> c.connector("git").location("db.yaml")).execute();
    }

    void instance(String schema, String identifier) {
        project.schema(schema).instances().create(identifier).name(identifier).connector("pg").execute();
    }

    /** 1. An instance may belong to a schema that exists and is not declared (the provider's own examples). */
    @Nested
    class InstancesOfAnUndeclaredSchema {

        /** The provider's harness_platform_db_instance example, as it is written: schema = "schema1". */
        static final String PROVIDER_INSTANCE_EXAMPLE = """
                resource:
                  harness_platform_db_instance:
                    test:
                      identifier: identifier
                      org_id: default
                      project_id: default_project
                      name: name
                      tags: ["foo:bar", "bar:foo"]
                      schema: schema1
                      branch: main
                      connector: jdbcConnector
                      context: ctx
                      substitute_properties:
                        key1: value1
                        key2: value2
                """;

        @Test
        void areCreatedInTheExistingSchemaWhichIsNeverChanged(DbOpsStandIn standIn) throws IOException {
            schema("schema1");
            long setUp = standIn.received().size();
            DesiredState desired = config("instances.yaml", PROVIDER_INSTANCE_EXAMPLE);

            Plan plan = provisioner.plan(desired);

            assertThat(plan.actions()).extracting(ResourceChange::id, ResourceChange::action)
                    .containsExactly(tuple("schema1/identifier", Action.CREATE));
            assertThat(plan.render()).contains(
                    "  + resource \"harness_platform_db_instance\" \"test\" {",
                    "      + schema                = \"schema1\"",
                    "Plan: 1 to add, 0 to change, 0 to destroy.",
                    "Left alone:\n  harness_platform_db_schema schema1: not declared: instances in this configuration "
                            + "belong to it, so it is used as it is (never changed or deleted)");
            ApplyResult result = provisioner.apply(plan);
            assertThat(result.succeeded()).isTrue();
            assertThat(standIn.received().stream().skip(setUp).map(ReceivedRequest::operationId))
                    .as("nothing is sent to the schema itself").containsExactly("listDbSchemas", "listDbInstances",
                            "createDbInstance");
            DbInstance created = project.schema("schema1").instance("identifier").get().execute();
            assertThat(created.getSubstituteProperties()).isEqualTo(Map.of("key1", "value1", "key2", "value2"));
            assertThat(provisioner.plan(desired).hasChanges()).isFalse();
        }

        @Test
        void whenTheSchemaDoesNotExistApplyRefusesSayingSo(DbOpsStandIn standIn) throws IOException {
            DesiredState desired = config("instances.yaml", PROVIDER_INSTANCE_EXAMPLE);

            Plan plan = provisioner.plan(desired);

            String why = "harness_platform_db_instance.test belongs to schema \"schema1\", which does not exist, and "
                    + "this configuration does not declare it: declare the schema (a harness_platform_db_schema with "
                    + "identifier schema1), or create it first.";
            assertThat(plan.refusals()).extracting(Plan.Refusal::why).containsExactly(why);
            assertThat(plan.render()).contains("Error: " + why + " Apply refuses this plan and sends nothing.");
            int sent = standIn.received().size();
            assertThatThrownBy(() -> provisioner.apply(plan)).isInstanceOf(PlanRefusedException.class).hasMessageContaining(why);
            assertThat(standIn.received()).hasSize(sent);
        }
    }

    /** 2. What a configuration manages is recorded beside it; removal destroys, a new identifier replaces, a new key moves. */
    @Nested
    class TheRecordOfManagedResources {

        static final String FLEET = """
                resource:
                  harness_platform_db_schema:
                    orders:
                      identifier: orders
                      name: Orders
                      schema_source: {connector: git, location: orders.yaml}
                  harness_platform_db_instance:
                    orders_eu:
                      identifier: orders_eu
                      schema: orders
                      name: Orders EU
                      connector: pg_eu
                    orders_us:
                      identifier: orders_us
                      schema: orders
                      name: Orders US
                      connector: pg_us
                """;

        @Test
        void applyRecordsWhatTheConfigurationManagesBesideIt() throws IOException {
            DesiredState desired = config("fleet.yaml", FLEET);
            assertThat(desired.managedResourcesFile()).contains(dir.resolve("fleet.managed.json"));

            provisioner.apply(provisioner.plan(desired));

            ManagedResources record = ManagedResources.read(dir.resolve("fleet.managed.json"), "default", "default_project");
            assertThat(record.entries()).containsExactly(
                    ManagedResources.Entry.schema("orders", "orders"),
                    ManagedResources.Entry.instance("orders_eu", "orders", "orders_eu"),
                    ManagedResources.Entry.instance("orders_us", "orders", "orders_us"));
            assertThat(Files.readString(dir.resolve("fleet.managed.json")))
                    .contains("\"type\" : \"harness_platform_db_instance\"", "\"identifier\" : \"orders_us\"");
        }

        @Test
        void removingAResourceFromTheFilePlansItsDestruction() throws IOException {
            provisioner.apply(provisioner.plan(config("fleet.yaml", FLEET)));
            DesiredState withoutUs = config("fleet.yaml", FLEET.substring(0, FLEET.indexOf("    orders_us:")));

            Plan plan = provisioner.plan(withoutUs);

            assertThat(plan.actions()).extracting(ResourceChange::id, ResourceChange::action, ResourceChange::reason)
                    .containsExactly(tuple("orders/orders_us", Action.DELETE, "removed from the configuration, which managed it"));
            assertThat(plan.render()).contains(
                    "  # harness_platform_db_instance.orders_us (orders/orders_us) will be destroyed",
                    "  # (removed from the configuration, which managed it)",
                    "Plan: 0 to add, 0 to change, 1 to destroy.");
            ApplyResult result = provisioner.apply(plan);
            assertThat(result.succeeded()).isTrue();
            assertThat(project.schema("orders").instance("orders_us").find().execute()).isEmpty();
            assertThat(result.managedResources().instances()).extracting(ManagedResources.Entry::instance)
                    .containsExactly("orders_eu");
            assertThat(provisioner.plan(withoutUs).hasChanges()).isFalse();
        }

        @Test
        void removingASchemaDeletesItsInstancesFirstThenTheSchema(DbOpsStandIn standIn) throws IOException {
            provisioner.apply(provisioner.plan(config("fleet.yaml", FLEET)));
            DesiredState nothing = config("fleet.yaml", "resource: {}\n");

            Plan plan = provisioner.plan(nothing);

            assertThat(plan.actions()).extracting(ResourceChange::id, ResourceChange::action).containsExactlyInAnyOrder(
                    tuple("orders/orders_eu", Action.DELETE), tuple("orders/orders_us", Action.DELETE),
                    tuple("orders", Action.DELETE));
            long before = standIn.received().size();
            assertThat(provisioner.apply(plan).succeeded()).isTrue();
            List<String> deletes = standIn.received().stream().skip(before).map(ReceivedRequest::operationId).toList();
            assertThat(deletes).containsExactly("deleteDbInstance", "deleteDbInstance", "deleteDbSchema");
            assertThat(project.schema("orders").find().execute()).isEmpty();
            assertThat(ManagedResources.read(dir.resolve("fleet.managed.json"), "default", "default_project").entries()).isEmpty();
        }

        @Test
        void aChangedIdentifierPlansAReplacementCreatingTheNewOneBeforeDeletingTheOld(DbOpsStandIn standIn)
                throws IOException {
            provisioner.apply(provisioner.plan(config("fleet.yaml", FLEET)));
            DesiredState renamed = config("fleet.yaml", FLEET.replace("identifier: orders_us", "identifier: orders_us1"));

            Plan plan = provisioner.plan(renamed);

            assertThat(plan.actions()).extracting(ResourceChange::id, ResourceChange::action, ResourceChange::replacedBy)
                    .containsExactly(tuple("orders/orders_us1", Action.CREATE, null),
                            tuple("orders/orders_us", Action.DELETE, "orders/orders_us1"));
            assertThat(plan.render()).contains(
                    "  # harness_platform_db_instance.orders_us (orders/orders_us1) will be created",
                    "  # (replaces orders/orders_us: the identifier of harness_platform_db_instance.orders_us changed)",
                    "  # harness_platform_db_instance.orders_us (orders/orders_us) will be destroyed",
                    "  # (replaced: harness_platform_db_instance.orders_us is now orders/orders_us1 (a changed identifier "
                            + "or schema means another resource, as Terraform's ForceNew identifier does); deleted once "
                            + "orders/orders_us1 exists)",
                    "Plan: 1 to add, 0 to change, 1 to destroy.");
            long before = standIn.received().size();
            assertThat(provisioner.apply(plan).succeeded()).isTrue();
            assertThat(standIn.received().stream().skip(before).map(ReceivedRequest::operationId))
                    .containsExactly("createDbInstance", "deleteDbInstance");
            assertThat(project.schema("orders").instances().list().toList()).extracting(DbInstance::getIdentifier)
                    .containsExactlyInAnyOrder("orders_eu", "orders_us1");
            assertThat(provisioner.plan(renamed).hasChanges()).isFalse();
        }

        @Test
        void whenTheReplacementCannotBeCreatedTheOldOneIsKept() throws IOException {
            provisioner.apply(provisioner.plan(config("fleet.yaml", FLEET)));
            Plan plan = provisioner.plan(config("fleet.yaml", FLEET.replace("identifier: orders_us", "identifier: orders_us1")));
            instance("orders", "orders_us1");  // someone else takes the new identifier: the create is refused (400)

            ApplyResult result = provisioner.apply(plan);

            assertThat(result.outcome("orders", "orders_us1").orElseThrow().status()).isEqualTo(Status.FAILED);
            assertThat(result.outcome("orders", "orders_us").orElseThrow().status()).isEqualTo(Status.SKIPPED);
            assertThat(result.render()).contains("harness_platform_db_instance.orders_us: destruction not attempted: "
                    + "harness_platform_db_instance.orders_us (orders/orders_us1) failed to be created");
            assertThat(project.schema("orders").instance("orders_us").find().execute()).isPresent();
            assertThat(result.managedResources().instance("orders", "orders_us")).as("still managed").isPresent();
        }

        @Test
        void renamingOnlyTheResourceKeyChangesNothing() throws IOException {
            provisioner.apply(provisioner.plan(config("fleet.yaml", FLEET)));
            DesiredState rekeyed = config("fleet.yaml", FLEET.replace("    orders_us:", "    united_states:"));

            Plan plan = provisioner.plan(rekeyed);

            assertThat(plan.hasChanges()).isFalse();
            assertThat(plan.change("orders", "orders_us").orElseThrow().reason())
                    .isEqualTo("moved from harness_platform_db_instance.orders_us: only the resource name changed");
            assertThat(plan.render()).startsWith("No changes.").contains(
                    "  harness_platform_db_instance.united_states (orders/orders_us): moved from "
                            + "harness_platform_db_instance.orders_us: only the resource name changed");
            ApplyResult result = provisioner.apply(plan);
            assertThat(result.outcomes()).isEmpty();
            assertThat(result.managedResources().instance("orders", "orders_us").orElseThrow().name())
                    .isEqualTo("united_states");
        }

        @Test
        void whatTheConfigurationNeverManagedIsKeptWithTheReasonAndDeletedOnlyWithPrune() throws IOException {
            DesiredState desired = config("fleet.yaml", FLEET);
            provisioner.apply(provisioner.plan(desired));
            instance("orders", "theirs");   // made by someone else, in a schema the configuration manages

            Plan plan = provisioner.plan(desired);

            assertThat(plan.hasChanges()).isFalse();
            assertThat(plan.untouched()).containsExactly(new Plan.Untouched(Kind.INSTANCE, null, "orders/theirs",
                    "not declared, and never managed by this configuration: kept (plan with prune to delete it)"));
            assertThat(plan.render()).contains("Left alone:", "  3 declared resource(s) unchanged: they match the configuration",
                    "  harness_platform_db_instance orders/theirs: not declared, and never managed by this "
                            + "configuration: kept (plan with prune to delete it)");
            provisioner.apply(plan);
            assertThat(project.schema("orders").instance("theirs").find().execute()).isPresent();

            Plan pruning = provisioner.plan(desired, PlanOptions.DEFAULT.withPrune());
            assertThat(pruning.actions()).extracting(ResourceChange::id, ResourceChange::reason).containsExactly(tuple(
                    "orders/theirs", "not declared, and never managed by this configuration: deleted because prune is on"));
            provisioner.apply(pruning);
            assertThat(project.schema("orders").instance("theirs").find().execute()).isEmpty();
        }

        @Test
        void aRemovedSchemaWithInstancesItNeverManagedIsKeptUnlessPruning() throws IOException {
            provisioner.apply(provisioner.plan(config("fleet.yaml", FLEET)));
            instance("orders", "theirs");
            DesiredState nothing = config("fleet.yaml", "resource: {}\n");

            Plan plan = provisioner.plan(nothing);

            assertThat(plan.actions()).extracting(ResourceChange::id).containsExactlyInAnyOrder("orders/orders_eu", "orders/orders_us");
            assertThat(plan.untouched("orders", null)).isPresent();
            assertThat(plan.render()).contains("  harness_platform_db_schema.orders (orders): removed from the "
                    + "configuration, but kept: it still has 1 instance(s) this plan does not delete (theirs), and a "
                    + "schema is deleted only without instances; plan with prune to delete them too");
            provisioner.apply(plan);
            assertThat(project.schema("orders").find().execute()).isPresent();

            Plan pruning = provisioner.plan(nothing, PlanOptions.DEFAULT.withPrune());
            assertThat(pruning.actions()).extracting(ResourceChange::id).containsExactly("orders/theirs", "orders");
            assertThat(provisioner.apply(pruning).succeeded()).isTrue();
            assertThat(project.schema("orders").find().execute()).isEmpty();
        }

        @Test
        void withoutARecordNothingUndeclaredIsEverDeleted() throws IOException {
            provisioner.apply(provisioner.plan(config("fleet.yaml", FLEET)));
            Files.delete(dir.resolve("fleet.managed.json"));  // lost: the safe direction
            DesiredState withoutUs = config("fleet.yaml", FLEET.substring(0, FLEET.indexOf("    orders_us:")));

            Plan plan = provisioner.plan(withoutUs);

            assertThat(plan.hasChanges()).isFalse();
            assertThat(plan.untouched("orders", "orders_us").orElseThrow().reason())
                    .isEqualTo("not declared, and never managed by this configuration: kept (plan with prune to delete it)");
            provisioner.apply(plan);
            assertThat(ManagedResources.read(dir.resolve("fleet.managed.json"), "default", "default_project").entries())
                    .as("the next apply records again what is declared").hasSize(2);
        }

        @Test
        void aRecordOfAnotherProjectIsRefused() throws IOException {
            ManagedResources.none("default", "another_project").write(dir.resolve("fleet.managed.json"));
            DesiredState desired = config("fleet.yaml", FLEET);

            assertThatThrownBy(() -> provisioner.plan(desired)).isInstanceOf(StateFileException.class)
                    .hasMessageContaining("records resources of default/another_project, not of default/default_project");
        }
    }

    /** 3. schema_source with changelog_script is refused; changelog_script alone means type Script, said so. */
    @Nested
    class ChangelogScript {

        static final String SCRIPTED = """
                resource:
                  harness_platform_db_schema:
                    scripted:
                      identifier: scripted
                      name: Scripted
                      changelog_script:
                        image: plugins/image
                        command: echo hello
                        shell: sh/bash
                        location: db/example-changelog.yaml
                """;

        @Test
        void bothSourcesAreAnErrorAsTheProviderSays() {
            String both = SCRIPTED + "      schema_source: {connector: gitConnector, location: db/example-changelog.yaml}\n";
            assertThatThrownBy(() -> config("both.yaml", both)).isInstanceOf(StateFileException.class)
                    .hasMessageContaining("both.yaml:6: resource.harness_platform_db_schema.scripted.changelog_script: "
                            + "\"changelog_script\": conflicts with schema_source")
                    .hasMessageContaining("the Terraform provider refuses this too (Conflicting configuration arguments)");
        }

        @Test
        void aScriptWithoutTypeIsAScriptSchemaAndThePlanSaysWhy() throws IOException {
            DesiredState desired = config("scripted.yaml", SCRIPTED);

            Plan plan = provisioner.plan(desired);

            String warning = "scripted.yaml:3: resource.harness_platform_db_schema.scripted: type is left out: Script is "
                    + "used, because only changelog_script is given and the API takes changeLogScript for Script schemas "
                    + "(the Terraform provider would send its default, Repository, with a script changelog)";
            assertThat(desired.warnings()).containsExactly(dir.resolve("scripted.yaml") + warning.substring("scripted.yaml".length()));
            assertThat(plan.render()).startsWith("Warning: " + dir.resolve("scripted.yaml")).contains("type is left out: Script is used",
                    "      + type                      = \"Script\"");
            provisioner.apply(plan);
            assertThat(project.schema("scripted").get().execute().getType()).isEqualTo(DbSchemaType.SCRIPT);
        }
    }

    /** 4. Terraform JSON users paste: accepted, what does not apply ignored with a warning naming the key. */
    @Nested
    class PastedTerraformJson {

        /** The provider's schema and instance examples in Terraform's JSON syntax, with what such files carry. */
        static final String PASTED = """
                {
                  "terraform": { "required_providers": { "harness": { "source": "harness/harness" } } },
                  "provider": { "harness": { "endpoint": "https://app.harness.io/gateway" } },
                  "resource": {
                    "harness_platform_db_schema": {
                      "test": {
                        "identifier": "identifier", "org_id": "default", "project_id": "default_project",
                        "name": "name", "description": "ignored by the provider", "service": "service1",
                        "tags": ["foo:bar", "bar:foo"],
                        "schema_source": [ { "connector": "gitConnector", "repo": "TestRepo",
                                             "location": "db/example-changelog.yaml",
                                             "archive_path": "path/to/archive.zip" } ],
                        "depends_on": []
                      }
                    },
                    "harness_platform_db_instance": {
                      "test": {
                        "identifier": "identifier", "org_id": "default", "project_id": "default_project",
                        "name": 2024, "tags": ["foo:bar", "bar:foo"], "schema": "identifier",
                        "branch": "main", "connector": "jdbcConnector", "context": "ctx",
                        "substitute_properties": { "key1": "value1", "key2": "value2" },
                        "depends_on": ["harness_platform_db_schema.test"]
                      }
                    }
                  }
                }
                """;

        @Test
        void isAcceptedWithAWarningPerIgnoredOrConvertedKey() throws IOException {
            DesiredState desired = config("pasted.tf.json", PASTED);
            String file = dir.resolve("pasted.tf.json").toString();

            assertThat(desired.warnings()).containsExactlyInAnyOrder(
                    file + ":2: terraform: ignored: Terraform's own settings (required providers, backend) do not apply here",
                    file + ":3: provider: ignored: the client is configured in Java (HarnessDbOps), not by a provider block",
                    file + ":8: resource.harness_platform_db_schema.test.description: ignored: the Terraform provider "
                            + "accepts description but never sends it, and the API has no such field",
                    file + ":13: resource.harness_platform_db_schema.test.depends_on: ignored: a schema depends on "
                            + "nothing here (an instance is always applied after its own schema, whatever depends_on says)",
                    file + ":10: resource.harness_platform_db_schema.test.schema_source: is a list of one block "
                            + "(Terraform's JSON syntax for a block): read as that block",
                    file + ":19: resource.harness_platform_db_instance.test.name: is a number (2024): used as the "
                            + "string \"2024\" (quote it to say so)");
            assertThat(desired.schemas().get(0).body().getChangelog().getArchivePath()).isEqualTo("path/to/archive.zip");
            assertThat(desired.instances().get(0).body().getName()).isEqualTo("2024");

            Plan plan = provisioner.plan(desired);
            assertThat(plan.render()).contains("Warning: " + file + ":8: resource.harness_platform_db_schema.test.description",
                    "Plan: 2 to add, 0 to change, 0 to destroy.");
            assertThat(provisioner.apply(plan).succeeded()).isTrue();
            assertThat(provisioner.plan(desired).hasChanges()).isFalse();
        }

        @Test
        void aBlockListOfTwoIsRefusedAsTerraformDoes() {
            String two = PASTED.replace("\"archive_path\": \"path/to/archive.zip\" } ]",
                    "\"archive_path\": \"path/to/archive.zip\" },\n { \"location\": \"x\" } ]");
            assertThatThrownBy(() -> config("two.tf.json", two)).isInstanceOf(StateFileException.class)
                    .hasMessageContaining("schema_source: supports 1 item maximum, but config has 2 declared");
        }
    }

    /** 5. A tag value keeps everything after the first colon (the provider keeps only up to the second). */
    @Nested
    class TagsWithColons {

        @Test
        void keepTheWholeValueAndPlanNoChangesAfterApply() throws IOException {
            DesiredState desired = config("tags.yaml", """
                    resource:
                      harness_platform_db_schema:
                        docs:
                          identifier: docs
                          name: Docs
                          tags: ["url:https://example.com:5000/x", "team"]
                          schema_source: {connector: git, location: db.yaml}
                    """);

            Plan plan = provisioner.plan(desired);

            assertThat(plan.change("docs", null).orElseThrow().field("tags").orElseThrow().after())
                    .isEqualTo(Map.of("team", "", "url", "https://example.com:5000/x"));
            assertThat(plan.render()).contains("      + tags                    = [\"team\", \"url:https://example.com:5000/x\"]");
            provisioner.apply(plan);
            DbSchema schema = project.schema("docs").get().execute();
            assertThat(schema.getTags()).containsEntry("url", "https://example.com:5000/x").containsEntry("team", "");
            assertThat(provisioner.plan(desired).hasChanges()).as("no permanent diff").isFalse();
        }

        @Test
        void aValueTheProviderTruncatedIsPlannedBackToTheWholeValue() throws IOException {
            project.schemas().create("docs").name("Docs").tags(Map.of("url", "https"))   // what the provider stores
                    .changelog(c -> c.connector("git").location("db.yaml")).execute();
            DesiredState desired = config("tags.yaml", """
                    resource:
                      harness_platform_db_schema:
                        docs:
                          identifier: docs
                          name: Docs
                          tags: ["url:https://example.com:5000/x"]
                          schema_source: {connector: git, location: db.yaml}
                    """);

            assertThat(provisioner.plan(desired).render())
                    .contains("      ~ tags       = [\"url:https\"] -> [\"url:https://example.com:5000/x\"]");
        }
    }

    /** 6. A changed migration_type: refused, saying the update body cannot carry it and the provider would diff forever. */
    @Nested
    class ChangedMigrationType {

        @Test
        void isRefusedWithTheReason(DbOpsStandIn standIn) throws IOException {
            String liquibase = """
                    resource:
                      harness_platform_db_schema:
                        s:
                          identifier: s
                          name: S
                          migration_type: Liquibase
                          schema_source: {connector: git, location: db.yaml}
                    """;
            provisioner.apply(provisioner.plan(config("s.yaml", liquibase)));

            Plan plan = provisioner.plan(config("s.yaml", liquibase.replace("Liquibase", "Flyway")));

            assertThat(plan.change("s", null).orElseThrow().fields())
                    .containsExactly(new FieldChange("migrationType", "Liquibase", "Flyway", true));
            assertThat(plan.render()).contains("      ~ migration_type = \"Liquibase\" -> \"Flyway\" # forces replacement",
                    "Error: harness_platform_db_schema.s must be replaced (migration_type \"Liquibase\" -> \"Flyway\"). "
                            + "migration_type cannot be updated in place: the API's update body (DbSchemaUpdate) has no "
                            + "migrationType field, so no update can change it. (The Terraform provider sends it anyway; "
                            + "the service keeps the old value, and the provider's plan shows this change again after "
                            + "every apply, forever.) Replacing deletes the schema with its instances and creates them "
                            + "again: plan with PlanOptions.DEFAULT.withReplacement() to allow it. Apply refuses this "
                            + "plan and sends nothing.");
            int sent = standIn.received().size();
            assertThatThrownBy(() -> provisioner.apply(plan)).isInstanceOf(PlanRefusedException.class);
            assertThat(standIn.received()).hasSize(sent);
            assertThat(project.schema("s").get().execute().getMigrationType()).isEqualTo(MigrationType.LIQUIBASE);
        }
    }

    /** 7. Deleting what is already gone is done, and said so. */
    @Nested
    class AlreadyGone {

        static final String TWO = """
                resource:
                  harness_platform_db_schema:
                    s: {identifier: s, name: S, schema_source: {connector: git, location: db.yaml}}
                  harness_platform_db_instance:
                    a: {identifier: a, schema: s, name: A, connector: pg}
                    b: {identifier: b, schema: s, name: B, connector: pg}
                """;

        @Test
        void goneBetweenPlanAndApplyIsDoneAndSaidSo() throws IOException {
            provisioner.apply(provisioner.plan(config("two.yaml", TWO)));
            Plan plan = provisioner.plan(config("two.yaml", TWO.substring(0, TWO.indexOf("    b:"))));
            project.schema("s").instance("b").delete().execute();

            ApplyResult result = provisioner.apply(plan);

            assertThat(result.succeeded()).isTrue();
            assertThat(result.outcome("s", "b").orElseThrow().status()).isEqualTo(Status.ALREADY_GONE);
            assertThat(result.render()).contains(
                    "harness_platform_db_instance.b: Destruction complete: it was already gone [id=s/b]",
                    "Apply complete! Resources: 0 added, 0 changed, 1 destroyed (2 unchanged).");
            assertThat(result.managedResources().instance("s", "b")).isEmpty();
        }

        @Test
        void goneBeforeThePlanIsNothingToDeleteAndSaidSo() throws IOException {
            provisioner.apply(provisioner.plan(config("two.yaml", TWO)));
            project.schema("s").instance("b").delete().execute();

            Plan plan = provisioner.plan(config("two.yaml", TWO.substring(0, TWO.indexOf("    b:"))));

            assertThat(plan.hasChanges()).isFalse();
            assertThat(plan.render()).contains("  harness_platform_db_instance.b (s/b): removed from the configuration, "
                    + "and already gone: nothing to delete");
            assertThat(provisioner.apply(plan).managedResources().instance("s", "b")).isEmpty();
        }
    }

}

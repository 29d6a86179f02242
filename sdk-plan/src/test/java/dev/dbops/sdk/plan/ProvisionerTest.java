package dev.dbops.sdk.plan;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dbops.sdk.BadRequestException;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.model.MigrationType;
import dev.dbops.sdk.plan.ResourceChange.Action;
import dev.dbops.sdk.plan.ResourceChange.FieldChange;
import dev.dbops.sdk.testkit.DbOpsStandIn;
import dev.dbops.sdk.testkit.WithDbOpsStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plan and apply against the stateful stand-in, with Terraform's semantics. */
@WithDbOpsStandIn
class ProvisionerTest {

    private Provisioner provisioner;

    @BeforeEach
    void provisioner(HarnessDbOps dbops) {
        provisioner = Provisioner.using(dbops);
    }

    @AfterEach
    void close() {
        provisioner.close();
    }

    static final String BASE = "/v1/orgs/default/projects/default_project/dbschema";

    /** The seed's Terraform tab, declared in Java; {@code instance} adjusts the instance. */
    static DesiredState seed(Project project, UnaryOperator<dev.dbops.sdk.CreateInstance> instance) {
        return DesiredState.builder(project)
                .schema("my_db_schema", s -> s.name("My Database Schema").tags("env:prod", "team:backend")
                        .changelog(c -> c.connector("cockroachDB").location("changelog.yaml")))
                .instance("my_db_schema", "my_db_instance", i -> instance.apply(i.name("My Database Instance")
                        .tags("env:prod").branch("main").connector("pg").context("production")))
                .build();
    }

    static DesiredState seed(Project project) {
        return seed(project, i -> i);
    }

    static Project project(HarnessDbOps dbops) {
        return dbops.project("default", "default_project");
    }

    @Test
    void theFirstApplyCreatesTheSchemaThenItsInstance(HarnessDbOps dbops, DbOpsStandIn standIn) {
        Plan plan = provisioner.plan(seed(project(dbops)));

        assertThat(plan.changes()).extracting(ResourceChange::id, ResourceChange::action).containsExactly(
                org.assertj.core.groups.Tuple.tuple("my_db_schema", Action.CREATE),
                org.assertj.core.groups.Tuple.tuple("my_db_schema/my_db_instance", Action.CREATE));
        assertThat(plan.change("my_db_schema", null).orElseThrow().field("schema_source.location")).isEmpty();
        assertThat(plan.change("my_db_schema", null).orElseThrow().field("changelog.location").orElseThrow())
                .isEqualTo(new FieldChange("changelog.location", null, "changelog.yaml", false));
        assertThat(plan.render()).contains(
                "  + resource \"harness_platform_db_schema\" \"my_db_schema\" {",
                "      + tags                    = [\"env:prod\", \"team:backend\"]",
                "      + schema_source.connector = \"cockroachDB\"",
                "  + resource \"harness_platform_db_instance\" \"my_db_instance\" {",
                "      + branch     = \"main\"",
                "Plan: 2 to add, 0 to change, 0 to destroy.");
        assertThat(writes(standIn)).as("planning changes nothing").isEmpty();

        ApplyResult result = provisioner.apply(plan);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.outcomes()).extracting(o -> o.step().toString(), ApplyResult.Outcome::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("create harness_platform_db_schema.my_db_schema (my_db_schema)",
                        ApplyResult.Status.DONE),
                org.assertj.core.groups.Tuple.tuple("create harness_platform_db_instance.my_db_instance (my_db_schema/my_db_instance)",
                        ApplyResult.Status.DONE));
        assertThat(writes(standIn)).containsExactly("POST " + BASE, "POST " + BASE + "/my_db_schema/instance");
        DbSchema schema = project(dbops).schema("my_db_schema").get().execute();
        assertThat(schema.getTags()).isEqualTo(Map.of("env", "prod", "team", "backend"));
        assertThat(schema.getChangelog().getLocation()).isEqualTo("changelog.yaml");
        DbInstance instance = project(dbops).schema("my_db_schema").instance("my_db_instance").get().execute();
        assertThat(instance.getBranch()).isEqualTo("main");
        assertThat(instance.getContext()).isEqualTo("production");
        assertThat(result.render()).contains("Apply complete! Resources: 2 added, 0 changed, 0 destroyed.");
    }

    @Test
    void theSecondPlanAfterAnApplyIsEmpty(HarnessDbOps dbops, DbOpsStandIn standIn) {
        DesiredState desired = seed(project(dbops));
        provisioner.apply(provisioner.plan(desired));
        int writesAfterFirstApply = writes(standIn).size();

        Plan again = provisioner.plan(desired);

        assertThat(again.hasChanges()).isFalse();
        assertThat(again.changes()).extracting(ResourceChange::action).containsOnly(Action.NO_CHANGE).hasSize(2);
        assertThat(again.render()).startsWith("No changes.");
        ApplyResult nothing = provisioner.apply(again);
        assertThat(nothing.outcomes()).isEmpty();
        assertThat(writes(standIn)).hasSize(writesAfterFirstApply);
    }

    @Test
    void aChangedTagIsOneUpdateWithTheDiffAndSendsOnlyTheTags(HarnessDbOps dbops, DbOpsStandIn standIn) {
        provisioner.apply(provisioner.plan(seed(project(dbops))));
        DesiredState retagged = seed(project(dbops), i -> i.tags("env:staging"));

        Plan plan = provisioner.plan(retagged);

        assertThat(plan.actions()).hasSize(1);
        ResourceChange update = plan.actions().get(0);
        assertThat(update.id()).isEqualTo("my_db_schema/my_db_instance");
        assertThat(update.action()).isEqualTo(Action.UPDATE);
        assertThat(update.fields()).containsExactly(
                new FieldChange("tags", Map.of("env", "prod"), Map.of("env", "staging"), false));
        assertThat(plan.render()).contains(
                "  # harness_platform_db_instance.my_db_instance (my_db_schema/my_db_instance) will be updated in-place",
                "  ~ resource \"harness_platform_db_instance\" \"my_db_instance\" {",
                "        identifier = \"my_db_instance\"",
                "      ~ tags       = [\"env:prod\"] -> [\"env:staging\"]",
                "Plan: 0 to add, 1 to change, 0 to destroy.");

        int before = standIn.requests().size();
        assertThat(provisioner.apply(plan).succeeded()).isTrue();
        List<LoggedRequest> sent = standIn.requests().subList(before, standIn.requests().size());
        LoggedRequest put = sent.stream().filter(r -> r.getMethod().getName().equals("PUT")).findFirst().orElseThrow();
        assertThat(put.getBodyAsString()).isEqualTo("{\"tags\":{\"env\":\"staging\"}}");
        assertThat(provisioner.plan(retagged).hasChanges()).isFalse();
    }

    @Test
    void aRemovedInstanceIsDeletedOnlyWithPrune(HarnessDbOps dbops) {
        Project project = project(dbops);
        DesiredState both = DesiredState.builder(project)
                .schema("my_db_schema", s -> s.name("S").changelog(c -> c.connector("git").location("changelog.yaml")))
                .instance("my_db_schema", "keep", i -> i.name("Keep").connector("pg"))
                .instance("my_db_schema", "old", i -> i.name("Old").connector("pg").tags("env:dev"))
                .build();
        provisioner.apply(provisioner.plan(both));
        DesiredState onlyKeep = DesiredState.builder(project)
                .schema("my_db_schema", s -> s.name("S").changelog(c -> c.connector("git").location("changelog.yaml")))
                .instance("my_db_schema", "keep", i -> i.name("Keep").connector("pg"))
                .build();

        Plan withoutPrune = provisioner.plan(onlyKeep);
        assertThat(withoutPrune.hasChanges()).isFalse();
        assertThat(withoutPrune.untouched()).extracting(Plan.Untouched::id).containsExactly("my_db_schema/old");
        assertThat(withoutPrune.render()).contains("Left alone:", "harness_platform_db_instance my_db_schema/old: not "
                + "declared, and never managed by this configuration: kept (plan with prune to delete it)");
        provisioner.apply(withoutPrune);
        assertThat(project.schema("my_db_schema").instance("old").find().execute()).isPresent();

        Plan pruning = provisioner.plan(onlyKeep, PlanOptions.DEFAULT.withPrune());
        assertThat(pruning.actions()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("my_db_schema/old");
            assertThat(c.action()).isEqualTo(Action.DELETE);
            assertThat(c.reason()).contains("prune");
        });
        assertThat(pruning.render()).contains("  - resource \"harness_platform_db_instance\" \"my_db_schema/old\" {",
                "      - tags       = [\"env:dev\"]", "Plan: 0 to add, 0 to change, 1 to destroy.");
        assertThat(provisioner.apply(pruning).succeeded()).isTrue();
        assertThat(project.schema("my_db_schema").instance("old").find().execute()).isEmpty();
        assertThat(project.schema("my_db_schema").instance("keep").find().execute()).isPresent();
        assertThat(provisioner.plan(onlyKeep, PlanOptions.DEFAULT.withPrune()).hasChanges()).isFalse();
    }

    @Test
    void aRenamedInstanceIsCreatedBeforeThePrunedOneIsDeletedAndAGoneOneCountsAsDeleted(HarnessDbOps dbops,
                                                                                          DbOpsStandIn standIn) {
        Project project = project(dbops);
        provisioner.apply(provisioner.plan(DesiredState.builder(project)
                .schema("s", s -> s.name("S").changelog(c -> c.connector("git").location("l")))
                .instance("s", "old_a", i -> i.name("A").connector("pg"))
                .instance("s", "old_b", i -> i.name("B").connector("pg"))
                .build()));
        DesiredState renamed = DesiredState.builder(project)
                .schema("s", s -> s.name("S").changelog(c -> c.connector("git").location("l")))
                .instance("s", "new_a", i -> i.name("A").connector("pg"))
                .build();
        Plan plan = provisioner.plan(renamed, PlanOptions.DEFAULT.withPrune());
        project.schema("s").instance("old_b").delete().execute(); // gone between plan and apply
        int before = writes(standIn).size();

        ApplyResult result = provisioner.apply(plan);

        assertThat(result.succeeded()).isTrue();
        assertThat(writes(standIn).subList(before, writes(standIn).size())).containsExactlyInAnyOrder(
                "POST " + BASE + "/s/instance", "DELETE " + BASE + "/s/instance/old_a", "DELETE " + BASE + "/s/instance/old_b");
        assertThat(result.outcome("s", "old_b").orElseThrow().status()).isEqualTo(ApplyResult.Status.ALREADY_GONE);
        assertThat(result.render()).contains("Destruction complete: it was already gone [id=s/old_b]",
                "Resources: 1 added, 0 changed, 2 destroyed (1 unchanged).");
        assertThat(project.schema("s").instances().list().toList()).extracting(DbInstance::getIdentifier)
                .containsExactly("new_a");
    }

    @Test
    void aChangedMigrationTypeIsRefusedUnlessReplacementIsAllowed(HarnessDbOps dbops, DbOpsStandIn standIn) {
        Project project = project(dbops);
        provisioner.apply(provisioner.plan(withMigrationType(project, MigrationType.LIQUIBASE)));
        DesiredState flyway = withMigrationType(project, MigrationType.FLYWAY);

        Plan plan = provisioner.plan(flyway);

        ResourceChange schema = plan.change("my_db_schema", null).orElseThrow();
        assertThat(schema.action()).isEqualTo(Action.REPLACE);
        assertThat(schema.fields()).containsExactly(new FieldChange("migrationType", "Liquibase", "Flyway", true));
        assertThat(plan.change("my_db_schema", "my_db_instance").orElseThrow().action()).isEqualTo(Action.REPLACE);
        assertThat(plan.refused()).containsExactly(schema);
        assertThat(plan.render()).contains("-/+ resource \"harness_platform_db_schema\" \"my_db_schema\" {",
                "      ~ migration_type = \"Liquibase\" -> \"Flyway\" # forces replacement",
                "Plan: 2 to add, 0 to change, 2 to destroy.",
                "Error: harness_platform_db_schema.my_db_schema must be replaced (migration_type \"Liquibase\" -> \"Flyway\"). "
                        + "migration_type cannot be updated in place: the API's update body (DbSchemaUpdate) has no "
                        + "migrationType field, so no update can change it. (The Terraform provider sends it anyway; the "
                        + "service keeps the old value, and the provider's plan shows this change again after every "
                        + "apply, forever.)");

        int writesBefore = writes(standIn).size();
        assertThatThrownBy(() -> provisioner.apply(plan)).isInstanceOf(PlanRefusedException.class)
                .hasMessageContaining("migration_type \"Liquibase\" -> \"Flyway\"")
                .hasMessageContaining("withReplacement()");
        assertThat(writes(standIn)).as("a refused plan sends nothing").hasSize(writesBefore);
        assertThat(project.schema("my_db_schema").get().execute().getMigrationType()).isEqualTo(MigrationType.LIQUIBASE);

        ApplyResult replaced = provisioner.apply(provisioner.plan(flyway, PlanOptions.DEFAULT.withReplacement()));

        assertThat(replaced.succeeded()).isTrue();
        assertThat(writes(standIn).subList(writesBefore, writes(standIn).size())).containsExactly(
                "DELETE " + BASE + "/my_db_schema/instance/my_db_instance",
                "DELETE " + BASE + "/my_db_schema",
                "POST " + BASE,
                "POST " + BASE + "/my_db_schema/instance");
        assertThat(project.schema("my_db_schema").get().execute().getMigrationType()).isEqualTo(MigrationType.FLYWAY);
        assertThat(provisioner.plan(flyway).hasChanges()).isFalse();
    }

    @Test
    void aFailureHalfWayReportsWhatWasAppliedAndWhatWasNot(HarnessDbOps dbops) {
        Project project = project(dbops);
        DesiredState two = DesiredState.builder(project)
                .schema("first", s -> s.name("First").changelog(c -> c.connector("git").location("a.yaml")))
                .instance("first", "first_db", i -> i.name("First DB").connector("pg"))
                .schema("second", s -> s.name("Second").changelog(c -> c.connector("git").location("b.yaml")))
                .instance("second", "second_db", i -> i.name("Second DB").connector("pg"))
                .build();
        Plan plan = provisioner.plan(two);
        // Someone else creates "second" between plan and apply: its create now fails (400, already exists).
        project.schemas().create("second").name("Theirs").changelog(c -> c.connector("git").location("x.yaml")).execute();

        ApplyResult result = provisioner.apply(plan);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.outcomes()).extracting(o -> o.step().toString(), ApplyResult.Outcome::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("create harness_platform_db_schema.first (first)", ApplyResult.Status.DONE),
                org.assertj.core.groups.Tuple.tuple("create harness_platform_db_instance.first_db (first/first_db)",
                        ApplyResult.Status.DONE),
                org.assertj.core.groups.Tuple.tuple("create harness_platform_db_schema.second (second)", ApplyResult.Status.FAILED),
                org.assertj.core.groups.Tuple.tuple("create harness_platform_db_instance.second_db (second/second_db)",
                        ApplyResult.Status.SKIPPED));
        assertThat(result.failed().get(0).error()).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("already exists");
        assertThat(result.render()).contains(
                "harness_platform_db_schema.second: creation FAILED: createDbSchema failed: HTTP 400",
                "harness_platform_db_instance.second_db: creation not attempted: harness_platform_db_schema.second "
                        + "(second) failed to be created",
                "Apply incomplete: 1 failed, 1 not attempted (they depend on what failed); everything else was "
                        + "applied. Resources: 2 added, 0 changed, 0 destroyed. Plan again to see what remains.");
        assertThat(project.schema("first").instance("first_db").find().execute()).isPresent();
        assertThat(project.schema("second").instance("second_db").find().execute()).isEmpty();

        Plan after = provisioner.plan(two);
        assertThat(after.actions()).extracting(ResourceChange::id).containsExactly("second", "second/second_db");
    }

    @Test
    void aMovedChangelogAndAnotherRevisionConvergeInOneUpdateEach(HarnessDbOps dbops, DbOpsStandIn standIn) {
        provisioner.apply(provisioner.plan(seed(project(dbops))));
        DesiredState moved = DesiredState.builder(project(dbops))
                .schema("my_db_schema", s -> s.name("My Database Schema").tags("env:prod", "team:backend")
                        .changelog(c -> c.connector("cockroachDB").location("db/changelog.yaml")))
                .instance("my_db_schema", "my_db_instance", i -> i.name("My Database Instance").tags("env:prod")
                        .gitTag("v1.2").connector("pg").context("production"))
                .build();

        Plan plan = provisioner.plan(moved);

        assertThat(plan.change("my_db_schema", null).orElseThrow().fields()).containsExactly(
                new FieldChange("changelog.location", "changelog.yaml", "db/changelog.yaml", false));
        assertThat(plan.change("my_db_schema", "my_db_instance").orElseThrow().fields()).containsExactly(
                new FieldChange("branch", "main", null, false),
                new FieldChange("gitTag", null, "v1.2", false));
        assertThat(plan.render()).contains(
                "      ~ schema_source.location = \"changelog.yaml\" -> \"db/changelog.yaml\"",
                "      - branch     = \"main\" -> null",
                "      + git_tag    = \"v1.2\"");
        assertThat(provisioner.apply(plan).succeeded()).isTrue();
        assertThat(writes(standIn).subList(2, writes(standIn).size())).as("independent: sent in parallel")
                .containsExactlyInAnyOrder("PUT " + BASE + "/my_db_schema", "PUT " + BASE + "/my_db_schema/instance/my_db_instance");
        assertThat(provisioner.plan(moved).hasChanges()).isFalse();
    }

    @Test
    void tagsLeftOutMeanNoTagsAndOtherFieldsLeftOutAreNotManaged(HarnessDbOps dbops) {
        Project project = project(dbops);
        provisioner.apply(provisioner.plan(seed(project)));
        DesiredState untagged = DesiredState.builder(project)
                .schema("my_db_schema", s -> s.name("My Database Schema")
                        .changelog(c -> c.connector("cockroachDB").location("changelog.yaml")))
                .instance("my_db_schema", "my_db_instance", i -> i.name("My Database Instance").connector("pg"))
                .build();

        Plan plan = provisioner.plan(untagged);

        assertThat(plan.actions()).extracting(c -> c.fields().stream().map(FieldChange::field).toList())
                .as("branch and context are left out, so kept; tags are left out, so removed")
                .containsExactly(List.of("tags"), List.of("tags"));
        assertThat(provisioner.apply(plan).succeeded()).isTrue();
        assertThat(project.schema("my_db_schema").get().execute().getTags()).isEmpty();
        assertThat(project.schema("my_db_schema").instance("my_db_instance").get().execute().getBranch()).isEqualTo("main");
        assertThat(provisioner.plan(untagged).hasChanges()).isFalse();
    }

    @Test
    void aFileInTheSeedsShapePlansAndAppliesLikeTheJavaDeclaration(HarnessDbOps dbops) {
        DesiredState fromFile = DesiredState.read(new java.io.ByteArrayInputStream(("""
                {"resource": {
                  "harness_platform_db_schema": {"my_schema": {"identifier": "my_db_schema", "name": "My Database Schema",
                    "tags": ["env:prod", "team:backend"], "schema_source": {"connector": "cockroachDB", "location": "changelog.yaml"}}},
                  "harness_platform_db_instance": {"my_instance": {"identifier": "my_db_instance", "schema": "my_db_schema",
                    "name": "My Database Instance", "tags": ["env:prod"], "branch": "main", "connector": "pg", "context": "production"}}
                }}
                """).getBytes(java.nio.charset.StandardCharsets.UTF_8)), "state.json", project(dbops));

        Plan plan = provisioner.plan(fromFile);
        assertThat(plan.actions()).extracting(ResourceChange::address).containsExactly(
                "harness_platform_db_schema.my_schema", "harness_platform_db_instance.my_instance");
        provisioner.apply(plan);

        assertThat(provisioner.plan(seed(project(dbops))).hasChanges()).as("the same state, declared in Java").isFalse();
    }

    private static DesiredState withMigrationType(Project project, MigrationType type) {
        return DesiredState.builder(project)
                .schema("my_db_schema", s -> s.name("S").migrationType(type)
                        .changelog(c -> c.connector("git").location("changelog.yaml")))
                .instance("my_db_schema", "my_db_instance", i -> i.name("I").connector("pg"))
                .build();
    }

    /** The requests that change something, oldest first, as "METHOD path". */
    private static List<String> writes(DbOpsStandIn standIn) {
        return standIn.requests().stream()
                .filter(r -> !r.getMethod().getName().equals("GET") && !r.getUrl().contains("/instancelist"))
                .map(r -> r.getMethod().getName() + " " + r.getUrl())
                .toList();
    }
}

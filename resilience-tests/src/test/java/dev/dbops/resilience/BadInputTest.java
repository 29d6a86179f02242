package dev.dbops.resilience;

import dev.dbops.sdk.DbOpsValidationException;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.SchemaRef;
import dev.dbops.sdk.model.DbSchemaType;
import dev.dbops.sdk.testkit.DbOpsStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Invalid input is refused before the wire: each case throws {@link DbOpsValidationException}
 * naming the field and the rule, and the stand-in's journal shows that no request was sent. A
 * control call at the end proves the journal does record requests, so the zero means something.
 */
@Order(1)
class BadInputTest {

    static DbOpsStandIn standIn;
    static HarnessDbOps client;
    static Project project;

    @BeforeAll
    static void start() {
        standIn = Suite.standIn();
        client = Suite.fastClient(standIn);
        project = Suite.project(client);
    }

    @AfterAll
    static void stop() {
        standIn.stop();
    }

    /** One invalid input: what the user does, the field the refusal must name, a fragment of the rule. */
    record Case(String label, String field, String rule, Runnable call) {
    }

    static final String ID_RULE = "must match ^[a-zA-Z_][0-9a-zA-Z_$]{0,127}$";

    static List<Case> cases() {
        String long129 = "a".repeat(129);
        Map<String, String> tags129 = new LinkedHashMap<>();
        IntStream.range(0, 129).forEach(i -> tags129.put("k" + i, "v"));
        SchemaRef schema = project.schema("good_schema");
        List<Case> all = new ArrayList<>();
        // identifiers of a schema create
        all.add(new Case("schema identifier with a hyphen", "identifier", ID_RULE, () -> validSchema("my-schema").execute()));
        all.add(new Case("schema identifier with a dot", "identifier", ID_RULE, () -> validSchema("my.schema").execute()));
        all.add(new Case("schema identifier with a leading digit", "identifier", ID_RULE, () -> validSchema("1schema").execute()));
        all.add(new Case("schema identifier of 129 characters", "identifier", "at most 128 characters",
                () -> validSchema(long129).execute()));
        all.add(new Case("schema identifier empty", "identifier", ID_RULE, () -> validSchema("").execute()));
        all.add(new Case("schema identifier null", "identifier", "an identifier is required", () -> validSchema(null).execute()));
        all.add(new Case("schema identifier overview", "identifier", "refuses the identifier overview",
                () -> validSchema("overview").execute()));
        all.add(new Case("schema identifier with a space", "identifier", ID_RULE, () -> validSchema("my schema").execute()));
        all.add(new Case("schema identifier with a non-ASCII letter", "identifier", ID_RULE, () -> validSchema("schéma").execute()));
        // names, tags, changelogs of a schema create
        all.add(new Case("schema name of 129 characters", "name", "at most 128 characters",
                () -> validSchema("s1").name(long129).execute()));
        all.add(new Case("schema name null", "name", "give a value", () -> validSchema("s1").name(null).execute()));
        all.add(new Case("schema name blank", "name", "1 to 128 characters", () -> validSchema("s1").name("   ").execute()));
        all.add(new Case("129 tags", "tags", "at most 128 tags", () -> validSchema("s1").tags(tags129).execute()));
        all.add(new Case("tag value of 129 characters", "tags.env", "at most 128 characters",
                () -> validSchema("s1").tags("env:" + long129).execute()));
        all.add(new Case("malformed tag \":v\" (no key)", "tags", "tags are \"key:value\" or \"key\"",
                () -> validSchema("s1").tags(":v").execute()));
        all.add(new Case("empty tag string", "tags", "tags are \"key:value\" or \"key\"", () -> validSchema("s1").tags("").execute()));
        all.add(new Case("tag with a null value", "tags.team", "give a value",
                () -> validSchema("s1").tag("team", null).execute()));
        all.add(new Case("changelog and changelogScript without an explicit type", "type", "say which one the schema uses",
                () -> validSchema("s1").changelogScript(s -> s.image("alpine").command("get").shell("sh").location("c.yaml"))
                        .execute()));
        all.add(new Case("no changelog at all", "changelog", "a changelog (git) or a changelogScript",
                () -> project.schemas().create("s1").name("S").execute()));
        all.add(new Case("changelog without a location", "changelog.location", "path of its file",
                () -> project.schemas().create("s1").name("S").changelog(c -> c.connector("git")).execute()));
        all.add(new Case("changelog with neither connector nor repo", "changelog.repo", "Harness Code repository",
                () -> project.schemas().create("s1").name("S").changelog(c -> c.location("c.yaml")).execute()));
        all.add(new Case("changelogScript without an image", "changelogScript.image", "needs an image",
                () -> project.schemas().create("s1").name("S")
                        .changelogScript(s -> s.command("get").shell("sh").location("c.yaml")).execute()));
        all.add(new Case("type Script with only a git changelog", "changelogScript", "a Script schema needs a changelogScript",
                () -> validSchema("s1").type(DbSchemaType.SCRIPT).execute()));
        // instance creates
        all.add(new Case("instance identifier with a hyphen", "identifier", ID_RULE, () -> validInstance(schema, "db-1").execute()));
        all.add(new Case("instance connector empty", "connector", "JDBC connector",
                () -> validInstance(schema, "db1").connector("").execute()));
        all.add(new Case("instance connector null", "connector", "give a value",
                () -> validInstance(schema, "db1").connector(null).execute()));
        all.add(new Case("branch with gitTag", "branch/commitSha/gitTag", "at most one of branch, commitSha and gitTag",
                () -> validInstance(schema, "db1").gitTag("v1").execute()));
        all.add(new Case("branch, commitSha and gitTag", "branch/commitSha/gitTag", "at most one of branch, commitSha and gitTag",
                () -> validInstance(schema, "db1").commitSha("abc123").gitTag("v1").execute()));
        all.add(new Case("blank branch", "branch", "a branch name cannot be empty",
                () -> schema.instances().create("db1").name("DB").connector("pg").branch("  ").execute()));
        all.add(new Case("substituted property with a null value", "substituteProperties.user", "give a value",
                () -> validInstance(schema, "db1").substituteProperty("user", null).execute()));
        all.add(new Case("instance of a schema whose identifier has a hyphen", "dbschema", ID_RULE,
                () -> validInstance(project.schema("bad-schema"), "db1").execute()));
        // updates
        all.add(new Case("schema update that sets nothing", "update", "at least one field",
                () -> project.schema("good_schema").update().execute()));
        all.add(new Case("schema update with a 129-character name", "name", "at most 128 characters",
                () -> project.schema("good_schema").update().name(long129).execute()));
        all.add(new Case("schema update with an invalid primary instance", "primaryDbInstanceId", ID_RULE,
                () -> project.schema("good_schema").update().primaryDbInstanceId("db-1").execute()));
        all.add(new Case("instance update that sets nothing", "update", "at least one field",
                () -> schema.instance("db1").update().execute()));
        all.add(new Case("instance update with an empty connector", "connector", "JDBC connector",
                () -> schema.instance("db1").update().connector("").execute()));
        all.add(new Case("instance update with branch and commitSha", "branch/commitSha/gitTag", "at most one of",
                () -> schema.instance("db1").update().branch("main").commitSha("abc").execute()));
        // lists
        all.add(new Case("schema list limit 0", "limit", "1 to 100 items", () -> project.schemas().list().pageSize(0).page(0)));
        all.add(new Case("schema list limit 101", "limit", "1 to 100 items", () -> project.schemas().list().pageSize(101).page(0)));
        all.add(new Case("instance list limit 0", "limit", "1 to 100 items", () -> schema.instances().list().pageSize(0).toList()));
        all.add(new Case("instance list limit 101", "limit", "1 to 100 items",
                () -> schema.instances().list().pageSize(101).toList()));
        all.add(new Case("page number -1", "page", "numbered from 0", () -> project.schemas().list().page(-1)));
        all.add(new Case("tag filter mixing Equals and NotEquals", "filterType", "one filter type",
                () -> schema.instances().list().withTags("env:prod").withoutTags("team:a").toList()));
        all.add(new Case("tag filter \":x\" (no key)", "instanceTags", "tags are \"key:value\" or \"key\"",
                () -> schema.instances().list().withTags(":x").toList()));
        // scope, reads, deletes, timeouts
        all.add(new Case("null org", "org", "organization and a project identifier are required",
                () -> client.project(null, "p")));
        all.add(new Case("null project", "project", "organization and a project identifier are required",
                () -> client.project("o", null)));
        all.add(new Case("blank org", "org", "organization and a project identifier are required",
                () -> client.project("  ", "p")));
        all.add(new Case("get of a schema identifier with a dot", "dbschema", ID_RULE, () -> project.schema("my.schema").get().execute()));
        all.add(new Case("delete of the instance identifier overview", "dbinstance", "refuses the identifier overview",
                () -> schema.instance("overview").delete().execute()));
        all.add(new Case("zero request timeout", "timeout", "a timeout must be a positive duration",
                () -> project.schema("good_schema").get().timeout(Duration.ZERO)));
        return all;
    }

    static dev.dbops.sdk.CreateSchema validSchema(String identifier) {
        return project.schemas().create(identifier).name("Schema").tags("env:prod")
                .changelog(c -> c.connector("git").location("changelog.yaml"));
    }

    static dev.dbops.sdk.CreateInstance validInstance(SchemaRef schema, String identifier) {
        return schema.instances().create(identifier).name("DB").connector("pg").branch("main");
    }

    @TestFactory
    Stream<DynamicTest> eachInvalidInputIsRefusedBeforeTheWire() {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.label(), () -> {
            Figures.badInputsTotal.incrementAndGet();
            int before = standIn.requests().size();
            Throwable thrown = catchThrowable(c.call()::run);
            Figures.badInputRequestsSent.addAndGet(standIn.requests().size() - before);
            Secrets.inspect(thrown);
            assertThat(thrown).as(c.label()).isInstanceOf(DbOpsValidationException.class);
            DbOpsValidationException refused = (DbOpsValidationException) thrown;
            assertThat(refused.field()).as("the field it names").isEqualTo(c.field());
            assertThat(refused.getMessage()).as("the message names the field and the rule")
                    .startsWith(c.field() + " ").contains(c.rule()).contains(refused.rule()).doesNotContain("\n");
            assertThat(refused.attempts()).as("attempts").isZero();
            assertThat(standIn.requests()).as("requests journaled by the stand-in").hasSize(before);
            Figures.badInputsRefused.incrementAndGet();
        }));
    }

    @Test
    void theJournalRecordsAValidCallSoItsZeroMeansNothingWasSent() {
        int before = standIn.requests().size();
        // The patient client: a cold stand-in can take longer than 300 ms to answer its first request.
        Project patient = Suite.project(Suite.setupClient(standIn));
        Secrets.inspect(patient.schemas().create("good_schema").name("Schema")
                .changelog(c -> c.connector("git").location("changelog.yaml")).executeWithResponse());
        assertThat(standIn.requests()).hasSize(before + 1);
    }
}

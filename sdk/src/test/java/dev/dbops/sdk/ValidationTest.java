package dev.dbops.sdk;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dbops.sdk.model.ChangelogScriptCreate;
import dev.dbops.sdk.model.DbSchemaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.dbops.sdk.Fixtures.INSTANCE;
import static dev.dbops.sdk.Fixtures.ORG;
import static dev.dbops.sdk.Fixtures.PROJECT;
import static dev.dbops.sdk.Fixtures.SCHEMA;
import static dev.dbops.sdk.Fixtures.journal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every input rule is checked before anything is sent: the exception names the field, what is
 * wrong with the value and the rule, and WireMock receives nothing.
 */
class ValidationTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wireMock();

    private static final String IDENTIFIER_RULE = "must match ^[a-zA-Z_][0-9a-zA-Z_$]{0,127}$";

    private static CreateSchema schema(HarnessDbOps c, String identifier) {
        return c.project(ORG, PROJECT).schemas().create(identifier).name("My Database Schema")
                .changelog(ch -> ch.connector("cockroachDB").location("changelog.yaml"));
    }

    private static CreateInstance instance(HarnessDbOps c, String identifier) {
        return c.project(ORG, PROJECT).schema(SCHEMA).instances().create(identifier).name("My Database Instance")
                .connector("pg");
    }

    private static Instances instances(HarnessDbOps c) {
        return c.project(ORG, PROJECT).schema(SCHEMA).instances();
    }

    private static InstanceRef instanceRef(HarnessDbOps c, String identifier) {
        return c.project(ORG, PROJECT).schema(SCHEMA).instance(identifier);
    }

    private static ChangelogScriptCreate script() {
        return new ChangelogScriptCreate().image("alpine/git:2.45.2").command("git clone x").shell("Sh").location("db");
    }

    private static Map<String, String> tags(int count) {
        Map<String, String> tags = new LinkedHashMap<>();
        IntStream.range(0, count).forEach(i -> tags.put("k" + i, "v"));
        return tags;
    }

    private static Arguments rule(String label, String field, String problem, String rule, Consumer<HarnessDbOps> call) {
        return arguments(label, field, problem, rule, call);
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                // identifiers
                rule("identifier with a hyphen", "identifier", "\"my-schema\" is invalid", IDENTIFIER_RULE,
                        c -> schema(c, "my-schema").execute()),
                rule("identifier with a dot", "identifier", "\"my.schema\" is invalid", IDENTIFIER_RULE,
                        c -> schema(c, "my.schema").execute()),
                rule("identifier with a space", "identifier", "\"my schema\" is invalid", IDENTIFIER_RULE,
                        c -> schema(c, "my schema").execute()),
                rule("identifier with a leading digit", "identifier", "\"1schema\" is invalid", IDENTIFIER_RULE,
                        c -> schema(c, "1schema").execute()),
                rule("identifier of 129 characters", "identifier", "has 129 characters", IDENTIFIER_RULE,
                        c -> schema(c, "a".repeat(129)).execute()),
                rule("empty identifier", "identifier", "is empty", IDENTIFIER_RULE,
                        c -> schema(c, "").execute()),
                rule("null identifier", "identifier", "is missing", "an identifier is required",
                        c -> schema(c, null).execute()),
                rule("reserved identifier", "identifier", "\"overview\" is reserved", "refuses the identifier overview",
                        c -> schema(c, "overview").execute()),
                rule("instance identifier with a hyphen", "identifier", "\"my-instance\" is invalid", IDENTIFIER_RULE,
                        c -> instance(c, "my-instance").execute()),
                rule("instance identifier overview", "identifier", "\"overview\" is reserved", "overview",
                        c -> instance(c, "overview").execute()),
                rule("schema in the path of a get", "dbschema", "\"my-schema\" is invalid", IDENTIFIER_RULE,
                        c -> c.project(ORG, PROJECT).schema("my-schema").get().execute()),
                rule("schema in the path of a delete", "dbschema", "\"overview\" is reserved", "overview",
                        c -> c.project(ORG, PROJECT).schema("overview").delete().execute()),
                rule("schema in the path of an update", "dbschema", "has 129 characters", IDENTIFIER_RULE,
                        c -> c.project(ORG, PROJECT).schema("x".repeat(129)).update().name("n").execute()),
                rule("schema in the path of an instance list", "dbschema", "\"a.b\" is invalid", IDENTIFIER_RULE,
                        c -> c.project(ORG, PROJECT).schema("a.b").instances().list().toList()),
                rule("schema in the path of an instance create", "dbschema", "is empty", IDENTIFIER_RULE,
                        c -> c.project(ORG, PROJECT).schema("").instances().create(INSTANCE).name("n").connector("pg").execute()),
                rule("instance in the path of a get", "dbinstance", "\"9lives\" is invalid", IDENTIFIER_RULE,
                        c -> instanceRef(c, "9lives").get().execute()),
                rule("instance in the path of a delete", "dbinstance", "is missing", "an identifier is required",
                        c -> instanceRef(c, null).delete().execute()),
                rule("instance in the path of an update", "dbinstance", "\"a-b\" is invalid", IDENTIFIER_RULE,
                        c -> instanceRef(c, "a-b").update().context("x").execute()),
                rule("primary instance of a schema update", "primaryDbInstanceId", "\"a-b\" is invalid", IDENTIFIER_RULE,
                        c -> c.project(ORG, PROJECT).schema(SCHEMA).update().primaryDbInstanceId("a-b").execute()),

                // scope
                rule("null org", "org", "is missing", "an organization and a project identifier are required",
                        c -> c.project(null, PROJECT)),
                rule("blank org", "org", "is blank", "an organization and a project identifier are required",
                        c -> c.project("  ", PROJECT)),
                rule("null project", "project", "is missing", "an organization and a project identifier are required",
                        c -> c.project(ORG, null)),
                rule("blank project", "project", "is blank", "an organization and a project identifier are required",
                        c -> c.project(ORG, "")),

                // names
                rule("name of 129 characters", "name", "has 129 characters", "at most 128 characters",
                        c -> schema(c, SCHEMA).name("n".repeat(129)).execute()),
                rule("blank name", "name", "is blank", "1 to 128 characters",
                        c -> schema(c, SCHEMA).name(" ").execute()),
                rule("missing schema name", "name", "is missing", "a name is required",
                        c -> c.project(ORG, PROJECT).schemas().create(SCHEMA)
                                .changelog(ch -> ch.connector("cockroachDB").location("changelog.yaml")).execute()),
                rule("missing instance name", "name", "is missing", "a name is required",
                        c -> c.project(ORG, PROJECT).schema(SCHEMA).instances().create(INSTANCE).connector("pg").execute()),
                rule("instance name of 129 characters", "name", "has 129 characters", "at most 128 characters",
                        c -> instance(c, INSTANCE).name("n".repeat(129)).execute()),
                rule("update to a name of 129 characters", "name", "has 129 characters", "at most 128 characters",
                        c -> c.project(ORG, PROJECT).schema(SCHEMA).update().name("n".repeat(129)).execute()),
                rule("instance update to a blank name", "name", "is blank", "1 to 128 characters",
                        c -> instanceRef(c, INSTANCE).update().name("").execute()),

                // tags
                rule("129 tags", "tags", "has 129 entries", "at most 128 tags",
                        c -> schema(c, SCHEMA).tags(tags(129)).execute()),
                rule("129 tags on an instance", "tags", "has 129 entries", "at most 128 tags",
                        c -> instance(c, INSTANCE).tags(tags(129)).execute()),
                rule("129 tags in an update", "tags", "has 129 entries", "at most 128 tags",
                        c -> instanceRef(c, INSTANCE).update().tags(tags(129)).execute()),
                rule("tag value of 129 characters", "tags.env", "has 129 characters", "at most 128 characters",
                        c -> schema(c, SCHEMA).tags("env:" + "v".repeat(129)).execute()),
                rule("tag value of 129 characters by tag()", "tags.env", "has 129 characters", "at most 128 characters",
                        c -> instance(c, INSTANCE).tag("env", "v".repeat(129)).execute()),
                rule("tag with no key", "tags", "\":v\" with no key", "tags are \"key:value\" or \"key\"",
                        c -> schema(c, SCHEMA).tags("env:prod", ":v").execute()),
                rule("empty tag", "tags", "has an empty tag", "tags are \"key:value\" or \"key\"",
                        c -> instance(c, INSTANCE).tags("").execute()),
                rule("tag map with an empty key", "tags", "has an empty key", "every tag needs a key",
                        c -> schema(c, SCHEMA).tags(Map.of("", "v")).execute()),
                rule("tag map with a null value", "tags.env", "is null", "a tag value is a string",
                        c -> schema(c, SCHEMA).tags(nullValue("env")).execute()),

                // instances: connector and revision
                rule("empty connector", "connector", "is empty", "JDBC connector",
                        c -> instance(c, INSTANCE).connector("").execute()),
                rule("missing connector", "connector", "is missing", "JDBC connector",
                        c -> c.project(ORG, PROJECT).schema(SCHEMA).instances().create(INSTANCE).name("n").execute()),
                rule("null connector", "connector", "is null", "give a value",
                        c -> instance(c, INSTANCE).connector(null).execute()),
                rule("update to a blank connector", "connector", "is empty", "JDBC connector",
                        c -> instanceRef(c, INSTANCE).update().connector(" ").execute()),
                rule("branch and gitTag", "branch/commitSha/gitTag", "are set together (branch, gitTag)",
                        "at most one of branch, commitSha and gitTag",
                        c -> instance(c, INSTANCE).branch("main").gitTag("v1.0").execute()),
                rule("branch and commitSha in an update", "branch/commitSha/gitTag", "are set together (branch, commitSha)",
                        "at most one of branch, commitSha and gitTag",
                        c -> instanceRef(c, INSTANCE).update().branch("main").commitSha("abc123").execute()),
                rule("all three revisions", "branch/commitSha/gitTag", "(branch, commitSha, gitTag)",
                        "at most one of branch, commitSha and gitTag",
                        c -> instance(c, INSTANCE).branch("main").commitSha("abc").gitTag("v1").execute()),
                rule("empty branch", "branch", "is empty", "a branch name cannot be empty",
                        c -> instance(c, INSTANCE).branch("").execute()),
                rule("substituted property with a null value", "substituteProperties.DB_NAME", "is null",
                        "give a value",
                        c -> instance(c, INSTANCE).substituteProperty("DB_NAME", null).execute()),
                rule("substituted property map with a null value", "substituteProperties.DB_NAME", "is null",
                        "a property value is a string",
                        c -> instance(c, INSTANCE).substituteProperties(nullValue("DB_NAME")).execute()),

                // schema source
                rule("changelog and changelogScript without type", "type",
                        "is not set while both changelog and changelogScript are", "type(Repository) or type(Script)",
                        c -> schema(c, SCHEMA).changelogScript(script()).execute()),
                rule("no changelog at all", "changelog", "is missing", "a changelog (git) or a changelogScript",
                        c -> c.project(ORG, PROJECT).schemas().create(SCHEMA).name("n").execute()),
                rule("Script type without a script", "changelogScript", "is missing", "a Script schema needs a changelogScript",
                        c -> schema(c, SCHEMA).type(DbSchemaType.SCRIPT).execute()),
                rule("Repository type without a changelog", "changelog", "is missing", "a Repository schema needs a changelog",
                        c -> c.project(ORG, PROJECT).schemas().create(SCHEMA).name("n").changelogScript(script())
                                .type(DbSchemaType.REPOSITORY).execute()),
                rule("changelog without location", "changelog.location", "is missing", "path of its file",
                        c -> schema(c, SCHEMA).changelog(ch -> ch.connector("cockroachDB")).execute()),
                rule("changelog with neither connector nor repo", "changelog.repo", "is missing while changelog.connector is empty",
                        "Harness Code repository",
                        c -> schema(c, SCHEMA).changelog(ch -> ch.connector("").location("changelog.yaml")).execute()),
                rule("script without image", "changelogScript.image", "is missing", "needs an image",
                        c -> c.project(ORG, PROJECT).schemas().create(SCHEMA).name("n")
                                .changelogScript(s -> s.command("c").shell("Sh").location("l")).execute()),
                rule("empty service on a create", "service", "is empty", "the service refuses \"\"",
                        c -> schema(c, SCHEMA).service("").execute()),
                rule("empty repo on a create", "changelog.repo", "is empty", "the service refuses \"\"",
                        c -> schema(c, SCHEMA).changelog(ch -> ch.connector("git").location("c.yaml").repo("")).execute()),
                rule("empty archivePath on a create", "changelog.archivePath", "is empty", "the service refuses \"\"",
                        c -> schema(c, SCHEMA).changelog(ch -> ch.connector("git").location("c.yaml").archivePath("")).execute()),
                rule("empty service on an update", "service", "is empty", "the service refuses \"\"",
                        c -> c.project(ORG, PROJECT).schema(SCHEMA).update().service("").execute()),
                rule("null given to a builder", "name", "is null", "give a value",
                        c -> schema(c, SCHEMA).name(null)),
                rule("null tag value", "tags.env", "is null", "give a value",
                        c -> schema(c, SCHEMA).tag("env", null)),
                rule("null client setting", "endpoint", "is null", "give a value",
                        c -> HarnessDbOps.builder().endpoint((String) null)),
                rule("header the SDK sets itself", "header x-api-key", "is set by the SDK", "other than the SDK's own",
                        c -> c.project(ORG, PROJECT).schema(SCHEMA).get().header("x-api-key", "other")),

                // updates
                rule("schema update that sets nothing", "update", "sets no field", "at least one field",
                        c -> c.project(ORG, PROJECT).schema(SCHEMA).update().execute()),
                rule("instance update that sets nothing", "update", "sets no field", "at least one field",
                        c -> instanceRef(c, INSTANCE).update().execute()),

                // lists and calls
                rule("page size 0", "limit", "is 0", "a page holds 1 to 100 items",
                        c -> c.project(ORG, PROJECT).schemas().list().pageSize(0)),
                rule("page size 101", "limit", "is 101", "a page holds 1 to 100 items",
                        c -> c.project(ORG, PROJECT).schemas().list().pageSize(101)),
                rule("instance page size 101", "limit", "is 101", "a page holds 1 to 100 items",
                        c -> instances(c).list().pageSize(101)),
                rule("page -1", "page", "is -1", "pages are numbered from 0",
                        c -> c.project(ORG, PROJECT).schemas().list().page(-1)),
                rule("instance page -1", "page", "is -1", "pages are numbered from 0",
                        c -> instances(c).list().page(-1)),
                rule("Equals and NotEquals mixed", "filterType", "mixes Equals and NotEquals", "one filter type",
                        c -> instances(c).list().withTags("env:prod").withoutTags("team:backend")),
                rule("filter tag with no key", "instanceTags", "\":prod\" with no key", "tags are \"key:value\" or \"key\"",
                        c -> instances(c).list().withTags(":prod")),
                rule("zero timeout", "timeout", "is PT0S", "a timeout must be a positive duration",
                        c -> c.project(ORG, PROJECT).schema(SCHEMA).get().timeout(Duration.ZERO)),
                rule("negative list timeout", "timeout", "is PT-1S", "a timeout must be a positive duration",
                        c -> c.project(ORG, PROJECT).schemas().list().timeout(Duration.ofSeconds(-1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void isRefusedBeforeTheWireNamingFieldProblemAndRule(String label, String field, String problem, String rule,
                                                        Consumer<HarnessDbOps> call) {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));

        DbOpsValidationException e = catchThrowableOfType(DbOpsValidationException.class,
                () -> call.accept(Fixtures.client(wm)));

        assertThat(e).as(label).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.rule()).contains(rule);
        assertThat(e.getMessage()).startsWith(field + " ").contains(problem).endsWith(e.rule()).doesNotContain("\n");
        assertThat(e.attempts()).isZero();
        assertThat(journal(wm)).as("requests that reached the server").isEmpty();
    }

    static Stream<Arguments> boundaries() {
        return Stream.<Arguments>of(
                arguments("identifier of 128 characters", (Consumer<HarnessDbOps>) c -> schema(c, "a".repeat(128)).execute()),
                arguments("identifier with _ first and $ inside", (Consumer<HarnessDbOps>) c -> schema(c, "_my$schema_2").execute()),
                arguments("name of 128 characters", (Consumer<HarnessDbOps>) c -> schema(c, SCHEMA).name("n".repeat(128)).execute()),
                arguments("128 tags", (Consumer<HarnessDbOps>) c -> instance(c, INSTANCE).tags(tags(128)).execute()),
                arguments("tag value of 128 characters", (Consumer<HarnessDbOps>) c -> instance(c, INSTANCE).tags("env:" + "v".repeat(128)).execute()),
                arguments("bare tag key", (Consumer<HarnessDbOps>) c -> schema(c, SCHEMA).tags("critical").execute()),
                arguments("both changelogs with an explicit type", (Consumer<HarnessDbOps>) c -> schema(c, SCHEMA)
                        .changelogScript(script()).type(DbSchemaType.SCRIPT).execute()),
                arguments("changelog in Harness Code (repo, no connector)", (Consumer<HarnessDbOps>) c ->
                        c.project(ORG, PROJECT).schemas().create(SCHEMA).name("n")
                                .changelog(ch -> ch.repo("db-repo").location("changelog.yaml")).execute()),
                arguments("page size 1", (Consumer<HarnessDbOps>) c -> c.project(ORG, PROJECT).schemas().list().pageSize(1).page(0)),
                arguments("page size 100", (Consumer<HarnessDbOps>) c -> instances(c).list().pageSize(100).page(0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("boundaries")
    void theLimitsThemselvesAreAccepted(String label, Consumer<HarnessDbOps> call) {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(201).withBody("[]")));
        wm.stubFor(Op.CREATE_SCHEMA.stub().willReturn(Op.CREATE_SCHEMA.success()));
        wm.stubFor(Op.CREATE_INSTANCE.stub().willReturn(Op.CREATE_INSTANCE.success()));

        call.accept(Fixtures.client(wm));

        assertThat(journal(wm)).as(label).hasSize(1);
    }

    @Test
    void theRuleIsTheDocumentsIdentifierPattern() {
        // The pattern the message quotes is the one the OpenAPI document states.
        String documented = SpecExamples.identifierPattern();
        assertThat(Validation.IDENTIFIER_RULE).startsWith("must match " + documented + " ");
    }

    private static Map<String, String> nullValue(String key) {
        Map<String, String> map = new HashMap<>();
        map.put(key, null);
        return map;
    }
}

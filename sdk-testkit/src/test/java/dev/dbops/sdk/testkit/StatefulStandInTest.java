package dev.dbops.sdk.testkit;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.dbops.sdk.BadRequestException;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.ListSchemas;
import dev.dbops.sdk.NotFoundException;
import dev.dbops.sdk.Page;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.model.MigrationType;
import dev.dbops.sdk.model.SchemaSourceType;
import dev.dbops.sdk.model.SortField;
import dev.dbops.sdk.model.SortOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stateful stand-in behaves like the service for every rule it promises, and everything it
 * answers conforms to the OpenAPI document.
 */
class StatefulStandInTest {

    static final Instant START = Instant.parse("2025-06-01T12:00:00Z");
    static final MutableClock CLOCK = MutableClock.at(START);

    @RegisterExtension
    static DbOpsStandInExtension extension = DbOpsStandInExtension.stateful().withClock(CLOCK);

    /** Undeclared fields are errors: a stored field the response model does not have must not leak out. */
    static final OpenApiInteractionValidator SPEC = OpenApiInteractionValidator
            .createForInlineApiSpecification(OpenApiDocument.load().text())
            .withLevelResolver(LevelResolver.create()
                    .withLevel("validation.schema.additionalProperties", ValidationReport.Level.ERROR).build())
            .build();

    DbOpsStandIn standIn;

    @BeforeEach
    void startTheClockAgain() {
        CLOCK.set(START);
    }

    @AfterEach
    void everyResponseConformsToTheDocument() {
        if (standIn == null) {
            return;
        }
        List<String> problems = ServedResponses.violations(standIn, SPEC);
        assertThat(problems).isEmpty();
    }

    private Project project(HarnessDbOps dbops, DbOpsStandIn standIn) {
        this.standIn = standIn;
        return dbops.project("default", "default_project");
    }

    private static DbSchema createSchema(Project project, String id) {
        return project.schemas().create(id).name("Schema " + id).tags("env:prod")
                .changelog(c -> c.connector("cockroachDB").location("changelog.yaml")).execute();
    }

    @Test
    void createThenReadBackWithServerFields(HarnessDbOps dbops, DbOpsStandIn standIn) {
        Project project = project(dbops, standIn);
        DbSchema created = createSchema(project, "my_db_schema");

        DbSchema read = project.schema("my_db_schema").get().execute();
        assertThat(read).isEqualTo(created);
        assertThat(read.getInstanceCount()).isZero();
        assertThat(read.getCreated()).as("stamped by the stand-in's clock").isEqualTo(START.getEpochSecond())
                .isEqualTo(read.getUpdated());
        assertThat(read.getSchemaSourceType()).isEqualTo(SchemaSourceType.GIT);
        assertThat(read.getMigrationType()).isEqualTo(MigrationType.LIQUIBASE);
        assertThat(read.getParentId()).isNotBlank();
        assertThat(standIn.requests()).hasSize(2);
    }

    /** The service always answers usePercona (the document's schema examples show it): false unless asked for. */
    @Test
    void aSchemaAlwaysSaysWhetherItUsesPercona(HarnessDbOps dbops, DbOpsStandIn standIn) {
        Project project = project(dbops, standIn);
        assertThat(createSchema(project, "plain").getUsePercona()).isFalse();
        assertThat(project.schema("plain").get().execute().getUsePercona()).isFalse();
        DbSchema online = project.schemas().create("online").name("Online").usePercona(true)
                .changelog(c -> c.connector("git").location("c.yaml")).execute();
        assertThat(online.getUsePercona()).isTrue();
        assertThat(project.schema("online").update().usePercona(false).execute().getUsePercona()).isFalse();
    }

    /** The update body's version is write-only: an instance as the service answers it has none. */
    @Test
    void anInstanceUpdatedWithAVersionDoesNotAnswerIt(HarnessDbOps dbops, DbOpsStandIn standIn) throws Exception {
        Project project = project(dbops, standIn);
        createSchema(project, "versioned");
        project.schema("versioned").instances().create("inst").name("Inst").connector("pg").branch("main").execute();

        DbInstance updated = project.schema("versioned").instance("inst").update().version("2.0").context("prod").execute();

        assertThat(updated.getContext()).isEqualTo("prod");
        for (ServeEvent event : standIn.server().getAllServeEvents()) {
            assertThat(event.getResponse().getBodyAsString()).as(event.getRequest().getUrl()).doesNotContain("\"version\"");
        }
    }

    /** A filter tag with only a key (or a null value), as the document allows, matches any value of the key. */
    @Test
    void aBareKeyTagFilterMatchesAnyValueOfTheKey(HarnessDbOps dbops, DbOpsStandIn standIn) throws Exception {
        Project project = project(dbops, standIn);
        createSchema(project, "bare");
        var instances = project.schema("bare").instances();
        instances.create("crit_a").name("A").connector("pg").tags("critical:yes", "env:prod").execute();
        instances.create("crit_b").name("B").connector("pg").tags("critical:").execute();
        instances.create("plain").name("C").connector("pg").tags("env:prod").execute();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI list = URI.create(standIn.baseUrl() + "/v1/orgs/default/projects/default_project/dbschema/bare/instancelist");

        for (String tag : List.of("{\"key\":\"critical\"}", "{\"key\":\"critical\",\"value\":null}")) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(list)
                    .header("x-api-key", "k").header("Harness-Account", DbOpsStandIn.ACCOUNT_ID)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"filterType\":\"Equals\",\"instanceTags\":[" + tag + "]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(tag).isEqualTo(200);
            assertThat(answer.body()).as(tag).contains("crit_a", "crit_b").doesNotContain("plain");
        }
        assertThat(instances.list().withTags("critical:").toList()).extracting(DbInstance::getIdentifier)
                .as("an empty value is a value").containsExactly("crit_b");
    }

    @Test
    void aDuplicateIdentifierIsRefusedWithAMessage(HarnessDbOps dbops, DbOpsStandIn standIn) {
        Project project = project(dbops, standIn);
        createSchema(project, "dup");
        assertThatThrownBy(() -> createSchema(project, "dup"))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("dup already exists");
    }

    @Test
    void whatDoesNotExistIs404(HarnessDbOps dbops, DbOpsStandIn standIn) {
        Project project = project(dbops, standIn);
        assertThatThrownBy(() -> project.schema("missing").get().execute())
                .isInstanceOf(NotFoundException.class).hasMessageContaining("missing not found");
        assertThat(project.schema("missing").find().execute()).isEmpty();
        createSchema(project, "present");
        assertThat(project.schema("present").instance("missing").find().execute()).isEmpty();
        assertThatThrownBy(() -> project.schema("missing").instances().create("i").name("I").connector("pg").execute())
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> project.schema("missing").update().name("M").execute())
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> project.schema("missing").delete().execute()).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> project.schema("present").instance("missing").update().context("c").execute())
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> project.schema("present").instance("missing").delete().execute())
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void updatesArePartialAndStampUpdated(HarnessDbOps dbops, DbOpsStandIn standIn) {
        Project project = project(dbops, standIn);
        DbSchema created = createSchema(project, "partial");
        CLOCK.advance(Duration.ofMinutes(3));
        DbSchema updated = project.schema("partial").update().name("Renamed").execute();

        assertThat(updated.getName()).isEqualTo("Renamed");
        assertThat(updated.getTags()).isEqualTo(Map.of("env", "prod"));
        assertThat(updated.getChangelog()).isEqualTo(created.getChangelog());
        assertThat(updated.getUpdated()).isEqualTo(created.getUpdated() + 180);
        assertThat(updated.getCreated()).isEqualTo(created.getCreated());

        project.schema("partial").instances().create("inst").name("Inst").connector("pg").gitTag("v1").execute();
        DbInstance moved = project.schema("partial").instance("inst").update().branch("main").execute();
        assertThat(moved.getBranch()).isEqualTo("main");
        assertThat(moved.getGitTag()).as("a new revision replaces the old one").isNull();
        assertThat(moved.getConnector()).isEqualTo("pg");
    }

    /** As the document's newConnector example: an update naming only the connector keeps the location. */
    @Test
    void aChangelogUpdateKeepsTheFieldsItLeavesOut(HarnessDbOps dbops, DbOpsStandIn standIn) {
        Project project = project(dbops, standIn);
        project.schemas().create("moving").name("Moving")
                .changelog(c -> c.connector("cockroachDB").location("changelog.yaml").repo("db"))
                .changelogScript(s -> s.image("alpine").command("cp").shell("Sh").location("out.yaml"))
                .type(dev.dbops.sdk.model.DbSchemaType.REPOSITORY).execute();

        DbSchema moved = project.schema("moving").update().changelog(c -> c.connector("github_backend"))
                .changelogScript(s -> s.image("alpine:3")).execute();

        assertThat(moved.getChangelog().getConnector()).isEqualTo("github_backend");
        assertThat(moved.getChangelog().getLocation()).isEqualTo("changelog.yaml");
        assertThat(moved.getChangelog().getRepo()).isEqualTo("db");
        assertThat(moved.getChangeLogScript().getImage()).isEqualTo("alpine:3");
        assertThat(moved.getChangeLogScript().getCommand()).isEqualTo("cp");
    }

    @Test
    void instanceCountFollowsCreatesAndDeletes(HarnessDbOps dbops, DbOpsStandIn standIn) {
        Project project = project(dbops, standIn);
        createSchema(project, "counted");
        for (String id : List.of("a", "b", "c")) {
            project.schema("counted").instances().create(id).name(id).connector("pg").branch("main").execute();
        }
        assertThat(project.schema("counted").get().execute().getInstanceCount()).isEqualTo(3);
        project.schema("counted").instance("b").delete().execute();
        assertThat(project.schema("counted").get().execute().getInstanceCount()).isEqualTo(2);
        DbInstance a = project.schema("counted").instance("a").get().execute();
        assertThat(a.getSchemaIdentifier()).isEqualTo("counted");
        assertThat(a.getToOnboard()).isTrue();
    }

    @Test
    void aSchemaWithInstancesIsNotDeleted(HarnessDbOps dbops, DbOpsStandIn standIn) {
        Project project = project(dbops, standIn);
        createSchema(project, "parent");
        project.schema("parent").instances().create("child").name("Child").connector("pg").execute();

        assertThatThrownBy(() -> project.schema("parent").delete().execute())
                .isInstanceOf(BadRequestException.class).hasMessageContaining("delete them first");
        assertThat(project.schema("parent").find().execute()).isPresent();

        project.schema("parent").instance("child").delete().execute();
        project.schema("parent").delete().execute();
        assertThat(project.schema("parent").find().execute()).isEmpty();
        assertThat(standIn.server().getAllServeEvents())
                .anyMatch(e -> e.getRequest().getMethod().getName().equals("DELETE") && e.getResponse().getStatus() == 204);
    }

    @Test
    void listsPageSearchSortAndFilter(HarnessDbOps dbops, DbOpsStandIn standIn) {
        Project project = project(dbops, standIn);
        for (int i = 0; i < 25; i++) {
            createSchema(project, String.format("schema_%02d", i));
        }
        project.schemas().create("flyway_one").name("Zeta").flyway()
                .changelog(c -> c.connector("git").location("db/migration")).execute();

        Page<DbSchema> first = project.schemas().list().pageSize(10).page(0);
        assertThat(first.items()).hasSize(10);
        assertThat(first.totalElements()).hasValue(26);
        assertThat(first.hasNext()).isTrue();
        Page<DbSchema> last = project.schemas().list().pageSize(10).page(2);
        assertThat(last.items()).hasSize(6);
        assertThat(last.hasNext()).isFalse();
        // As sent, not as the SDK falls back to when a header is missing.
        assertThat(last.response().header("X-Page-Number")).contains("2");
        assertThat(last.response().header("X-Page-Size")).contains("10");
        assertThat(last.response().header("X-Total-Elements")).contains("26");

        assertThat(project.schemas().list().pageSize(7).stream().count()).isEqualTo(26);
        assertThat(project.schemas().list().searchTerm("SCHEMA_1").toList()).hasSize(10);
        assertThat(project.schemas().list().migrationType(MigrationType.FLYWAY).toList())
                .extracting(DbSchema::getIdentifier).containsExactly("flyway_one");
        List<String> byName = project.schemas().list().sort(SortField.NAME).order(SortOrder.ASC).stream()
                .map(DbSchema::getName).collect(Collectors.toList());
        assertThat(byName).isSorted().hasSize(26);
    }

    @Test
    void listsAreNewestFirstUnlessSortedOtherwise(HarnessDbOps dbops, DbOpsStandIn standIn) {
        Project project = project(dbops, standIn);
        for (String id : List.of("first", "second", "third")) {
            createSchema(project, id);
            CLOCK.advance(Duration.ofSeconds(1)); // distinct stamps: the order comes from them, not from ties
        }
        project.schema("first").update().name("Touched").execute();

        assertThat(identifiers(project.schemas().list())).as("default: created, DESC")
                .containsExactly("third", "second", "first");
        assertThat(identifiers(project.schemas().list().sort(SortField.CREATED).order(SortOrder.ASC)))
                .containsExactly("first", "second", "third");
        assertThat(identifiers(project.schemas().list().sort(SortField.UPDATED))).first().isEqualTo("first");
        assertThat(identifiers(project.schemas().list().sort(SortField.UPDATED).order(SortOrder.ASC))).last()
                .isEqualTo("first");
    }

    private static List<String> identifiers(ListSchemas list) {
        return list.stream().map(DbSchema::getIdentifier).collect(Collectors.toList());
    }

    @Test
    void instanceListFiltersByTags(HarnessDbOps dbops, DbOpsStandIn standIn) {
        Project project = project(dbops, standIn);
        createSchema(project, "tagged");
        var instances = project.schema("tagged").instances();
        instances.create("prod_a").name("A").connector("pg").tags("env:prod", "team:backend").execute();
        instances.create("prod_b").name("B").connector("pg").tags("env:prod").execute();
        instances.create("dev_c").name("C").connector("pg").tags("env:dev").execute();

        assertThat(instances.list().withTags("env:prod").toList()).extracting(DbInstance::getIdentifier)
                .containsExactlyInAnyOrder("prod_a", "prod_b");
        assertThat(instances.list().withTags("env:prod", "team:backend").toList()).extracting(DbInstance::getIdentifier)
                .containsExactly("prod_a");
        assertThat(instances.list().withoutTags("env:prod").toList()).extracting(DbInstance::getIdentifier)
                .containsExactly("dev_c");
        assertThat(instances.list().page(0).totalElements()).hasValue(3);
    }

    @Test
    void accountsAreSeparate(HarnessDbOps dbops, DbOpsStandIn standIn) {
        Project project = project(dbops, standIn);
        createSchema(project, "mine");
        HarnessDbOps other = standIn.clientBuilder().accountId("another_account").build();
        assertThat(other.project("default", "default_project").schema("mine").find().execute()).isEmpty();
    }

    @Test
    void noApiKeyIs401AndABrokenBodyIs400(HarnessDbOps dbops, DbOpsStandIn standIn) throws Exception {
        this.standIn = standIn;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI schemas = URI.create(standIn.baseUrl() + "/v1/orgs/default/projects/default_project/dbschema");

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(schemas).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("\"message\"");

        // The SDK refuses this before sending; a hand-made request reaches the stand-in's document check.
        HttpResponse<String> hyphen = http.send(HttpRequest.newBuilder(schemas)
                .header("x-api-key", "k").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"identifier\":\"my-schema\",\"name\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(hyphen.statusCode()).isEqualTo(400);
        assertThat(hyphen.body()).contains("message").contains("my-schema");

        HttpResponse<String> tooLarge = http.send(HttpRequest.newBuilder(URI.create(schemas + "?limit=101"))
                .header("x-api-key", "k").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).isEqualTo(400);
    }
}

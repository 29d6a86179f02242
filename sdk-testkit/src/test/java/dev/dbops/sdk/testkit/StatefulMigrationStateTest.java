package dev.dbops.sdk.testkit;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.dbops.sdk.BadRequestException;
import dev.dbops.sdk.DbOpsJson;
import dev.dbops.sdk.ForbiddenException;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.InstanceMigrationState;
import dev.dbops.sdk.NotFoundException;
import dev.dbops.sdk.Page;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.SchemaRef;
import dev.dbops.sdk.UnauthorizedException;
import dev.dbops.sdk.model.ChangeSetInstanceState;
import dev.dbops.sdk.model.ChangeSetState;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.MigrationStateOut;
import dev.dbops.sdk.model.MigrationStateSortField;
import dev.dbops.sdk.model.MigrationStatus;
import dev.dbops.sdk.model.ProjectOverview;
import dev.dbops.sdk.model.RecentDeployment;
import dev.dbops.sdk.model.SortOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import static dev.dbops.sdk.model.MigrationStatus.DEPLOYMENT_FAILED;
import static dev.dbops.sdk.model.MigrationStatus.NOT_DEPLOYED;
import static dev.dbops.sdk.model.MigrationStatus.ROLLED_BACK;
import static dev.dbops.sdk.model.MigrationStatus.SUCCESSFULLY_DEPLOYED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stateful stand-in keeps migration state as a test tells it (changesets registered in order,
 * deployments, failures, rollbacks) and answers the migration state and the overview from it,
 * as the document describes them: told the document's story, it answers the document's examples
 * byte for byte. Everything it serves conforms to the document, strictly.
 */
class StatefulMigrationStateTest {

    static final Instant START = Instant.parse("2025-10-22T08:00:00Z");
    static final MutableClock CLOCK = MutableClock.at(START);

    @RegisterExtension
    static DbOpsStandInExtension extension = DbOpsStandInExtension.stateful().withClock(CLOCK);

    static final OpenApiDocument DOCUMENT = OpenApiDocument.load();
    static final ObjectMapper JSON = DbOpsJson.mapper();
    /** Undeclared fields are errors: a stored field the response model lost must not leak out. */
    static final OpenApiInteractionValidator STRICT = OpenApiInteractionValidator
            .createForInlineApiSpecification(DOCUMENT.text())
            .withLevelResolver(LevelResolver.create()
                    .withLevel("validation.schema.additionalProperties", ValidationReport.Level.ERROR).build())
            .build();

    DbOpsStandIn standIn;
    Project project;
    /** A text that the one violation a test serves on purpose contains. */
    String deliberateViolation;

    @BeforeEach
    void setUp(HarnessDbOps dbops, DbOpsStandIn standIn) {
        CLOCK.set(START);
        this.standIn = standIn;
        this.project = dbops.project("default", "default_project");
    }

    @AfterEach
    void everyAnswerConformsToTheDocument() {
        List<String> problems = ServedResponses.violations(standIn, STRICT);
        if (deliberateViolation != null) {
            assertThat(problems).as("the deliberate violation").anySatisfy(p -> assertThat(p).contains(deliberateViolation));
            problems.removeIf(p -> p.contains(deliberateViolation));
        }
        assertThat(problems).isEmpty();
    }

    // ---- The document's story, told to the stand-in ----

    @Test
    void toldTheDocumentsStoryItAnswersTheDocumentedMigrationStatePages() {
        tellTheStory(DOCUMENT.example("MigrationStatePage"));
        SchemaRef schema = project.schema("my_db_schema");

        Page<ChangeSetState> all = schema.migrationState().sort(MigrationStateSortField.NAME).order(SortOrder.ASC)
                .pageSize(10).page(0);
        assertThat(lastServedBody()).isEqualTo(DOCUMENT.example("MigrationStatePage"));
        assertThat(all.totalElements()).hasValue(4);
        assertThat(all.response().header("X-Page-Number")).contains("0");
        assertThat(all.response().header("X-Page-Size")).contains("10");

        schema.instance("my_db_instance").migrationState().pageSize(10).page(0);
        assertThat(lastServedBody()).isEqualTo(DOCUMENT.example("MigrationStateOneInstancePage"));
    }

    @Test
    void toldTheDocumentsStoryItAnswersTheDocumentedOverview() {
        tellTheStory(DOCUMENT.example("MigrationStatePage"));
        project.schemas().create("orders_schema").name("Orders")
                .changelog(c -> c.connector("git").location("orders.yaml")).execute();

        ProjectOverview overview = project.overview().execute();

        assertThat(lastServedBody()).isEqualTo(DOCUMENT.example("ProjectOverviewRecent"));
        assertThat(overview.getDbSchemaCount()).isEqualTo(2);
    }

    /**
     * Creates the schema and the instances of a migration state page and replays its deployments,
     * each at the time the page gives (every changeset registered at its own time).
     */
    private void tellTheStory(JsonNode page) {
        String schema = page.path("schema").asText();
        project.schemas().create(schema).name("My Database Schema")
                .changelog(c -> c.connector("cockroachDB").location("changelog.yaml")).execute();
        page.path("instances").forEach(i -> project.schema(schema).instances().create(i.path("identifier").asText())
                .name(i.path("name").asText()).connector("pg").branch("main").execute());
        for (JsonNode changeSet : page.path("changeSets")) {
            CLOCK.set(Instant.ofEpochSecond(changeSet.path("updated").asLong()));
            standIn.changeSets(schema, ChangeSet.of(changeSet.path("changeSet").asText(),
                    changeSet.path("fileName").asText(), changeSet.path("author").asText()));
            for (JsonNode state : changeSet.path("instances")) {
                if (state.path("status").asText().equals(NOT_DEPLOYED.getValue())) {
                    continue;
                }
                Deployment deployment = Deployment.withStatus(schema, state.path("instance").asText(),
                        changeSet.path("changeSet").asText(), state.path("status").asText())
                        .at(Instant.ofEpochSecond(state.path("updated").asLong()));
                text(state, "tag").ifPresent(deployment::tag);
                text(state, "pipeline").ifPresent(deployment::pipeline);
                text(state, "planExecutionId").ifPresent(deployment::planExecutionId);
                text(state, "stageExecutionId").ifPresent(deployment::stageExecutionId);
                text(state, "error").ifPresent(deployment::error);
                standIn.deploy(deployment);
            }
        }
        CLOCK.set(START);
    }

    private static java.util.Optional<String> text(JsonNode node, String field) {
        return node.hasNonNull(field) ? java.util.Optional.of(node.path(field).asText()) : java.util.Optional.empty();
    }

    private JsonNode lastServedBody() {
        List<ServeEvent> events = standIn.server().getAllServeEvents();
        ServeEvent last = events.stream().max(Comparator.comparing(e -> e.getRequest().getLoggedDate())).orElseThrow();
        try {
            return JSON.readTree(last.getResponse().getBodyAsString());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    // ---- A release, step by step ----

    private SchemaRef releaseSchema() {
        project.schemas().create("orders").name("Orders")
                .changelog(c -> c.connector("git").location("db/changelog.yaml")).execute();
        SchemaRef schema = project.schema("orders");
        schema.instances().create("dev").name("Development").connector("pg").branch("main").execute();
        CLOCK.advance(Duration.ofSeconds(1));
        schema.instances().create("prod").name("Production").connector("pg").branch("main").execute();
        standIn.changeSets("orders",
                ChangeSet.of("create_orders", "db/changelog.yaml", "ana"),
                ChangeSet.of("add_status", "db/changelog.yaml", "ana"),
                ChangeSet.of("add_index"));
        return schema;
    }

    @Test
    void registeredChangesetsAreListedInOrderNotDeployedAnywhere() {
        SchemaRef schema = releaseSchema();

        List<ChangeSetState> states = schema.migrationState().toList();

        assertThat(states).extracting(ChangeSetState::getChangeSet).containsExactly("create_orders", "add_status", "add_index");
        assertThat(states).allSatisfy(c -> {
            assertThat(c.getSynced()).isFalse();
            assertThat(c.getInstances()).extracting(ChangeSetInstanceState::getInstance).containsExactly("dev", "prod");
            assertThat(c.getInstances()).extracting(ChangeSetInstanceState::getStatus).containsOnly(NOT_DEPLOYED);
            assertThat(c.getInstances()).extracting(ChangeSetInstanceState::getUpdated).containsOnlyNulls();
        });
        assertThat(states.get(0).getChangeSetFQN()).isEqualTo("db/changelog.yaml::create_orders::ana");
        assertThat(states.get(0).getUpdated()).as("registered at the clock's time").isEqualTo(START.getEpochSecond() + 1);
        assertThat(states.get(2).getAuthor()).isNull();
        assertThat(states.get(2).getChangeSetFQN()).as("no file or author, no FQN").isNull();
    }

    @Test
    void aChangesetIsSyncedOnceDeployedOnEveryInstance() {
        SchemaRef schema = releaseSchema();
        CLOCK.advance(Duration.ofMinutes(10));
        standIn.deploy("orders", "dev", "create_orders", SUCCESSFULLY_DEPLOYED);

        ChangeSetState halfway = schema.migrationState().toList().get(0);
        assertThat(halfway.getSynced()).isFalse();
        assertThat(halfway.getInstances().get(0).getStatus()).isEqualTo(SUCCESSFULLY_DEPLOYED);
        assertThat(halfway.getInstances().get(0).getUpdated()).isEqualTo(CLOCK.instant().getEpochSecond());
        assertThat(halfway.getUpdated()).isEqualTo(CLOCK.instant().getEpochSecond());

        CLOCK.advance(Duration.ofMinutes(5));
        standIn.deploy(Deployment.of("orders", "prod", "create_orders", SUCCESSFULLY_DEPLOYED).tag("v1.0")
                .pipeline("deploy_orders").planExecutionId("plan1").stageExecutionId("stage1"));

        ChangeSetState synced = schema.migrationState().toList().get(0);
        assertThat(synced.getSynced()).isTrue();
        ChangeSetInstanceState prod = synced.getInstances().get(1);
        assertThat(prod.getTag()).isEqualTo("v1.0");
        assertThat(prod.getPipeline()).isEqualTo("deploy_orders");
        assertThat(prod.getPlanExecutionId()).isEqualTo("plan1");
        assertThat(prod.getStageExecutionId()).isEqualTo("stage1");
        assertThat(synced.getUpdated()).isEqualTo(CLOCK.instant().getEpochSecond());
        // Filtered to one instance, synced still speaks of all of them.
        assertThat(schema.migrationState().instances("dev").toList().get(0).getSynced()).isTrue();
    }

    @Test
    void failuresCarryTheirErrorAndRollbacksAndResetsAreRecorded() {
        SchemaRef schema = releaseSchema();
        standIn.deploy("orders", "prod", "add_status", DEPLOYMENT_FAILED, "ERROR: column \"status\" contains null values");
        standIn.deploy("orders", "dev", "add_status", SUCCESSFULLY_DEPLOYED);
        standIn.rollback("orders", "dev", "add_status");
        standIn.deploy("orders", "dev", "create_orders", SUCCESSFULLY_DEPLOYED);
        standIn.deploy("orders", "dev", "create_orders", NOT_DEPLOYED);

        InstanceMigrationState prod = schema.instance("prod").migrationState();
        assertThat(prod.failed()).extracting(ChangeSetState::getChangeSet).containsExactly("add_status");
        assertThat(prod.statusOf("add_status")).get().extracting(ChangeSetInstanceState::getError)
                .isEqualTo("ERROR: column \"status\" contains null values");
        InstanceMigrationState dev = schema.instance("dev").migrationState();
        assertThat(dev.statusOf("add_status")).get().extracting(ChangeSetInstanceState::getStatus).isEqualTo(ROLLED_BACK);
        assertThat(dev.statusOf("create_orders")).get().as("NOT_DEPLOYED forgets the deployment")
                .satisfies(s -> {
                    assertThat(s.getStatus()).isEqualTo(NOT_DEPLOYED);
                    assertThat(s.getUpdated()).isNull();
                });
        assertThat(dev.pending()).extracting(ChangeSetState::getChangeSet).containsExactly("create_orders", "add_status", "add_index");
    }

    @Test
    void aStatusTheSdkDoesNotKnowIsServedAsTheServiceWouldWriteIt() {
        SchemaRef schema = releaseSchema();
        standIn.deploy(Deployment.withStatus("orders", "dev", "create_orders", "Deployment_Queued"));
        deliberateViolation = "Deployment_Queued"; // not (yet) one of the document's values

        ChangeSetInstanceState dev = schema.migrationState().toList().get(0).getInstances().get(0);

        assertThat(dev.getStatus()).isEqualTo(MigrationStatus.UNKNOWN_DEFAULT_OPEN_API);
        assertThat(schema.instance("dev").migrationState().pending()).extracting(ChangeSetState::getChangeSet)
                .contains("create_orders");
    }

    @Test
    void theInstanceFilterNarrowsAndOrdersTheInstances() {
        SchemaRef schema = releaseSchema();
        CLOCK.advance(Duration.ofSeconds(1));
        schema.instances().create("alpha").name("Zulu").connector("pg").branch("main").execute();

        assertThat(reported(schema.migrationState().page(0))).as("default: identifier, ascending")
                .containsExactly("alpha", "dev", "prod");
        assertThat(reported(schema.migrationState().sort(MigrationStateSortField.NAME).page(0)))
                .containsExactly("dev", "prod", "alpha");
        assertThat(reported(schema.migrationState().sort(MigrationStateSortField.CREATED).order(SortOrder.DESC).page(0)))
                .containsExactly("alpha", "prod", "dev");
        assertThat(reported(schema.migrationState().instances("prod", "dev").page(0))).containsExactly("dev", "prod");
        assertThat(schema.migrationState().instances("prod").toList())
                .allSatisfy(c -> assertThat(c.getInstances()).extracting(ChangeSetInstanceState::getInstance)
                        .containsExactly("prod"));
    }

    private static List<String> reported(Page<ChangeSetState> page) {
        MigrationStateOut body = (MigrationStateOut) page.response().body();
        List<String> top = body.getInstances().stream().map(i -> i.getIdentifier()).collect(Collectors.toList());
        assertThat(page.items()).allSatisfy(c -> assertThat(c.getInstances())
                .extracting(ChangeSetInstanceState::getInstance).as("each changeset in the page's order").isEqualTo(top));
        return top;
    }

    @Test
    void changesetsArePagedAndSearched() {
        project.schemas().create("big").name("Big").changelog(c -> c.connector("git").location("c.yaml")).execute();
        for (int i = 0; i < 23; i++) {
            standIn.changeSets("big", ChangeSet.of(String.format("change_%02d", i), "c.yaml", "bot"));
        }
        SchemaRef schema = project.schema("big");

        Page<ChangeSetState> last = schema.migrationState().pageSize(10).page(2);
        assertThat(last.items()).extracting(ChangeSetState::getChangeSet).containsExactly("change_20", "change_21", "change_22");
        assertThat(last.totalElements()).hasValue(23);
        assertThat(last.hasNext()).isFalse();
        assertThat(schema.migrationState().pageSize(7).stream().count()).isEqualTo(23);
        assertThat(schema.migrationState().searchTerm("CHANGE_1").toList()).hasSize(10);
        assertThat(schema.migrationState().searchTerm("change_1").page(0).totalElements()).hasValue(10);
    }

    @Test
    void aMissingSchemaIs404AndAnUnknownInstanceInTheFilterIs400() {
        releaseSchema();
        assertThatThrownBy(() -> project.schema("missing").migrationState().toList())
                .isInstanceOf(NotFoundException.class).hasMessageContaining("missing not found");
        assertThatThrownBy(() -> project.schema("orders").instance("staging").migrationState().toList())
                .isInstanceOf(BadRequestException.class).hasMessageContaining("staging not found in schema orders");
    }

    @Test
    void deletingAnInstanceForgetsWhatWasDeployedOnIt() {
        SchemaRef schema = releaseSchema();
        standIn.deploy("orders", "prod", "create_orders", SUCCESSFULLY_DEPLOYED);
        schema.instance("prod").delete().execute();
        schema.instances().create("prod").name("Production").connector("pg").branch("main").execute();

        assertThat(schema.instance("prod").migrationState().isDeployed("create_orders")).isFalse();
        assertThat(project.overview().execute().getRecentDeployments()).isEmpty();
    }

    @Test
    void deploymentsUpdateTheInstance() {
        SchemaRef schema = releaseSchema();
        standIn.deploy(Deployment.of("orders", "dev", "create_orders", DEPLOYMENT_FAILED).tag("v0.9"));
        DbInstance failed = schema.instance("dev").get().execute();
        assertThat(failed.getToOnboard()).as("the first deployment recorded its state").isFalse();
        assertThat(failed.getLastAppliedTag()).as("a failed deployment applies no tag").isNull();
        assertThat(failed.getLastDeployedChangeSetTag()).isEmpty();

        standIn.deploy(Deployment.of("orders", "dev", "create_orders", SUCCESSFULLY_DEPLOYED).tag("v1.0"));
        DbInstance dev = schema.instance("dev").get().execute();
        assertThat(dev.getLastAppliedTag()).isEqualTo("v1.0");
        assertThat(dev.getLastDeployedChangeSetTag()).isEqualTo("v1.0");
        assertThat(schema.instance("prod").get().execute().getToOnboard()).isTrue();
    }

    @Test
    void theOverviewCountsAndListsTheFiveLatestDeploymentsNewestFirst() {
        releaseSchema();
        project.schemas().create("empty").name("Empty").changelog(c -> c.connector("git").location("e.yaml")).execute();
        for (String id : List.of("qa1", "qa2", "qa3", "qa4", "qa5")) {
            project.schema("orders").instances().create(id).name("QA " + id).connector("pg").branch("main").execute();
        }
        List<String> order = List.of("qa1", "dev", "qa2", "qa3", "qa4", "qa5");
        for (String instance : order) {
            CLOCK.advance(Duration.ofMinutes(1));
            standIn.deploy("orders", instance, "create_orders", SUCCESSFULLY_DEPLOYED);
        }
        CLOCK.advance(Duration.ofMinutes(1));
        standIn.rollback("orders", "prod", "create_orders");

        ProjectOverview overview = project.overview().execute();

        assertThat(overview.getDbSchemaCount()).isEqualTo(2);
        assertThat(overview.getDbInstanceCount()).isEqualTo(7);
        assertThat(overview.getRecentDeployments()).extracting(RecentDeployment::getDbInstanceIdentifier)
                .as("a rollback is no deployment; at most five, newest first")
                .containsExactly("qa5", "qa4", "qa3", "qa2", "dev");
        RecentDeployment newest = overview.getRecentDeployments().get(0);
        assertThat(newest.getDbSchemaIdentifier()).isEqualTo("orders");
        assertThat(newest.getDbSchemaName()).isEqualTo("Orders");
        assertThat(newest.getDbInstanceName()).isEqualTo("QA qa5");
        assertThat(newest.getLastDeployed()).isEqualTo(START.plus(Duration.ofMinutes(6)).getEpochSecond() + 1);
    }

    @Test
    void anEmptyProjectHasAnEmptyOverview() {
        ProjectOverview overview = project.overview().execute();
        assertThat(overview.getDbSchemaCount()).isZero();
        assertThat(overview.getDbInstanceCount()).isZero();
        assertThat(overview.getRecentDeployments()).isEmpty();
    }

    @Test
    void theDriverNamesWhatIsMissing() {
        assertThatThrownBy(() -> standIn.changeSets("nowhere", ChangeSet.of("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No schema nowhere");
        releaseSchema();
        assertThatThrownBy(() -> standIn.deploy("orders", "staging", "create_orders", SUCCESSFULLY_DEPLOYED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no instance staging");
        assertThatThrownBy(() -> standIn.deploy("orders", "dev", "drop_everything", SUCCESSFULLY_DEPLOYED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("register it first");
        assertThatThrownBy(() -> standIn.changeSets("orders", ChangeSet.of("create_orders")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registered already");
        assertThatThrownBy(() -> Deployment.of("orders", "dev", "x", MigrationStatus.UNKNOWN_DEFAULT_OPEN_API))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSameSchemaIdentifierInTwoAccountsIsAmbiguous() {
        releaseSchema();
        standIn.clientBuilder().accountId("another_account").build().project("default", "default_project").schemas()
                .create("orders").name("Orders").changelog(c -> c.connector("git").location("c.yaml")).execute();
        assertThatThrownBy(() -> standIn.deploy("orders", "dev", "create_orders", SUCCESSFULLY_DEPLOYED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distinct identifiers");
    }

    @Test
    void resetForgetsChangesetsAndDeployments() {
        releaseSchema();
        standIn.deploy("orders", "dev", "create_orders", SUCCESSFULLY_DEPLOYED);
        standIn.reset();
        releaseSchema();
        assertThat(project.schema("orders").migrationState().toList())
                .allSatisfy(c -> assertThat(c.getInstances()).extracting(ChangeSetInstanceState::getStatus)
                        .containsOnly(NOT_DEPLOYED));
    }

    // ---- Conditions the stand-in does not model, and revoked keys ----

    @Test
    void respondWithAnswersADocumentedErrorInStatefulModeToo() {
        releaseSchema();
        standIn.respondWith("getMigrationState", 403);

        assertThatThrownBy(() -> project.schema("orders").migrationState().toList())
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining(DOCUMENT.example("ErrorForbidden").path("message").asText());
        assertThat(project.schema("orders").get().execute().getName()).as("other operations are served").isEqualTo("Orders");
        assertThat(project.overview().execute().getDbSchemaCount()).isEqualTo(1);

        standIn.respondWith("getDbSchema", 404);
        assertThat(project.overview().execute().getDbSchemaCount()).as("the overview is not a schema").isEqualTo(1);

        standIn.reset();
        releaseSchema();
        assertThat(project.schema("orders").migrationState().toList()).hasSize(3);
    }

    @Test
    void aRevokedKeyIs401UntilReset() {
        releaseSchema();
        HarnessDbOps revoked = standIn.clientBuilder().apiKey("pat.revoked").build();
        standIn.revokeApiKey("pat.revoked");

        assertThatThrownBy(() -> revoked.project("default", "default_project").overview().execute())
                .isInstanceOf(UnauthorizedException.class);
        assertThat(project.overview().execute().getDbSchemaCount()).as("other keys still work").isEqualTo(1);

        standIn.reset();
        assertThat(revoked.project("default", "default_project").overview().execute().getDbSchemaCount()).isZero();
    }
}

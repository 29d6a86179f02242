package dev.dbops.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dbops.sdk.model.ChangeSetInstanceState;
import dev.dbops.sdk.model.ChangeSetState;
import dev.dbops.sdk.model.MigrationStateSortField;
import dev.dbops.sdk.model.MigrationStatus;
import dev.dbops.sdk.model.ProjectOverview;
import dev.dbops.sdk.model.SortOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.dbops.sdk.Fixtures.MIGRATION_STATE_PATH;
import static dev.dbops.sdk.Fixtures.SCHEMA;
import static dev.dbops.sdk.Fixtures.example;
import static dev.dbops.sdk.Fixtures.journal;
import static dev.dbops.sdk.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which changesets reached which instances, read from the document's migration-state examples:
 * the schema's list, one instance's view with its answers, tolerance of new statuses, the overview.
 */
class MigrationStateTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wireMock();

    static final String INSTANCE = "my_db_instance";

    /** The example's (changeSet → status on the instance) table, as the document states it. */
    static Map<String, String> documentedStatuses(String example, String instance) {
        Map<String, String> statuses = new TreeMap<>();
        for (JsonNode changeSet : SpecExamples.node(example).path("changeSets")) {
            for (JsonNode state : changeSet.path("instances")) {
                if (state.path("instance").asText().equals(instance)) {
                    statuses.put(changeSet.path("changeSet").asText(), state.path("status").asText());
                }
            }
        }
        return statuses;
    }

    static ResponseDefinitionBuilder page(JsonNode body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("X-Total-Elements", String.valueOf(body.path("changeSets").size()))
                .withHeader("X-Page-Number", "0").withHeader("X-Page-Size", "100").withBody(body.toString());
    }

    @Test
    void theSchemasListSendsTheDocumentedFilterAndReadsEveryChangeset() {
        wm.stubFor(Op.GET_MIGRATION_STATE.stub().willReturn(page(SpecExamples.node("MigrationStatePage"))));
        JsonNode filter = SpecExamples.node("MigrationStateAllInstancesRequest").path("instanceFilter");

        List<ChangeSetState> changeSets = project(Fixtures.client(wm)).schema(SCHEMA).migrationState()
                .sort(MigrationStateSortField.fromValue(filter.path("sort").asText()))
                .order(SortOrder.fromValue(filter.path("order").asText()))
                .toList();

        assertThat(changeSets).extracting(ChangeSetState::getChangeSet).containsExactlyElementsOf(
                SpecExamples.node("MigrationStatePage").findValuesAsText("changeSet"));
        wm.verify(postRequestedFor(urlPathEqualTo(MIGRATION_STATE_PATH))
                .withQueryParam("page", com.github.tomakehurst.wiremock.client.WireMock.equalTo("0"))
                .withRequestBody(equalToJson(SpecExamples.json("MigrationStateAllInstancesRequest"))));
    }

    @Test
    void anInstancesViewAsksForThatInstanceAndAnswersFromItsColumn() {
        wm.stubFor(Op.GET_MIGRATION_STATE.stub().willReturn(page(SpecExamples.node("MigrationStateOneInstancePage"))));
        Map<String, String> documented = documentedStatuses("MigrationStateOneInstancePage", INSTANCE);
        InstanceMigrationState state = project(Fixtures.client(wm)).schema(SCHEMA).instance(INSTANCE).migrationState();

        List<String> pending = state.pending().stream().map(ChangeSetState::getChangeSet).toList();
        List<String> failed = state.failed().stream().map(ChangeSetState::getChangeSet).toList();

        assertThat(pending).containsExactlyInAnyOrderElementsOf(keysWith(documented, "Not_Deployed", "Rolled_Back"));
        assertThat(failed).containsExactlyInAnyOrderElementsOf(keysWith(documented, "Deployment_Failed"));
        assertThat(failed).isNotEmpty();
        documented.forEach((changeSet, status) ->
                assertThat(state.isDeployed(changeSet)).as(changeSet).isEqualTo(status.equals("Successfully_Deployed")));
        ChangeSetInstanceState failure = state.statusOf(failed.get(0)).orElseThrow();
        assertThat(failure.getStatus()).isEqualTo(MigrationStatus.DEPLOYMENT_FAILED);
        assertThat(failure.getError()).isEqualTo(SpecExamples.node("MigrationStateOneInstancePage")
                .findValues("error").get(0).asText());
        assertThat(state.statusOf("no_such_changeset")).isEmpty();
        assertThat(state.isDeployed("no_such_changeset")).isFalse();
        assertThat(journal(wm)).allSatisfy(r -> assertThat(r.getBodyAsString())
                .isEqualToIgnoringWhitespace(SpecExamples.json("MigrationStateOneInstanceRequest")));
    }

    @Test
    void aStatusTheSdkDoesNotKnowIsReadAndCountsAsPending() {
        ObjectNode body = SpecExamples.node("MigrationStateOneInstancePage").deepCopy();
        ObjectNode first = (ObjectNode) body.path("changeSets").get(0).path("instances").get(0);
        first.put("status", "Deployment_Queued");
        String changeSet = body.path("changeSets").get(0).path("changeSet").asText();
        wm.stubFor(Op.GET_MIGRATION_STATE.stub().willReturn(page(body)));

        InstanceMigrationState state = project(Fixtures.client(wm)).schema(SCHEMA).instance(INSTANCE).migrationState();

        assertThat(state.statusOf(changeSet).orElseThrow().getStatus()).isEqualTo(MigrationStatus.UNKNOWN_DEFAULT_OPEN_API);
        assertThat(state.pending()).extracting(ChangeSetState::getChangeSet).contains(changeSet);
        assertThat(state.isDeployed(changeSet)).isFalse();
    }

    @Test
    void theOverviewIsTheDocumentedOne() throws Exception {
        wm.stubFor(Op.GET_PROJECT_OVERVIEW.stub().willReturn(example(200, "ProjectOverviewRecent")));

        ProjectOverview overview = project(Fixtures.client(wm)).overview().execute();

        // Through text, as the wire carries it: valueToTree would keep int64 fields as longs.
        JsonNode read = DbOpsJson.mapper().readTree(DbOpsJson.mapper().writeValueAsString(overview));
        assertThat(read).isEqualTo(SpecExamples.node("ProjectOverviewRecent"));
    }

    @Test
    void anErrorBodyAnsweredAsSuccessIsMalformed() {
        wm.stubFor(Op.GET_PROJECT_OVERVIEW.stub().willReturn(example(200, "ErrorNotFound")));

        MalformedResponseException e = org.assertj.core.api.Assertions.catchThrowableOfType(MalformedResponseException.class,
                () -> project(Fixtures.client(wm)).overview().execute());

        assertThat(e).hasMessageContaining("it is not a project overview");
    }

    private static List<String> keysWith(Map<String, String> statuses, String... wanted) {
        List<String> keys = new ArrayList<>();
        statuses.forEach((k, v) -> {
            if (List.of(wanted).contains(v)) {
                keys.add(k);
            }
        });
        return keys;
    }
}

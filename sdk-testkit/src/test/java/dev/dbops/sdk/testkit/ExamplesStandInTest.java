package dev.dbops.sdk.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbops.sdk.DbOpsJson;
import dev.dbops.sdk.NotFoundException;
import dev.dbops.sdk.Page;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.ServerErrorException;
import dev.dbops.sdk.model.ChangeSetState;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.model.ProjectOverview;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** In examples mode the stand-in answers the document's named examples, and documented errors on request. */
class ExamplesStandInTest {

    @RegisterExtension
    static DbOpsStandInExtension standIn = DbOpsStandInExtension.examples();

    static final OpenApiDocument SPEC = OpenApiDocument.load();
    static final ObjectMapper JSON = DbOpsJson.mapper();

    @Test
    void answersTheDocumentedExamples() throws Exception {
        Project project = standIn.client().project("default", "default_project");
        DbSchema schema = project.schema("anything").get().execute();
        JsonNode served = JSON.readTree(JSON.writeValueAsString(schema));
        assertThat(served).isEqualTo(SPEC.example("SeedCreateSchemaResponse"));
        assertThat(project.schemas().list().toList()).hasSize(SPEC.example("SchemaListPage").size());
        assertThat(project.schema("s").instance("i").get().execute().getIdentifier()).isEqualTo(
                SPEC.example("SeedCreateInstanceResponse").path("identifier").asText());
    }

    @Test
    void answersTheMigrationStateAndTheOverviewWithTheirExamples() throws Exception {
        Project project = standIn.client().project("default", "default_project");

        Page<ChangeSetState> page = project.schema("any_schema").migrationState().page(0);
        assertThat(JSON.readTree(JSON.writeValueAsString(page.response().body())))
                .isEqualTo(SPEC.example("MigrationStatePage"));
        assertThat(page.totalElements()).as("X-Total-Elements counts the changesets")
                .hasValue(SPEC.example("MigrationStatePage").path("changeSets").size());

        ProjectOverview overview = project.overview().execute();
        assertThat(JSON.readTree(JSON.writeValueAsString(overview))).as("the overview, not a schema called overview")
                .isEqualTo(SPEC.example("ProjectOverviewRecent"));
        assertThat(standIn.standIn().requestCounts()).containsEntry("getProjectOverview", 1L)
                .doesNotContainKey("getDbSchema");
    }

    @Test
    void aSchemaErrorLeavesTheOverviewAlone() {
        standIn.standIn().respondWith("getDbSchema", 404);
        Project project = standIn.client().project("o", "p");
        assertThat(project.overview().execute().getDbSchemaCount()).isEqualTo(
                SPEC.example("ProjectOverviewRecent").path("dbSchemaCount").asInt());
        standIn.standIn().respondWith("getProjectOverview", 404);
        assertThatThrownBy(() -> project.overview().execute()).isInstanceOf(NotFoundException.class);
    }

    @Test
    void answersADocumentedErrorWhenAsked() {
        standIn.standIn().respondWith("getDbSchema", 404);
        assertThatThrownBy(() -> standIn.client().project("o", "p").schema("x").get().execute())
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(SPEC.example("ErrorNotFound").path("message").asText());
    }

    @Test
    void resetRestoresTheSuccessExamples() {
        standIn.standIn().respondWith("getDbSchema", 500);
        standIn.standIn().reset();
        assertThat(standIn.client().project("o", "p").schema("x").get().execute().getIdentifier()).isEqualTo("my_db_schema");
    }

    @Test
    void networkConditionsApplyToTheExamplesToo() {
        standIn.standIn().network(n -> n.faults(1.0, Fault.SERVER_ERROR_BEFORE_HANDLING));
        assertThatThrownBy(() -> standIn.client().project("o", "p").schema("x").get().execute())
                .isInstanceOf(ServerErrorException.class)
                .hasMessageContaining(SPEC.example("ErrorInternal").path("message").asText());
        assertThat(standIn.standIn().requestCounts()).as("every attempt counted: the first and two retries")
                .containsEntry("getDbSchema", 3L);
    }

    @Test
    void refusesAnUndocumentedStatus() {
        assertThatThrownBy(() -> standIn.standIn().respondWith("listDbSchemas", 404))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("documents no 404");
    }
}

package dev.dbops.sdk.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbops.sdk.DbOpsJson;
import dev.dbops.sdk.NotFoundException;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.ServerErrorException;
import dev.dbops.sdk.model.DbSchema;
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

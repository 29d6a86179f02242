package dev.dbops.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.testkit.DbOpsStandIn;
import dev.dbops.sdk.testkit.OpenApiDocument;
import dev.dbops.sdk.testkit.WithDbOpsStandIn;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples run against the stateful stand-in and do what the documentation page does. */
@WithDbOpsStandIn
class ExamplesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void provisionsTheTerraformTabsSchemaAndInstance(HarnessDbOps dbops) {
        String output = run(out -> ProvisionDatabaseDevOps.run(dbops, "default", "default_project", false, out));

        Project project = dbops.project("default", "default_project");
        DbSchema schema = project.schema("my_db_schema").get().execute();
        assertThat(schema.getName()).isEqualTo("My Database Schema");
        assertThat(schema.getTags()).isEqualTo(Map.of("env", "prod", "team", "backend"));
        assertThat(schema.getChangelog().getConnector()).isEqualTo("cockroachDB");
        assertThat(schema.getChangelog().getLocation()).isEqualTo("changelog.yaml");
        assertThat(schema.getInstanceCount()).isEqualTo(1);

        DbInstance instance = project.schema("my_db_schema").instance("my_db_instance").get().execute();
        assertThat(instance.getName()).isEqualTo("My Database Instance");
        assertThat(instance.getBranch()).isEqualTo("main");
        assertThat(instance.getConnector()).isEqualTo("pg");
        assertThat(instance.getContext()).isEqualTo("production");
        assertThat(instance.getTags()).as("the example's update step").isEqualTo(Map.of("env", "prod", "team", "backend"));

        assertThat(output).contains("Created schema   my_db_schema", "Created instance my_db_instance",
                "Listed   1 schema(s)", "Updated  instance my_db_instance");
    }

    @Test
    void runningAgainUpdatesInsteadOfFailingOnAlreadyExists(HarnessDbOps dbops) {
        run(out -> ProvisionDatabaseDevOps.run(dbops, "default", "default_project", false, out));
        String second = run(out -> ProvisionDatabaseDevOps.run(dbops, "default", "default_project", false, out));
        assertThat(second).contains("Updated schema   my_db_schema", "Updated instance my_db_instance");
        assertThat(dbops.project("default", "default_project").schemas().list().toList()).hasSize(1);
    }

    @Test
    void teardownDeletesInstanceThenSchema(HarnessDbOps dbops, DbOpsStandIn standIn) {
        String output = run(out -> ProvisionDatabaseDevOps.run(dbops, "default", "default_project", true, out));
        Project project = dbops.project("default", "default_project");
        assertThat(project.schema("my_db_schema").find().execute()).isEmpty();
        assertThat(output).contains("(gone)");
        List<String> deletes = standIn.requests().stream().filter(r -> r.getMethod().getName().equals("DELETE"))
                .map(LoggedRequest::getUrl).collect(Collectors.toList());
        assertThat(deletes).containsExactly(
                "/v1/orgs/default/projects/default_project/dbschema/my_db_schema/instance/my_db_instance",
                "/v1/orgs/default/projects/default_project/dbschema/my_db_schema");
    }

    @Test
    void theApiExampleSendsTheDocumentedBodiesBodyForBody(HarnessDbOps dbops, DbOpsStandIn standIn) throws Exception {
        String output = run(out -> ProvisionViaApi.run(dbops, "default", "default_project", out));
        List<LoggedRequest> posts = standIn.requests().stream()
                .filter(r -> r.getMethod().getName().equals("POST")).collect(Collectors.toList());
        assertThat(posts).hasSize(2);
        OpenApiDocument spec = OpenApiDocument.load();
        JsonNode schemaBody = JSON.readTree(posts.get(0).getBodyAsString());
        JsonNode instanceBody = JSON.readTree(posts.get(1).getBodyAsString());
        assertThat(schemaBody).isEqualTo(spec.example("SeedCreateSchemaRequest"));
        assertThat(instanceBody).isEqualTo(spec.example("SeedCreateInstanceRequest"));
        assertThat(output).contains("Schema   my_db_schema", "Instance customer_db_instance");

        run(out -> ProvisionViaApi.run(dbops, "default", "default_project", out));
        assertThat(standIn.requests().stream().filter(r -> r.getMethod().getName().equals("POST")))
                .as("a second run creates nothing").hasSize(2);
    }

    private static String run(java.util.function.Consumer<PrintStream> example) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            example.accept(out);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}

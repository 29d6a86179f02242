package dev.dbops.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.model.DbSchemaType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.dbops.contract.Contract.SPEC;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "Provision Database DevOps" page, literally: what a user copies from each tab, written with
 * the fluent builders, must reach the server as the bodies the page documents (read from the
 * OpenAPI document's Seed* and Terraform* examples) and give back the documented responses.
 */
class SeedPageTest {

    static final SpecValidatingListener SPEC_CHECK = new SpecValidatingListener(Contract.STRICT_VALIDATOR);

    @RegisterExtension
    static final WireMockExtension WIREMOCK = SpecValidatingListener.wireMock(SPEC_CHECK);

    // The API tab's curl: https://app.harness.io/v1/orgs/<org>/projects/<project>/dbschema
    static final String SCHEMAS = "/v1/orgs/default/projects/default_project/dbschema";
    static final String INSTANCES = SCHEMAS + "/my_db_schema/instance";

    @BeforeEach
    void reset() {
        SPEC_CHECK.reset();
    }

    // ---- Provisioning via API ----

    @Test
    void apiTabStep1CreatesTheSchemaWithTheDocumentedCurlBody() {
        answer(SCHEMAS, "SeedCreateSchemaResponse");
        Project project = apiClient().project("default", "default_project");

        DbSchema schema = project.schemas().create("my_db_schema")
                .name("My Database Schema")
                .changelogScript(s -> s
                        .command("curl -X -o changeLog.yaml https://www.filestore.com/changeLog.yaml")
                        .image("plugins/image:latest")
                        .location("changelog.yaml")
                        .shell("Sh, Bash, <+pipeline.variables.shell>"))
                .changelog(c -> c.connector("cockroachDB").location("changelog.yaml").repo("changelog.yaml"))
                .liquibase()
                .type(DbSchemaType.REPOSITORY)
                .execute();

        LoggedRequest sent = onlyRequest();
        assertCurlHeaders(sent);
        assertThat(body(sent)).isEqualTo(SPEC.example("SeedCreateSchemaRequest"));
        assertThat(Contract.tree(schema)).isEqualTo(SPEC.example("SeedCreateSchemaResponse"));
        assertThat(schema.getInstanceCount()).as("instanceCount starts at 0").isZero();
        SPEC_CHECK.assertNoViolations();
    }

    @Test
    void apiTabStep2CreatesTheInstanceWithTheDocumentedCurlBody() {
        answer(INSTANCES, "SeedCreateInstanceResponse");
        Project project = apiClient().project("default", "default_project");

        DbInstance instance = project.schema("my_db_schema").instances().create("customer_db_instance")
                .name("Customer DB Instance")
                .connector("pg")
                .branch("main")
                .context("dev")
                .substituteProperty("DB_NAME", "my_db_schema")
                .tags("env:dev")
                .execute();

        LoggedRequest sent = onlyRequest();
        assertCurlHeaders(sent);
        assertThat(sent.getUrl()).isEqualTo(INSTANCES);
        assertThat(body(sent)).isEqualTo(SPEC.example("SeedCreateInstanceRequest"));
        assertThat(Contract.tree(instance)).isEqualTo(SPEC.example("SeedCreateInstanceResponse"));
        assertThat(instance.getToOnboard()).as("a new instance is still to onboard").isTrue();
        SPEC_CHECK.assertNoViolations();
    }

    // ---- Provisioning via Terraform ----

    /**
     * The Terraform tab's two resources, as the SDK writes them: the provider block's endpoint (the
     * gateway), account and key; the schema first, then the instance that depends on it.
     */
    @Test
    void terraformTabCreatesTheSchemaThenTheInstanceBoundToIt() {
        answer("/gateway" + SCHEMAS, "TerraformCreateSchemaResponse");
        answer("/gateway" + INSTANCES, "TerraformCreateInstanceResponse");
        HarnessDbOps harness = HarnessDbOps.builder()
                .endpoint(WIREMOCK.baseUrl() + "/gateway")
                .accountId("your_account_id")
                .apiKey("pat_XXXXXXXXXXXXXXXX")
                .build();

        // resource "harness_platform_db_schema" "my_schema"
        DbSchema mySchema = harness.project("default", "default_project").schemas().create("my_db_schema")
                .name("My Database Schema")
                .tags("env:prod", "team:backend")
                .changelog(schemaSource -> schemaSource.connector("cockroachDB").location("changelog.yaml"))
                .execute();

        // resource "harness_platform_db_instance" "my_instance" (depends_on the schema)
        DbInstance myInstance = harness.project("default", "default_project").schema(mySchema.getIdentifier())
                .instances().create("my_db_instance")
                .name("My Database Instance")
                .tags("env:prod")
                .branch("main")
                .connector("pg")
                .context("production")
                .execute();

        List<LoggedRequest> sent = WIREMOCK.findAll(anyRequestedFor(anyUrl()));
        assertThat(sent).extracting(LoggedRequest::getUrl).as("schema before instance")
                .containsExactly("/gateway" + SCHEMAS, "/gateway" + INSTANCES);
        for (LoggedRequest request : sent) {
            assertThat(request.getHeader("Harness-Account")).isEqualTo("your_account_id");
            assertThat(request.getHeader("x-api-key")).isEqualTo("pat_XXXXXXXXXXXXXXXX");
            assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
        }
        assertThat(body(sent.get(0))).isEqualTo(SPEC.example("TerraformCreateSchemaRequest"));
        assertThat(body(sent.get(1))).isEqualTo(SPEC.example("TerraformCreateInstanceRequest"));
        assertThat(Contract.tree(mySchema)).isEqualTo(SPEC.example("TerraformCreateSchemaResponse"));
        assertThat(Contract.tree(myInstance)).isEqualTo(SPEC.example("TerraformCreateInstanceResponse"));
        assertThat(myInstance.getSchemaIdentifier()).as("the instance is bound to the schema")
                .isEqualTo(mySchema.getIdentifier());
        SPEC_CHECK.assertNoViolations();
        assertThat(SPEC_CHECK.validated()).hasSize(2);
    }

    private static HarnessDbOps apiClient() {
        return Contract.client(WIREMOCK.baseUrl()).build();
    }

    private static void answer(String path, String responseExample) {
        WIREMOCK.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody(SPEC.example(responseExample).toString())));
    }

    private static LoggedRequest onlyRequest() {
        List<LoggedRequest> sent = WIREMOCK.findAll(anyRequestedFor(anyUrl()));
        assertThat(sent).hasSize(1);
        return sent.get(0);
    }

    /** The curl's -H lines: Content-Type, Harness-Account and x-api-key. */
    private static void assertCurlHeaders(LoggedRequest request) {
        assertThat(request.getMethod().getName()).isEqualTo("POST");
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(request.getHeader("Harness-Account")).isEqualTo(Contract.ACCOUNT_ID);
        assertThat(request.getHeader("x-api-key")).isEqualTo(Contract.API_KEY);
    }

    private static JsonNode body(LoggedRequest request) {
        return Contract.json(request.getBodyAsString());
    }
}

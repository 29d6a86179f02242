package dev.dbops.sdk;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.model.DbSchemaCreate;
import dev.dbops.sdk.model.DbSchemaType;
import dev.dbops.sdk.model.MigrationType;
import dev.dbops.sdk.model.SortField;
import dev.dbops.sdk.model.SortOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.LinkedHashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.dbops.sdk.Fixtures.INSTANCE;
import static dev.dbops.sdk.Fixtures.INSTANCES_PATH;
import static dev.dbops.sdk.Fixtures.INSTANCE_LIST_PATH;
import static dev.dbops.sdk.Fixtures.INSTANCE_PATH;
import static dev.dbops.sdk.Fixtures.SCHEMA;
import static dev.dbops.sdk.Fixtures.SCHEMAS_PATH;
import static dev.dbops.sdk.Fixtures.SCHEMA_PATH;
import static dev.dbops.sdk.Fixtures.example;
import static dev.dbops.sdk.Fixtures.journal;
import static dev.dbops.sdk.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The builders send exactly the documented bodies: the seed's two create calls, the Terraform tab's,
 * updates with only the fields set, and the instance-list filter. Compared strictly with the
 * OpenAPI document's examples (no extra field, no missing one).
 */
class RequestBodyTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wireMock();

    private static String spec(String example) {
        return SpecExamples.json(example);
    }

    @Test
    void theSeedsDocumentedCreateSchemaBodyWithBothChangelogsIsSentAsDocumented() {
        wm.stubFor(Op.CREATE_SCHEMA.stub().willReturn(example(201, "SeedCreateSchemaResponse")));

        DbSchema created = project(Fixtures.client(wm)).schemas().create("my_db_schema")
                .name("My Database Schema")
                .liquibase()
                .type(DbSchemaType.REPOSITORY)
                .changelog(c -> c.connector("cockroachDB").location("changelog.yaml").repo("changelog.yaml"))
                .changelogScript(s -> s.image("plugins/image:latest")
                        .command("curl -X -o changeLog.yaml https://www.filestore.com/changeLog.yaml")
                        .shell("Sh, Bash, <+pipeline.variables.shell>")
                        .location("changelog.yaml"))
                .execute();

        wm.verify(1, postRequestedFor(urlPathEqualTo(SCHEMAS_PATH))
                .withRequestBody(equalToJson(spec("SeedCreateSchemaRequest"), false, false)));
        assertThat(created.getIdentifier()).isEqualTo("my_db_schema");
        assertThat(created.getParentId()).isEqualTo("UGHnTeYhRPOv_ttpbEQFKg");
        assertThat(created.getType()).isEqualTo(DbSchemaType.REPOSITORY);
        assertThat(created.getCreated()).isEqualTo(1761120868L);
    }

    @Test
    void theSeedsDocumentedCreateInstanceBodyIsSentAsDocumented() {
        wm.stubFor(Op.CREATE_INSTANCE.stub().willReturn(example(201, "SeedCreateInstanceResponse")));

        DbInstance created = project(Fixtures.client(wm)).schema("my_db_schema").instances()
                .create("customer_db_instance")
                .name("Customer DB Instance")
                .connector("pg")
                .branch("main")
                .context("dev")
                .substituteProperty("DB_NAME", "my_db_schema")
                .tags("env:dev")
                .execute();

        wm.verify(1, postRequestedFor(urlPathEqualTo(INSTANCES_PATH))
                .withRequestBody(equalToJson(spec("SeedCreateInstanceRequest"), false, false)));
        assertThat(created.getIdentifier()).isEqualTo("customer_db_instance");
        assertThat(created.getSchemaIdentifier()).isEqualTo("my_db_schema1");
        assertThat(created.getToOnboard()).isTrue();
    }

    @Test
    void theTerraformTabsSchemaIsTwoTagStringsAndAChangelog() {
        wm.stubFor(Op.CREATE_SCHEMA.stub().willReturn(example(201, "TerraformCreateSchemaResponse")));

        DbSchema created = project(Fixtures.client(wm)).schemas().create("my_db_schema")
                .name("My Database Schema")
                .tags("env:prod", "team:backend")
                .changelog(c -> c.connector("cockroachDB").location("changelog.yaml"))
                .execute();

        wm.verify(1, postRequestedFor(urlPathEqualTo(SCHEMAS_PATH))
                .withRequestBody(equalToJson(spec("TerraformCreateSchemaRequest"), false, false)));
        assertThat(created.getTags()).containsEntry("team", "backend");
    }

    @Test
    void tagsAsAMapOrOneByOneSendTheSameBody() {
        wm.stubFor(Op.CREATE_SCHEMA.stub().willReturn(example(201, "TerraformCreateSchemaResponse")));
        Schemas schemas = project(Fixtures.client(wm)).schemas();

        schemas.create("my_db_schema").name("My Database Schema").tags(Map.of("env", "prod", "team", "backend"))
                .changelog(c -> c.connector("cockroachDB").location("changelog.yaml")).execute();
        schemas.create("my_db_schema").name("My Database Schema").tag("env", "prod").tag("team", "backend")
                .changelog(c -> c.connector("cockroachDB").location("changelog.yaml")).execute();

        wm.verify(2, postRequestedFor(urlPathEqualTo(SCHEMAS_PATH))
                .withRequestBody(equalToJson(spec("TerraformCreateSchemaRequest"), false, false)));
    }

    @Test
    void theTerraformTabsInstance() {
        wm.stubFor(Op.CREATE_INSTANCE.stub().willReturn(example(201, "TerraformCreateInstanceResponse")));

        DbInstance created = project(Fixtures.client(wm)).schema("my_db_schema").instances().create("my_db_instance")
                .name("My Database Instance")
                .tags("env:prod")
                .branch("main")
                .connector("pg")
                .context("production")
                .execute();

        wm.verify(1, postRequestedFor(urlPathEqualTo(INSTANCES_PATH))
                .withRequestBody(equalToJson(spec("TerraformCreateInstanceRequest"), false, false)));
        assertThat(created.getContext()).isEqualTo("production");
    }

    @Test
    void aScriptChangelogMakesAScriptSchemaAndFlywayIsSent() {
        wm.stubFor(Op.CREATE_SCHEMA.stub().willReturn(example(201, "TerraformCreateSchemaResponse")));

        project(Fixtures.client(wm)).schemas().create("orders_schema").name("Orders").flyway()
                .changelogScript(s -> s.image("alpine/git:2.45.2").command("git clone x").shell("Sh").location("db"))
                .execute();

        wm.verify(postRequestedFor(urlPathEqualTo(SCHEMAS_PATH)).withRequestBody(equalToJson(
                "{\"identifier\":\"orders_schema\",\"name\":\"Orders\",\"type\":\"Script\",\"migrationType\":\"Flyway\","
                        + "\"changeLogScript\":{\"image\":\"alpine/git:2.45.2\",\"command\":\"git clone x\","
                        + "\"shell\":\"Sh\",\"location\":\"db\"}}", false, false)));
    }

    @Test
    void terraformTagStringsAllowBareKeysAndColonsInValues() {
        DbSchemaCreate body = project(Fixtures.client(wm)).schemas().create(SCHEMA).name("n")
                .changelog(c -> c.connector("git").location("c.yaml"))
                .tags("critical", "url:http://db.example:5432", " env : prod ")
                .toRequestBody();

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("critical", "");
        expected.put("url", "http://db.example:5432");
        expected.put("env", "prod");
        assertThat(body.getTags()).containsExactlyEntriesOf(expected);
        assertThat(journal(wm)).as("toRequestBody sends nothing").isEmpty();
    }

    @Test
    void aSchemaUpdateSendsOnlyTheFieldsSet() {
        wm.stubFor(Op.UPDATE_SCHEMA.stub().willReturn(example(200, "UpdateSchemaResponse")));

        DbSchema updated = project(Fixtures.client(wm)).schema(SCHEMA).update()
                .name("My Database Schema (v2)")
                .tags("env:prod", "team:platform")
                .execute();

        wm.verify(1, putRequestedFor(urlPathEqualTo(SCHEMA_PATH))
                .withRequestBody(equalToJson(spec("UpdateSchemaRequest"), false, false)));
        assertThat(updated.getName()).isEqualTo("My Database Schema (v2)");
    }

    @Test
    void anInstanceUpdateSendsOnlyTheFieldsSet() {
        wm.stubFor(Op.UPDATE_INSTANCE.stub().willReturn(example(200, "UpdateInstanceResponse")));

        DbInstance updated = project(Fixtures.client(wm)).schema(SCHEMA).instance(INSTANCE).update()
                .branch("release")
                .context("staging")
                .execute();

        wm.verify(1, putRequestedFor(urlPathEqualTo(INSTANCE_PATH))
                .withRequestBody(equalToJson(spec("UpdateInstanceRequest"), false, false)));
        assertThat(updated.getBranch()).isEqualTo("release");
    }

    @Test
    void aSingleFieldUpdateIsASingleFieldBodyEvenWhenTheFieldIsFalse() {
        wm.stubFor(Op.UPDATE_SCHEMA.stub().willReturn(example(200, "UpdateSchemaResponse")));
        wm.stubFor(Op.UPDATE_INSTANCE.stub().willReturn(example(200, "UpdateInstanceResponse")));
        Project project = project(Fixtures.client(wm));

        project.schema(SCHEMA).update().usePercona(false).execute();
        project.schema(SCHEMA).instance(INSTANCE).update().version("v1.5.0").execute();

        wm.verify(putRequestedFor(urlPathEqualTo(SCHEMA_PATH)).withRequestBody(equalToJson("{\"usePercona\":false}", false, false)));
        wm.verify(putRequestedFor(urlPathEqualTo(INSTANCE_PATH)).withRequestBody(equalToJson("{\"version\":\"v1.5.0\"}", false, false)));
    }

    @Test
    void anUpdatedChangelogCarriesOnlyTheFieldsSetAndNoType() {
        // Harness keeps what an update leaves out, inside the changelog too: a new connector alone is a valid update.
        wm.stubFor(Op.UPDATE_SCHEMA.stub().willReturn(example(200, "UpdateSchemaConnectorResponse")));
        String connector = SpecExamples.node("UpdateSchemaConnectorRequest").path("changelog").path("connector").asText();

        project(Fixtures.client(wm)).schema(SCHEMA).update().changelog(c -> c.connector(connector)).execute();

        wm.verify(putRequestedFor(urlPathEqualTo(SCHEMA_PATH)).withRequestBody(
                equalToJson(SpecExamples.json("UpdateSchemaConnectorRequest"), false, false)));
    }

    @Test
    void anUnfilteredInstanceListSendsAnEmptyFilter() {
        wm.stubFor(Op.LIST_INSTANCES.stub().willReturn(example(200, "InstanceListPage")));

        assertThat(project(Fixtures.client(wm)).schema(SCHEMA).instances().list().toList())
                .extracting(DbInstance::getIdentifier).containsExactly("my_db_instance");

        wm.verify(1, postRequestedFor(urlPathEqualTo(INSTANCE_LIST_PATH))
                .withQueryParam("page", equalTo("0")).withQueryParam("limit", equalTo("100"))
                .withRequestBody(equalToJson("{}", false, false)));
    }

    @Test
    void withTagsSendsTheDocumentedEqualsFilter() {
        wm.stubFor(Op.LIST_INSTANCES.stub().willReturn(example(200, "InstanceListPage")));

        project(Fixtures.client(wm)).schema(SCHEMA).instances().list().withTags("env:prod").toList();

        wm.verify(1, postRequestedFor(urlPathEqualTo(INSTANCE_LIST_PATH))
                .withRequestBody(equalToJson(spec("InstanceFilterRequest"), false, false)));
    }

    @Test
    void withoutTagsSendsANotEqualsFilterWithEveryTag() {
        wm.stubFor(Op.LIST_INSTANCES.stub().willReturn(example(200, "InstanceListPage")));

        project(Fixtures.client(wm)).schema(SCHEMA).instances().list()
                .withoutTags("env:prod").withoutTags("critical", "owner:").page(0);

        // A bare key filters on the key alone: the tag goes without a value; "owner:" asks for an empty one.
        wm.verify(1, postRequestedFor(urlPathEqualTo(INSTANCE_LIST_PATH)).withRequestBody(equalToJson(
                "{\"filterType\":\"NotEquals\",\"instanceTags\":[{\"key\":\"env\",\"value\":\"prod\"},"
                        + "{\"key\":\"critical\"},{\"key\":\"owner\",\"value\":\"\"}]}", false, false)));
    }

    @Test
    void schemaListFiltersBecomeQueryParameters() {
        wm.stubFor(Op.LIST_SCHEMAS.stub().willReturn(example(200, "SchemaListPage")));

        project(Fixtures.client(wm)).schemas().list().searchTerm("orders").sort(SortField.NAME).order(SortOrder.ASC)
                .migrationType(MigrationType.FLYWAY).pageSize(25).page(3);

        wm.verify(1, getRequestedFor(urlPathEqualTo(SCHEMAS_PATH))
                .withQueryParam("search_term", equalTo("orders"))
                .withQueryParam("sort", equalTo("name"))
                .withQueryParam("order", equalTo("ASC"))
                .withQueryParam("migrationType", equalTo("Flyway"))
                .withQueryParam("page", equalTo("3"))
                .withQueryParam("limit", equalTo("25")));
    }

    @Test
    void unsetListFiltersAreNotSent() {
        wm.stubFor(Op.LIST_SCHEMAS.stub().willReturn(example(200, "SchemaListPage")));

        project(Fixtures.client(wm)).schemas().list().page(0);

        wm.verify(1, getRequestedFor(urlPathEqualTo(SCHEMAS_PATH))
                .withQueryParam("search_term", absent()).withQueryParam("sort", absent())
                .withQueryParam("order", absent()).withQueryParam("migrationType", absent()));
    }
}

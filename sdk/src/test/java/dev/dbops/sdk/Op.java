package dev.dbops.sdk;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

import java.util.function.Function;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.dbops.sdk.Fixtures.INSTANCE;
import static dev.dbops.sdk.Fixtures.INSTANCES_PATH;
import static dev.dbops.sdk.Fixtures.INSTANCE_LIST_PATH;
import static dev.dbops.sdk.Fixtures.INSTANCE_PATH;
import static dev.dbops.sdk.Fixtures.MIGRATION_STATE_PATH;
import static dev.dbops.sdk.Fixtures.OVERVIEW_PATH;
import static dev.dbops.sdk.Fixtures.SCHEMA;
import static dev.dbops.sdk.Fixtures.SCHEMAS_PATH;
import static dev.dbops.sdk.Fixtures.SCHEMA_PATH;
import static dev.dbops.sdk.Fixtures.project;

/**
 * Every operation as a user calls it through the fluent API, with its path and documented success
 * response; what the operation is (id, method, whether a create) comes from the SDK's public
 * {@link Operation}, so that this table does not repeat it.
 */
enum Op {
    LIST_SCHEMAS(Operation.LIST_SCHEMAS, SCHEMAS_PATH, 200, "SchemaListPage",
            c -> project(c).schemas().list().page(0).response()),
    CREATE_SCHEMA(Operation.CREATE_SCHEMA, SCHEMAS_PATH, 201, "TerraformCreateSchemaResponse",
            c -> project(c).schemas().create(SCHEMA).name("My Database Schema")
                    .changelog(ch -> ch.connector("cockroachDB").location("changelog.yaml")).executeWithResponse()),
    GET_SCHEMA(Operation.GET_SCHEMA, SCHEMA_PATH, 200, "SeedCreateSchemaResponse",
            c -> project(c).schema(SCHEMA).get().executeWithResponse()),
    UPDATE_SCHEMA(Operation.UPDATE_SCHEMA, SCHEMA_PATH, 200, "UpdateSchemaResponse",
            c -> project(c).schema(SCHEMA).update().name("My Database Schema (v2)").executeWithResponse()),
    DELETE_SCHEMA(Operation.DELETE_SCHEMA, SCHEMA_PATH, 204, null,
            c -> project(c).schema(SCHEMA).delete().executeWithResponse()),
    LIST_INSTANCES(Operation.LIST_INSTANCES, INSTANCE_LIST_PATH, 200, "InstanceListPage",
            c -> project(c).schema(SCHEMA).instances().list().page(0).response()),
    CREATE_INSTANCE(Operation.CREATE_INSTANCE, INSTANCES_PATH, 201, "TerraformCreateInstanceResponse",
            c -> project(c).schema(SCHEMA).instances().create(INSTANCE).name("My Database Instance")
                    .connector("pg").branch("main").executeWithResponse()),
    GET_INSTANCE(Operation.GET_INSTANCE, INSTANCE_PATH, 200, "SeedCreateInstanceResponse",
            c -> project(c).schema(SCHEMA).instance(INSTANCE).get().executeWithResponse()),
    UPDATE_INSTANCE(Operation.UPDATE_INSTANCE, INSTANCE_PATH, 200, "UpdateInstanceResponse",
            c -> project(c).schema(SCHEMA).instance(INSTANCE).update().context("staging").executeWithResponse()),
    DELETE_INSTANCE(Operation.DELETE_INSTANCE, INSTANCE_PATH, 204, null,
            c -> project(c).schema(SCHEMA).instance(INSTANCE).delete().executeWithResponse()),
    GET_MIGRATION_STATE(Operation.GET_MIGRATION_STATE, MIGRATION_STATE_PATH, 200, "MigrationStatePage",
            c -> project(c).schema(SCHEMA).migrationState().page(0).response()),
    GET_PROJECT_OVERVIEW(Operation.GET_PROJECT_OVERVIEW, OVERVIEW_PATH, 200, "ProjectOverviewRecent",
            c -> project(c).overview().executeWithResponse());

    final Operation operation;
    final String method;
    final String path;
    final boolean create;
    final int successStatus;
    final String successExample;
    private final Function<HarnessDbOps, DbOpsResponse<?>> call;

    Op(Operation operation, String path, int successStatus, String successExample,
       Function<HarnessDbOps, DbOpsResponse<?>> call) {
        this.operation = operation;
        this.method = operation.method();
        this.path = path;
        this.create = operation.isCreate();
        this.successStatus = successStatus;
        this.successExample = successExample;
        this.call = call;
    }

    /** Runs the operation through the fluent API. */
    DbOpsResponse<?> run(HarnessDbOps client) {
        return call.apply(client);
    }

    /** A stub for this operation's method and path (answer still to be given). */
    MappingBuilder stub() {
        return request(method, urlPathEqualTo(path));
    }

    /** Requests of this operation's method and path. */
    RequestPatternBuilder requested() {
        return RequestPatternBuilder.newRequestPattern(com.github.tomakehurst.wiremock.http.RequestMethod.fromString(method),
                urlPathEqualTo(path));
    }

    /** The documented success answer. */
    ResponseDefinitionBuilder success() {
        return successExample == null ? aResponse().withStatus(successStatus)
                : Fixtures.example(successStatus, successExample);
    }
}

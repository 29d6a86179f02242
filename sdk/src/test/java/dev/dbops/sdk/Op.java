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
import static dev.dbops.sdk.Fixtures.SCHEMA;
import static dev.dbops.sdk.Fixtures.SCHEMAS_PATH;
import static dev.dbops.sdk.Fixtures.SCHEMA_PATH;
import static dev.dbops.sdk.Fixtures.project;

/**
 * The ten operations as a user calls them through the fluent API, each with its HTTP method, path,
 * whether it is a create, and the documented success response.
 */
enum Op {
    LIST_SCHEMAS("GET", SCHEMAS_PATH, false, 200, "SchemaListPage",
            c -> project(c).schemas().list().page(0).response()),
    CREATE_SCHEMA("POST", SCHEMAS_PATH, true, 201, "TerraformCreateSchemaResponse",
            c -> project(c).schemas().create(SCHEMA).name("My Database Schema")
                    .changelog(ch -> ch.connector("cockroachDB").location("changelog.yaml")).executeWithResponse()),
    GET_SCHEMA("GET", SCHEMA_PATH, false, 200, "SeedCreateSchemaResponse",
            c -> project(c).schema(SCHEMA).get().executeWithResponse()),
    UPDATE_SCHEMA("PUT", SCHEMA_PATH, false, 200, "UpdateSchemaResponse",
            c -> project(c).schema(SCHEMA).update().name("My Database Schema (v2)").executeWithResponse()),
    DELETE_SCHEMA("DELETE", SCHEMA_PATH, false, 204, null,
            c -> project(c).schema(SCHEMA).delete().executeWithResponse()),
    LIST_INSTANCES("POST", INSTANCE_LIST_PATH, false, 200, "InstanceListPage",
            c -> project(c).schema(SCHEMA).instances().list().page(0).response()),
    CREATE_INSTANCE("POST", INSTANCES_PATH, true, 201, "TerraformCreateInstanceResponse",
            c -> project(c).schema(SCHEMA).instances().create(INSTANCE).name("My Database Instance")
                    .connector("pg").branch("main").executeWithResponse()),
    GET_INSTANCE("GET", INSTANCE_PATH, false, 200, "SeedCreateInstanceResponse",
            c -> project(c).schema(SCHEMA).instance(INSTANCE).get().executeWithResponse()),
    UPDATE_INSTANCE("PUT", INSTANCE_PATH, false, 200, "UpdateInstanceResponse",
            c -> project(c).schema(SCHEMA).instance(INSTANCE).update().context("staging").executeWithResponse()),
    DELETE_INSTANCE("DELETE", INSTANCE_PATH, false, 204, null,
            c -> project(c).schema(SCHEMA).instance(INSTANCE).delete().executeWithResponse());

    final String method;
    final String path;
    final boolean create;
    final int successStatus;
    final String successExample;
    private final Function<HarnessDbOps, DbOpsResponse<?>> call;

    Op(String method, String path, boolean create, int successStatus, String successExample,
       Function<HarnessDbOps, DbOpsResponse<?>> call) {
        this.method = method;
        this.path = path;
        this.create = create;
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

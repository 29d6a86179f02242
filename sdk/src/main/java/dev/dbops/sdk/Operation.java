package dev.dbops.sdk;

/**
 * The ten operations of the OpenAPI document, with what a retry may assume of each. The instance
 * list is a POST only because it carries a filter body: it changes nothing, so it retries as a read.
 */
enum Operation {
    LIST_SCHEMAS("listDbSchemas", false),
    CREATE_SCHEMA("createDbSchema", true),
    GET_SCHEMA("getDbSchema", false),
    UPDATE_SCHEMA("updateDbSchema", false),
    DELETE_SCHEMA("deleteDbSchema", false),
    LIST_INSTANCES("listDbInstances", false),
    CREATE_INSTANCE("createDbInstance", true),
    GET_INSTANCE("getDbInstance", false),
    UPDATE_INSTANCE("updateDbInstance", false),
    DELETE_INSTANCE("deleteDbInstance", false);

    final String id;
    /** True for creates: sending one twice could create twice, so it is replayed only when unsent. */
    final boolean create;

    Operation(String id, boolean create) {
        this.id = id;
        this.create = create;
    }

    /** Whether a success carries a JSON body (everything but the deletes). */
    boolean returnsBody() {
        return this != DELETE_SCHEMA && this != DELETE_INSTANCE;
    }

    /** Whether a response with this status may be answered by sending the request again. */
    boolean retriesStatus(int status) {
        if (create) {
            return status == 429 || status == 503;
        }
        return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }
}

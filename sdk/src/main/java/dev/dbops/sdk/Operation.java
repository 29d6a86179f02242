package dev.dbops.sdk;

/**
 * The operations of the Harness Database DevOps API that the SDK calls, as the OpenAPI document
 * names them, with what a retry may assume of each. Interceptors, retry conditions and exceptions
 * name the operation a call is for.
 */
public enum Operation {
    /** {@code GET .../dbschema}: a page of the project's schemas. */
    LIST_SCHEMAS("listDbSchemas", "GET", Kind.READ),
    /** {@code POST .../dbschema}: create a schema. */
    CREATE_SCHEMA("createDbSchema", "POST", Kind.CREATE),
    /** {@code GET .../dbschema/{dbschema}}: read a schema. */
    GET_SCHEMA("getDbSchema", "GET", Kind.READ),
    /** {@code PUT .../dbschema/{dbschema}}: update a schema. */
    UPDATE_SCHEMA("updateDbSchema", "PUT", Kind.IDEMPOTENT_WRITE),
    /** {@code DELETE .../dbschema/{dbschema}}: delete a schema. */
    DELETE_SCHEMA("deleteDbSchema", "DELETE", Kind.IDEMPOTENT_WRITE),
    /** {@code POST .../dbschema/{dbschema}/instancelist}: a page of a schema's instances (a POST for its filter body; it changes nothing). */
    LIST_INSTANCES("listDbInstances", "POST", Kind.READ),
    /** {@code POST .../dbschema/{dbschema}/instance}: create an instance. */
    CREATE_INSTANCE("createDbInstance", "POST", Kind.CREATE),
    /** {@code GET .../dbschema/{dbschema}/instance/{dbinstance}}: read an instance. */
    GET_INSTANCE("getDbInstance", "GET", Kind.READ),
    /** {@code PUT .../dbschema/{dbschema}/instance/{dbinstance}}: update an instance. */
    UPDATE_INSTANCE("updateDbInstance", "PUT", Kind.IDEMPOTENT_WRITE),
    /** {@code DELETE .../dbschema/{dbschema}/instance/{dbinstance}}: delete an instance. */
    DELETE_INSTANCE("deleteDbInstance", "DELETE", Kind.IDEMPOTENT_WRITE),
    /** {@code POST .../dbschema/{dbschema}/migrationstate}: which changesets reached which instances (a POST for its filter body; it changes nothing). */
    GET_MIGRATION_STATE("getMigrationState", "POST", Kind.READ),
    /** {@code GET .../dbschema/overview}: the project's counts and recent deployments. */
    GET_PROJECT_OVERVIEW("getProjectOverview", "GET", Kind.READ);

    private enum Kind { READ, IDEMPOTENT_WRITE, CREATE }

    private final String id;
    private final String method;
    private final Kind kind;

    Operation(String id, String method, Kind kind) {
        this.id = id;
        this.method = method;
        this.kind = kind;
    }

    /**
     * The operationId in the OpenAPI document, as messages and logs name the operation.
     *
     * @return the operationId, for example {@code createDbSchema}
     */
    public String id() {
        return id;
    }

    /**
     * The HTTP method.
     *
     * @return {@code GET}, {@code POST}, {@code PUT} or {@code DELETE}
     */
    public String method() {
        return method;
    }

    /**
     * Whether this operation creates something: sending it twice could create twice, so the
     * default retry condition replays it only when the server cannot have received it.
     *
     * @return true for {@link #CREATE_SCHEMA} and {@link #CREATE_INSTANCE}
     */
    public boolean isCreate() {
        return kind == Kind.CREATE;
    }

    /**
     * Whether this operation only reads (the two POST lists included).
     *
     * @return true for the gets, the lists, the migration state and the overview
     */
    public boolean isRead() {
        return kind == Kind.READ;
    }

    /**
     * The operation with this OpenAPI operationId.
     *
     * @param id an operationId, for example {@code getDbSchema}; case matters
     * @return the operation
     * @throws DbOpsValidationException when no operation has this id
     */
    public static Operation ofId(String id) {
        for (Operation op : values()) {
            if (op.id.equals(id)) {
                return op;
            }
        }
        throw new DbOpsValidationException("configuration", "operationId", "\"" + id + "\" is unknown",
                "one of the operations of the OpenAPI document");
    }
}

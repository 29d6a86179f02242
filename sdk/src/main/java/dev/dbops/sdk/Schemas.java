package dev.dbops.sdk;

import dev.dbops.sdk.model.DbSchema;

import java.util.Optional;

/**
 * The database schemas of one project. Every method is a shortcut: {@code get(id)} is
 * {@code project.schema(id).get()}.
 */
public final class Schemas {

    private final Transport transport;
    private final String org;
    private final String project;

    Schemas(Transport transport, String org, String project) {
        this.transport = transport;
        this.org = org;
        this.project = project;
    }

    /** A new schema with this identifier; set its fields, then {@code execute()}. */
    public CreateSchema create(String identifier) {
        return new CreateSchema(transport, org, project, identifier);
    }

    /** Every schema of the project, fetched page by page as you iterate; filters are optional. */
    public ListSchemas list() {
        return new ListSchemas(transport, org, project);
    }

    /** One schema; {@link NotFoundException} when absent. */
    public DbSchema get(String identifier) {
        return schema(identifier).get();
    }

    /** One schema, or empty when absent. */
    public Optional<DbSchema> find(String identifier) {
        return schema(identifier).find();
    }

    /** An update of one schema: only the fields you set are sent. */
    public UpdateSchema update(String identifier) {
        return schema(identifier).update();
    }

    /** Deletes one schema. */
    public void delete(String identifier) {
        schema(identifier).delete();
    }

    private SchemaRef schema(String identifier) {
        return new SchemaRef(transport, org, project, identifier);
    }
}

package dev.dbops.sdk;

import dev.dbops.sdk.internal.exchange.Exchange;
import dev.dbops.sdk.model.DbSchemaCreate;

/**
 * The database schemas of one project, as a collection: create one, or list them. One schema is
 * reached with {@link Project#schema(String)}.
 */
public final class Schemas {

    private final Exchange exchange;
    private final Project project;

    Schemas(Exchange exchange, Project project) {
        this.exchange = exchange;
        this.project = project;
    }

    /**
     * A new schema with this identifier; set its fields, then {@code execute()}.
     *
     * @param identifier a letter or {@code _}, then letters, digits, {@code _} or {@code $}; at most 128
     *                   characters, and not {@code overview}
     * @return the call, not yet sent
     */
    public CreateSchema create(String identifier) {
        return new CreateSchema(exchange, project.schema(identifier));
    }

    /**
     * A new schema as this body describes it (a copy: later changes to the body are not seen);
     * the builder's setters may change it further, and every rule is checked before sending.
     *
     * @param body the schema, its identifier included
     * @return the call, not yet sent
     */
    public CreateSchema create(DbSchemaCreate body) {
        Validation.notNull(Operation.CREATE_SCHEMA.id(), "body", body);
        return create(body.getIdentifier()).with(body);
    }

    /**
     * Every schema of the project, fetched page by page as you iterate; filters are optional.
     *
     * @return the list, not yet fetched
     */
    public ListSchemas list() {
        return new ListSchemas(exchange, project);
    }

    @Override
    public String toString() {
        return "Schemas{" + project.target() + "}";
    }
}

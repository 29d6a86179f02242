package dev.dbops.sdk;

import dev.dbops.sdk.model.DbInstance;

import java.util.Optional;

/**
 * The database instances bound to one schema. Every method is a shortcut: {@code get(id)} is
 * {@code schema.instance(id).get()}.
 */
public final class Instances {

    private final Transport transport;
    private final SchemaRef schema;

    Instances(Transport transport, SchemaRef schema) {
        this.transport = transport;
        this.schema = schema;
    }

    /** A new instance with this identifier, bound to the schema; set its fields, then {@code execute()}. */
    public CreateInstance create(String identifier) {
        return new CreateInstance(transport, schema, identifier);
    }

    /** The schema's instances, fetched page by page as you iterate; tag filters are optional. */
    public ListInstances list() {
        return new ListInstances(transport, schema);
    }

    /** One instance; {@link NotFoundException} when absent. */
    public DbInstance get(String identifier) {
        return schema.instance(identifier).get();
    }

    /** One instance, or empty when absent. */
    public Optional<DbInstance> find(String identifier) {
        return schema.instance(identifier).find();
    }

    /** An update of one instance: only the fields you set are sent. */
    public UpdateInstance update(String identifier) {
        return schema.instance(identifier).update();
    }

    /** Deletes one instance. */
    public void delete(String identifier) {
        schema.instance(identifier).delete();
    }
}

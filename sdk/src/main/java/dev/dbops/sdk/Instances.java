package dev.dbops.sdk;

import dev.dbops.sdk.internal.exchange.Exchange;
import dev.dbops.sdk.model.DbInstanceCreate;

/**
 * The database instances bound to one schema, as a collection: create one, or list them. One
 * instance is reached with {@link SchemaRef#instance(String)}.
 */
public final class Instances {

    private final Exchange exchange;
    private final SchemaRef schema;

    Instances(Exchange exchange, SchemaRef schema) {
        this.exchange = exchange;
        this.schema = schema;
    }

    /**
     * A new instance with this identifier, bound to the schema; set its fields, then {@code execute()}.
     *
     * @param identifier a letter or {@code _}, then letters, digits, {@code _} or {@code $}; at most 128
     *                   characters, and not {@code overview}
     * @return the call, not yet sent
     */
    public CreateInstance create(String identifier) {
        return new CreateInstance(exchange, schema.instance(identifier));
    }

    /**
     * A new instance as this body describes it (a copy: later changes to the body are not seen);
     * the builder's setters may change it further, and every rule is checked before sending.
     *
     * @param body the instance, its identifier included
     * @return the call, not yet sent
     */
    public CreateInstance create(DbInstanceCreate body) {
        Validation.notNull(Operation.CREATE_INSTANCE.id(), "body", body);
        return create(body.getIdentifier()).with(body);
    }

    /**
     * The schema's instances, fetched page by page as you iterate; tag filters are optional.
     *
     * @return the list, not yet fetched
     */
    public ListInstances list() {
        return new ListInstances(exchange, schema);
    }

    @Override
    public String toString() {
        return "Instances{" + schema.target() + "}";
    }
}

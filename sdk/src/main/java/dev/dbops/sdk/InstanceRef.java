package dev.dbops.sdk;

import dev.dbops.sdk.model.DbInstance;

import java.util.Optional;

/**
 * One database instance of a schema, by identifier: read, update or delete it.
 */
public final class InstanceRef {

    private final Transport transport;
    private final SchemaRef schema;
    private final String identifier;

    InstanceRef(Transport transport, SchemaRef schema, String identifier) {
        this.transport = transport;
        this.schema = schema;
        this.identifier = identifier;
    }

    /** The instance; {@link NotFoundException} when it (or its schema) does not exist. */
    public DbInstance get() {
        return prepareGet().execute();
    }

    /** The instance, or empty when it does not exist (a 404). */
    public Optional<DbInstance> find() {
        try {
            return Optional.of(get());
        } catch (NotFoundException absent) {
            return Optional.empty();
        }
    }

    /** The read as a {@link Call}, for a per-call timeout or the raw response. */
    public Call<DbInstance> prepareGet() {
        return new SimpleCall<>(transport, Operation.GET_INSTANCE, target(), this::validate,
                apis -> apis.instances().getDbInstanceWithHttpInfo(schema.org(), schema.project(),
                        schema.identifier(), identifier, transport.accountId(), null));
    }

    /** An update of this instance: only the fields you set are sent. */
    public UpdateInstance update() {
        return new UpdateInstance(transport, this);
    }

    /** Deletes the instance; {@link NotFoundException} when it does not exist. */
    public void delete() {
        prepareDelete().execute();
    }

    /** The delete as a {@link Call}, for a per-call timeout or the raw response. */
    public Call<Void> prepareDelete() {
        return new SimpleCall<>(transport, Operation.DELETE_INSTANCE, target(), this::validate,
                apis -> apis.instances().deleteDbInstanceWithHttpInfo(schema.org(), schema.project(),
                        schema.identifier(), identifier, transport.accountId(), null));
    }

    /** The instance identifier. */
    public String identifier() {
        return identifier;
    }

    /** The schema this instance belongs to. */
    public SchemaRef schema() {
        return schema;
    }

    String target() {
        return schema.target() + "/" + identifier;
    }

    void validate() {
        schema.validate();
        Validation.identifier("dbinstance", "dbinstance", identifier);
    }

    @Override
    public String toString() {
        return "InstanceRef{" + target() + "}";
    }
}

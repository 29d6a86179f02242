package dev.dbops.sdk;

import dev.dbops.sdk.internal.exchange.Exchange;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.model.DbSchemaType;

/**
 * What a schema's create and update share besides name and tags: the changelog type, the Harness
 * service, Percona.
 *
 * @param <S> the builder's own type, returned by its setters
 */
public abstract class SchemaWriteCall<S extends SchemaWriteCall<S>> extends WriteCall<DbSchema, S> {

    final SchemaRef schema;
    DbSchemaType type;
    String service;
    Boolean usePercona;

    SchemaWriteCall(Exchange exchange, Operation operation, SchemaRef schema) {
        super(exchange, operation);
        this.schema = schema;
    }

    /**
     * Which changelog the schema uses: Repository ({@code changelog}) or Script
     * ({@code changeLogScript}). A create derives it from the changelog given; it is needed there
     * only when both are given. An update sends it only when set.
     *
     * @param type {@link DbSchemaType#REPOSITORY} or {@link DbSchemaType#SCRIPT}
     * @return this call
     */
    public S type(DbSchemaType type) {
        this.type = Validation.notNull(operation.id(), "type", type);
        return self();
    }

    /**
     * The Harness service the schema belongs to (not empty: the service refuses "").
     *
     * @param service the service's identifier
     * @return this call
     */
    public S service(String service) {
        this.service = Validation.notNull(operation.id(), "service", service);
        return self();
    }

    /**
     * Apply changes with Percona online schema change.
     *
     * @param usePercona true to use it; the service assumes false when it is not sent
     * @return this call
     */
    public S usePercona(boolean usePercona) {
        this.usePercona = usePercona;
        return self();
    }

    @Override
    String target() {
        return schema.target();
    }
}

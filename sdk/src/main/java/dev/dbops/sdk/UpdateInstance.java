package dev.dbops.sdk;

import dev.dbops.sdk.internal.codec.DbInstanceCodec;
import dev.dbops.sdk.internal.codec.EncodedRequest;
import dev.dbops.sdk.internal.exchange.Exchange;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbInstanceUpdate;

/**
 * Updates a database instance ({@code PUT .../instance/{id}}): only the fields set here are sent,
 * the others keep their values.
 */
public final class UpdateInstance extends InstanceWriteCall<UpdateInstance> {

    private String version;

    UpdateInstance(Exchange exchange, InstanceRef instance) {
        super(exchange, Operation.UPDATE_INSTANCE, instance);
    }

    /** An update sending exactly the fields set in the body (each still checked before sending). */
    UpdateInstance with(DbInstanceUpdate body) {
        Validation.notNull(operation.id(), "body", body);
        version = body.getVersion();
        return copy(body);
    }

    /**
     * The changelog version the instance should be at.
     *
     * @param version the version; write-only: reads of the instance never return it
     * @return this call
     */
    public UpdateInstance version(String version) {
        this.version = Validation.notNull(operation.id(), "version", version);
        return this;
    }

    /**
     * The body {@code execute()} would send, after checking every rule; nothing is sent.
     *
     * @return the body as it would be sent now; an update that sets no field is refused
     */
    public DbInstanceUpdate toRequestBody() {
        checkShared(false);
        DbInstanceUpdate update = new DbInstanceUpdate()
                .name(name)
                .tags(tags.value())
                .branch(revision.branch)
                .commitSha(revision.commitSha)
                .gitTag(revision.gitTag)
                .connector(connector)
                .context(context)
                .version(version)
                .substituteProperties(propertiesToSend());
        if (update.equals(new DbInstanceUpdate())) {
            throw Validation.invalid(operation.id(), "update", "sets no field", "an update must change at least one field");
        }
        return update;
    }

    @Override
    EncodedRequest<DbInstance> encode() {
        DbInstanceUpdate body = toRequestBody();
        SchemaRef schema = instance.schema();
        return DbInstanceCodec.updateDbInstance(schema.org(), schema.projectId(), schema.identifier(),
                instance.identifier(), body);
    }
}

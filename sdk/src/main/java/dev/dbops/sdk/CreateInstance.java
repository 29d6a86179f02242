package dev.dbops.sdk;

import dev.dbops.sdk.internal.codec.DbInstanceCodec;
import dev.dbops.sdk.internal.codec.EncodedRequest;
import dev.dbops.sdk.internal.codec.Json;
import dev.dbops.sdk.internal.exchange.Exchange;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbInstanceCreate;
import dev.dbops.sdk.model.DbInstanceUpdate;

/**
 * Creates a database instance bound to a schema ({@code POST .../dbschema/{schema}/instance}).
 * Required: a name and a JDBC connector; at most one of branch, commitSha and gitTag.
 */
public final class CreateInstance extends InstanceWriteCall<CreateInstance> {

    CreateInstance(Exchange exchange, InstanceRef instance) {
        super(exchange, Operation.CREATE_INSTANCE, instance);
    }

    /** A create with every field of the body set as given (each still checked before sending). */
    CreateInstance with(DbInstanceCreate body) {
        Validation.notNull(operation.id(), "body", body);
        // The create and update bodies name their shared fields alike: one copy serves both.
        return copy(Json.mapper().convertValue(body, DbInstanceUpdate.class));
    }

    /**
     * The body {@code execute()} would send, after checking every rule; nothing is sent.
     *
     * @return the body as it would be sent now
     */
    public DbInstanceCreate toRequestBody() {
        checkShared(true);
        return new DbInstanceCreate()
                .identifier(instance.identifier())
                .name(name)
                .tags(tags.value())
                .branch(revision.branch)
                .commitSha(revision.commitSha)
                .gitTag(revision.gitTag)
                .connector(connector)
                .context(context)
                .substituteProperties(propertiesToSend());
    }

    @Override
    EncodedRequest<DbInstance> encode() {
        DbInstanceCreate body = toRequestBody();
        SchemaRef schema = instance.schema();
        return DbInstanceCodec.createDbInstance(schema.org(), schema.projectId(), schema.identifier(), body);
    }
}

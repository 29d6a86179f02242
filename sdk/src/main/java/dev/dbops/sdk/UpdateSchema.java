package dev.dbops.sdk;

import dev.dbops.sdk.internal.codec.DbSchemaCodec;
import dev.dbops.sdk.internal.codec.EncodedRequest;
import dev.dbops.sdk.internal.exchange.Exchange;
import dev.dbops.sdk.model.ChangelogScriptUpdate;
import dev.dbops.sdk.model.ChangelogUpdate;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.model.DbSchemaUpdate;

import java.util.function.Consumer;

/**
 * Updates a database schema ({@code PUT .../dbschema/{id}}): exactly the fields set here are sent,
 * and the service keeps the others, inside a changelog too (set only {@code location}, and the
 * connector stays). The identifier and the migration type cannot change.
 */
public final class UpdateSchema extends SchemaWriteCall<UpdateSchema> {

    private ChangelogUpdate changelog;
    private ChangelogScriptUpdate script;
    private String primaryDbInstanceId;

    UpdateSchema(Exchange exchange, SchemaRef schema) {
        super(exchange, Operation.UPDATE_SCHEMA, schema);
    }

    /** An update sending exactly the fields set in the body (each still checked before sending). */
    UpdateSchema with(DbSchemaUpdate body) {
        Validation.notNull(operation.id(), "body", body);
        name = body.getName();
        if (body.getTags() != null) {
            tags(body.getTags());
        }
        type = body.getType();
        // Copies: the caller's nested models may change after this call.
        changelog = copy(body.getChangelog(), ChangelogUpdate.class);
        script = copy(body.getChangeLogScript(), ChangelogScriptUpdate.class);
        service = body.getService();
        usePercona = body.getUsePercona();
        primaryDbInstanceId = body.getPrimaryDbInstanceId();
        return this;
    }

    /**
     * Changes to the git changelog: only the fields set are sent (the type is not changed unless set).
     *
     * @param changelog sets the fields to change on a new model; those left unset keep their values
     * @return this call
     */
    public UpdateSchema changelog(Consumer<ChangelogUpdate> changelog) {
        return changelog(configured("changelog", ChangelogUpdate::new, changelog));
    }

    /**
     * Changes to the git changelog, as a model.
     *
     * @param changelog the changes, used as given (not copied)
     * @return this call
     */
    public UpdateSchema changelog(ChangelogUpdate changelog) {
        this.changelog = Validation.notNull(operation.id(), "changelog", changelog);
        return this;
    }

    /**
     * Changes to the changelog script: only the fields set are sent.
     *
     * @param script sets the fields to change on a new model; those left unset keep their values
     * @return this call
     */
    public UpdateSchema changelogScript(Consumer<ChangelogScriptUpdate> script) {
        return changelogScript(configured("changelogScript", ChangelogScriptUpdate::new, script));
    }

    /**
     * Changes to the changelog script, as a model.
     *
     * @param script the changes, used as given (not copied)
     * @return this call
     */
    public UpdateSchema changelogScript(ChangelogScriptUpdate script) {
        this.script = Validation.notNull(operation.id(), "changelogScript", script);
        return this;
    }

    /**
     * The instance that is the schema's primary.
     *
     * @param instanceIdentifier the identifier of one of the schema's instances
     * @return this call
     */
    public UpdateSchema primaryDbInstanceId(String instanceIdentifier) {
        this.primaryDbInstanceId = Validation.notNull(operation.id(), "primaryDbInstanceId", instanceIdentifier);
        return this;
    }

    /**
     * The body {@code execute()} would send, after checking every rule; nothing is sent.
     *
     * @return the body as it would be sent now; an update that sets no field is refused
     */
    public DbSchemaUpdate toRequestBody() {
        String op = operation.id();
        schema.validate(operation);
        Validation.name(op, "name", name, false);
        Validation.notEmptyWhenGiven(op, "service", service);
        if (primaryDbInstanceId != null) {
            Validation.identifier(op, "primaryDbInstanceId", primaryDbInstanceId);
        }
        DbSchemaUpdate update = new DbSchemaUpdate()
                .name(name)
                .tags(tags.value())
                .type(type)
                .changelog(changelog)
                .changeLogScript(script)
                .service(service)
                .usePercona(usePercona)
                .primaryDbInstanceId(primaryDbInstanceId);
        if (update.equals(new DbSchemaUpdate())) {
            throw Validation.invalid(op, "update", "sets no field", "an update must change at least one field");
        }
        return update;
    }

    @Override
    EncodedRequest<DbSchema> encode() {
        DbSchemaUpdate body = toRequestBody();
        return DbSchemaCodec.updateDbSchema(schema.org(), schema.projectId(), schema.identifier(), body);
    }
}

package dev.dbops.sdk;

import dev.dbops.sdk.internal.codec.DbInstanceCodec;
import dev.dbops.sdk.internal.exchange.Exchange;
import dev.dbops.sdk.model.ChangeSetState;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbInstanceUpdate;

import java.util.List;
import java.util.Optional;

/**
 * One database instance of a schema, by identifier: read, update or delete it. Each method
 * returns a call; nothing is sent until it is executed.
 */
public final class InstanceRef {

    private final Exchange exchange;
    private final SchemaRef schema;
    private final String identifier;

    InstanceRef(Exchange exchange, SchemaRef schema, String identifier) {
        this.exchange = exchange;
        this.schema = schema;
        this.identifier = identifier;
    }

    /**
     * Reads the instance; {@link NotFoundException} when it (or its schema) does not exist.
     *
     * @return the call, not yet sent
     */
    public Call<DbInstance> get() {
        return new SimpleCall<>(exchange, Operation.GET_INSTANCE, target(), () -> validate(Operation.GET_INSTANCE),
                () -> DbInstanceCodec.getDbInstance(schema.org(), schema.projectId(), schema.identifier(), identifier));
    }

    /**
     * Reads the instance, or answers empty when it does not exist (a 404).
     *
     * @return the call, not yet sent
     */
    public Call<Optional<DbInstance>> find() {
        return new FindCall<>((SimpleCall<DbInstance>) get());
    }

    /**
     * An update of this instance: only the fields you set are sent.
     *
     * @return the update, not yet sent; it must set at least one field
     */
    public UpdateInstance update() {
        return new UpdateInstance(exchange, this);
    }

    /**
     * An update sending the fields this body sets (a copy: later changes to the body are not
     * seen); every rule is checked before sending.
     *
     * @param body the fields to change; those it leaves null keep their values
     * @return the update, not yet sent
     */
    public UpdateInstance update(DbInstanceUpdate body) {
        return update().with(body);
    }

    /**
     * Deletes the instance; {@link NotFoundException} when it does not exist.
     *
     * @return the call, not yet sent
     */
    public Call<Void> delete() {
        return new SimpleCall<>(exchange, Operation.DELETE_INSTANCE, target(), () -> validate(Operation.DELETE_INSTANCE),
                () -> DbInstanceCodec.deleteDbInstance(schema.org(), schema.projectId(), schema.identifier(), identifier));
    }

    /**
     * The schema's changesets with their state on this instance: pending, failed, deployed.
     *
     * @return the list, not yet fetched
     */
    public InstanceMigrationState migrationState() {
        return new InstanceMigrationState(exchange, this);
    }

    /**
     * A call that waits until this changeset is deployed on this instance and returns its state;
     * see {@link DeploymentWaiter} for how it polls, fails and times out.
     *
     * @param changeSet the changeset's id, as {@link ChangeSetState#getChangeSet()} gives it
     * @return the waiter, not yet started
     */
    public DeploymentWaiter<ChangeSetState> waitUntilDeployed(String changeSet) {
        Validation.notNull(Operation.GET_MIGRATION_STATE.id(), "changeSet", changeSet);
        return new DeploymentWaiter<>(exchange, this, changeSet);
    }

    /**
     * A call that waits until every changeset of the schema is deployed on this instance, and returns them.
     *
     * @return the waiter, not yet started
     */
    public DeploymentWaiter<List<ChangeSetState>> waitUntilAllDeployed() {
        return new DeploymentWaiter<>(exchange, this, null);
    }

    /**
     * The instance identifier.
     *
     * @return the identifier as given; it is checked when a call is executed
     */
    public String identifier() {
        return identifier;
    }

    /**
     * The schema this instance belongs to.
     *
     * @return the schema's reference
     */
    public SchemaRef schema() {
        return schema;
    }

    String target() {
        return schema.target() + "/" + identifier;
    }

    /** Checks the path's identifiers for a call of this operation. */
    void validate(Operation op) {
        schema.validate(op);
        Validation.identifier(op.id(), "dbinstance", identifier);
    }

    @Override
    public String toString() {
        return "InstanceRef{" + target() + "}";
    }
}

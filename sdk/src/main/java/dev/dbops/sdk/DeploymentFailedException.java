package dev.dbops.sdk;

import dev.dbops.sdk.model.ChangeSetState;
import dev.dbops.sdk.model.MigrationStatus;

import java.util.Optional;

/**
 * A waiter saw a changeset whose deployment to the instance failed or was rolled back: there is no
 * point waiting longer. Names the changeset, the instance, the status and the service's error text.
 */
public final class DeploymentFailedException extends DbOpsException {

    /** The changeset's id. */
    private final String changeSet;
    /** The instance's identifier. */
    private final String instance;
    /** The status that ended the wait. */
    private final MigrationStatus status;
    /** The service's error text, or null. */
    private final String error;
    private final transient ChangeSetState state;

    /**
     * A failed or rolled-back deployment.
     *
     * @param polls how many times the waiter polled
     * @param changeSet the changeset's id
     * @param instance the instance's identifier
     * @param status {@code Deployment_Failed} or {@code Rolled_Back}
     * @param error the service's error text, or null
     * @param state the changeset's state as last seen
     */
    public DeploymentFailedException(int polls, String changeSet, String instance, MigrationStatus status, String error,
                                     ChangeSetState state) {
        super(Operation.GET_MIGRATION_STATE.id(), polls, "changeset " + changeSet + " on instance " + instance + ": "
                + status.getValue() + (error == null || error.isBlank() ? "" : ": " + error.replaceAll("\\s+", " ")), null);
        this.changeSet = changeSet;
        this.instance = instance;
        this.status = status;
        this.error = error;
        this.state = state;
    }

    /**
     * The changeset's id.
     *
     * @return the id, as {@link ChangeSetState#getChangeSet()} gives it
     */
    public String changeSet() {
        return changeSet;
    }

    /**
     * The instance's identifier.
     *
     * @return the identifier of the instance the deployment failed on
     */
    public String instance() {
        return instance;
    }

    /**
     * {@code DEPLOYMENT_FAILED} or {@code ROLLED_BACK}.
     *
     * @return the status that ended the wait
     */
    public MigrationStatus status() {
        return status;
    }

    /**
     * The service's error text for the failed deployment, when it gave one.
     *
     * @return the error text, or empty when the service gave none
     */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /**
     * The changeset as last seen: its id, file, author and per-instance state.
     *
     * @return the state; {@code null} in a deserialized exception (the field is transient)
     */
    public ChangeSetState state() {
        return state;
    }
}

package dev.dbops.sdk;

import dev.dbops.sdk.model.ChangeSetState;

import java.time.Duration;
import java.util.List;

/**
 * A waiter's time ran out before the deployment it waited for was seen: says what it waited for
 * and what it saw last.
 */
public final class DeploymentTimeoutException extends DbOpsTimeoutException {

    private final transient List<ChangeSetState> lastSeen;
    private final Duration waited;

    /**
     * A wait that ran out.
     *
     * @param polls how many times the waiter polled
     * @param message what it waited for and what it saw last
     * @param lastSeen the changesets (on the instance) as the last poll saw them
     * @param waited how long it waited
     */
    public DeploymentTimeoutException(int polls, String message, List<ChangeSetState> lastSeen, Duration waited) {
        super(Operation.GET_MIGRATION_STATE.id(), polls, message, null);
        this.lastSeen = List.copyOf(lastSeen);
        this.waited = waited;
    }

    /** The changesets, with their state on the instance, as the last poll saw them. */
    public List<ChangeSetState> lastSeen() {
        return lastSeen;
    }

    /** How long the waiter waited. */
    public Duration waited() {
        return waited;
    }
}

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
    /** How long the waiter waited. */
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

    /**
     * The changesets, with their state on the instance, as the last poll saw them.
     *
     * @return the changesets waited for, read-only; empty when the one waited for was not yet part of the
     *         schema. {@code null} in a deserialized exception (the field is transient)
     */
    public List<ChangeSetState> lastSeen() {
        return lastSeen;
    }

    /**
     * How long the waiter waited.
     *
     * @return the time from the start of the wait until it gave up, by the client's clock
     */
    public Duration waited() {
        return waited;
    }
}

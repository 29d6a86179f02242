package dev.dbops.sdk;

import dev.dbops.sdk.internal.exchange.Exchange;
import dev.dbops.sdk.model.ChangeSetInstanceState;
import dev.dbops.sdk.model.ChangeSetState;
import dev.dbops.sdk.model.MigrationStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Waits until a changeset (or every changeset of the schema) is deployed on an instance, polling
 * the migration state with a growing interval. It returns the deployed state; it fails at once
 * with a {@link DeploymentFailedException} when the deployment failed or was rolled back; it gives
 * up with a {@link DeploymentTimeoutException}, saying what it saw last, when {@link #within} runs
 * out. Each poll reads every page of the instance's migration state, each page a call with the
 * client's retry policy (and this waiter's {@link #timeout}, {@link #callTimeout} and
 * {@link #header}); {@code attempts()} of its response and exceptions counts the polls. The waits
 * between polls use the client's
 * {@link Sleeper} and {@link Clock}, so tests need no real waiting. Interrupting the thread (or
 * cancelling {@link #executeAsync()}'s future) ends the wait with a {@link DbOpsConnectionException}.
 *
 * <pre>{@code
 * ChangeSetState deployed = project.schema("my_db_schema").instance("my_db_instance")
 *     .waitUntilDeployed("add_orders_table").within(Duration.ofMinutes(15)).execute();
 * }</pre>
 *
 * @param <T> what the wait returns: the changeset's state, or every changeset's
 */
public final class DeploymentWaiter<T> extends Call<T> {

    /** How long a waiter waits unless told otherwise. */
    public static final Duration DEFAULT_WITHIN = Duration.ofMinutes(10);
    /** The first wait between polls; each further one doubles, up to {@link #DEFAULT_MAX_POLL_INTERVAL}. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
    /** The longest wait between polls unless told otherwise. */
    public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofSeconds(30);

    private final InstanceRef instance;
    /** The changeset waited for, or null for every changeset of the schema. */
    private final String changeSet;
    private Duration within = DEFAULT_WITHIN;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration maxPollInterval = DEFAULT_MAX_POLL_INTERVAL;

    DeploymentWaiter(Exchange exchange, InstanceRef instance, String changeSet) {
        super(exchange, Operation.GET_MIGRATION_STATE);
        this.instance = instance;
        this.changeSet = changeSet;
    }

    /**
     * How long to wait in all (default 10 minutes); the last poll is made when it runs out.
     *
     * @param within the whole wait, counted from when the waiter is executed; a positive duration
     * @return this waiter
     */
    public DeploymentWaiter<T> within(Duration within) {
        this.within = Validation.timeout(operation.id(), "within", within);
        return this;
    }

    /**
     * The first wait between polls (default 2 s); each further one doubles, up to {@link #maxPollInterval}.
     *
     * @param interval a positive duration; one longer than the {@link #maxPollInterval} is used for every
     *                 wait
     * @return this waiter
     */
    public DeploymentWaiter<T> pollInterval(Duration interval) {
        this.pollInterval = Validation.timeout(operation.id(), "pollInterval", interval);
        return this;
    }

    /**
     * The longest wait between polls (default 30 s).
     *
     * @param interval a positive duration; one shorter than the {@link #pollInterval} counts as that
     * @return this waiter
     */
    public DeploymentWaiter<T> maxPollInterval(Duration interval) {
        this.maxPollInterval = Validation.timeout(operation.id(), "maxPollInterval", interval);
        return this;
    }

    /** The per-attempt timeout of each page a poll reads (the wait as a whole is {@link #within}). */
    @Override
    public DeploymentWaiter<T> timeout(Duration timeout) {
        super.timeout(timeout);
        return this;
    }

    /** The deadline of each page a poll reads, its retries included (the wait as a whole is {@link #within}). */
    @Override
    public DeploymentWaiter<T> callTimeout(Duration deadline) {
        super.callTimeout(deadline);
        return this;
    }

    /** An extra header on every page every poll reads. */
    @Override
    public DeploymentWaiter<T> header(String name, String value) {
        super.header(name, value);
        return this;
    }

    @Override
    Supplier<DbOpsResponse<T>> prepare() {
        instance.validate(operation);
        Duration waitFor = within;
        Duration first = pollInterval;
        Duration longest = maxPollInterval.compareTo(pollInterval) < 0 ? pollInterval : maxPollInterval;
        return () -> await(waitFor, first, longest);
    }

    @Override
    String target() {
        return instance.target();
    }

    @SuppressWarnings("unchecked")
    private DbOpsResponse<T> await(Duration waitFor, Duration first, Duration longest) {
        Clock clock = exchange.settings().clock();
        Sleeper sleeper = exchange.settings().sleeper();
        Instant started = clock.instant();
        Instant deadline = started.plus(waitFor);
        Duration interval = first;
        int polls = 0;
        while (true) {
            polls++;
            InstanceMigrationState states = instance.migrationState();
            states.copyOptions(options);
            List<ChangeSetState> seen = states.toList();
            List<ChangeSetState> awaited = new ArrayList<>();
            List<String> waiting = new ArrayList<>();
            for (ChangeSetState state : seen) {
                if (changeSet != null && !changeSet.equals(state.getChangeSet())) {
                    continue;
                }
                Optional<ChangeSetInstanceState> here = InstanceMigrationState.stateOn(state, instance.identifier());
                MigrationStatus status = here.map(ChangeSetInstanceState::getStatus).orElse(null);
                if (status == MigrationStatus.DEPLOYMENT_FAILED || status == MigrationStatus.ROLLED_BACK) {
                    throw new DeploymentFailedException(polls, state.getChangeSet(), instance.identifier(), status,
                            here.get().getError(), state);
                }
                awaited.add(state);
                if (status != MigrationStatus.SUCCESSFULLY_DEPLOYED) {
                    waiting.add(state.getChangeSet() + " (" + (status == null ? "no state on the instance" : status.getValue()) + ")");
                }
            }
            if (changeSet != null && awaited.isEmpty()) {
                waiting.add(changeSet + " (not a changeset of the schema yet)");
            }
            if (waiting.isEmpty()) {
                T result = (T) (changeSet == null ? List.copyOf(awaited) : awaited.get(0));
                // The status and headers of the last page read; attempts counts the polls.
                DbOpsResponse<?> last = states.lastPage().response();
                return new DbOpsResponse<>(last.status(), last.headers(), result, polls);
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                Duration waited = Duration.between(started, clock.instant());
                throw new DeploymentTimeoutException(polls, operation.id() + " " + target() + ": waited "
                        + waited.toSeconds() + " s (" + polls + (polls == 1 ? " poll" : " polls") + ") for "
                        + (changeSet == null ? "every changeset" : "changeset " + changeSet) + " to be deployed on "
                        + instance.identifier() + "; still waiting for " + summary(waiting), awaited, waited);
            }
            sleep(sleeper, interval.compareTo(left) < 0 ? interval : left, polls);
            Duration doubled = interval.multipliedBy(2);
            interval = doubled.compareTo(longest) > 0 ? longest : doubled;
        }
    }

    private void sleep(Sleeper sleeper, Duration wait, int polls) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DbOpsConnectionException(operation.id(), polls, operation.id() + " " + target()
                    + ": the wait for a deployment was interrupted", e);
        }
    }

    private static String summary(List<String> waiting) {
        return waiting.size() <= 5 ? String.join(", ", waiting)
                : String.join(", ", waiting.subList(0, 5)) + " and " + (waiting.size() - 5) + " more";
    }
}

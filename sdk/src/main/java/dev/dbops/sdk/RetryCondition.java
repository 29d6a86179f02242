package dev.dbops.sdk;

import java.util.Set;

/**
 * Decides which failed attempts are sent again (within {@link RetryPolicy#maxRetries()} and the
 * call's deadline). The SDK never retries an interrupted call, a malformed success answer or an
 * attempt refused before sending, whatever the condition says.
 *
 * <pre>{@code
 * // Also retry 409 on schema updates, keeping the default for everything else:
 * RetryCondition condition = RetryCondition.DEFAULT.or(c -> c.status() == 409 && c.operation() == Operation.UPDATE_SCHEMA);
 * HarnessDbOps.builder().retryPolicy(RetryPolicy.DEFAULT.withRetryCondition(condition))...
 * }</pre>
 */
@FunctionalInterface
public interface RetryCondition {

    /**
     * The default, safe for creates: reads and idempotent writes retry on connection failures and
     * on 408, 429, 500, 502, 503 and 504; a create retries only when the server cannot have acted
     * on it: connection refused or not established, 429, 503.
     */
    RetryCondition DEFAULT = new RetryCondition() {
        private final Set<Integer> readStatuses = Set.of(408, 429, 500, 502, 503, 504);
        private final Set<Integer> createStatuses = Set.of(429, 503);

        @Override
        public boolean shouldRetry(RetryContext context) {
            int status = context.status();
            if (status != 0) {
                return (context.operation().isCreate() ? createStatuses : readStatuses).contains(status);
            }
            if (context.failure() instanceof MalformedResponseException) {
                return false;
            }
            return !context.operation().isCreate() || !context.mayHaveReachedServer();
        }

        @Override
        public String toString() {
            return "RetryCondition.DEFAULT";
        }
    };

    /**
     * Whether the failed attempt should be sent again.
     *
     * @param context the failed attempt: its operation, number, failure and whether it may have reached the
     *                server
     * @return true to send it again, when the policy's retries and the deadline allow
     */
    boolean shouldRetry(RetryContext context);

    /**
     * A condition that retries when this one or the other says so.
     *
     * @param other the condition asked when this one says no
     * @return the combined condition
     */
    default RetryCondition or(RetryCondition other) {
        RetryCondition self = this;
        return context -> self.shouldRetry(context) || other.shouldRetry(context);
    }

    /**
     * A condition that retries when this one and the other say so.
     *
     * @param other the condition asked when this one says yes
     * @return the combined condition
     */
    default RetryCondition and(RetryCondition other) {
        RetryCondition self = this;
        return context -> self.shouldRetry(context) && other.shouldRetry(context);
    }
}

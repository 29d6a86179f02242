package dev.dbops.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How failed calls are retried: how many times, with which backoff, and which failures at all
 * ({@link RetryCondition}). Exponential backoff with jitter; the server's {@code Retry-After} is
 * honoured up to a cap. Immutable; the {@code with...} methods return changed copies.
 */
public final class RetryPolicy {

    /** 2 retries, 0.5 s base doubling to 8 s, Retry-After honoured up to 30 s, {@link RetryCondition#DEFAULT}. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(2, Duration.ofMillis(500), Duration.ofSeconds(8),
            Duration.ofSeconds(30), RetryCondition.DEFAULT);

    /** No retries at all. */
    public static final RetryPolicy NONE = DEFAULT.withMaxRetries(0);

    private final int maxRetries;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Duration maxRetryAfter;
    private final RetryCondition retryCondition;

    private RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter,
                        RetryCondition retryCondition) {
        if (maxRetries < 0) {
            throw new DbOpsValidationException("configuration", "maxRetries", "is " + maxRetries, "0 or more");
        }
        this.maxRetries = maxRetries;
        this.baseDelay = positive("baseDelay", baseDelay);
        this.maxDelay = positive("maxDelay", maxDelay);
        this.maxRetryAfter = positive("maxRetryAfter", maxRetryAfter);
        if (retryCondition == null) {
            throw new DbOpsValidationException("configuration", "retryCondition", "is missing", "a retry condition is required");
        }
        this.retryCondition = retryCondition;
    }

    /**
     * Retries after the first attempt; 0 disables retrying.
     *
     * @return the count, 0 or more
     */
    public int maxRetries() {
        return maxRetries;
    }

    /**
     * The first backoff; each further retry doubles it.
     *
     * @return the delay, before jitter
     */
    public Duration baseDelay() {
        return baseDelay;
    }

    /**
     * The longest backoff.
     *
     * @return the cap on the backoff, before jitter
     */
    public Duration maxDelay() {
        return maxDelay;
    }

    /**
     * The longest wait a {@code Retry-After} header can impose.
     *
     * @return the cap; a longer {@code Retry-After} is cut to it
     */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /**
     * Which failures are retried.
     *
     * @return the condition, {@link RetryCondition#DEFAULT} unless changed
     */
    public RetryCondition retryCondition() {
        return retryCondition;
    }

    /**
     * This policy with another number of retries (0 disables retrying).
     *
     * @param retries 0 or more
     * @return a new policy
     */
    public RetryPolicy withMaxRetries(int retries) {
        return new RetryPolicy(retries, baseDelay, maxDelay, maxRetryAfter, retryCondition);
    }

    /**
     * This policy with other backoff delays: the first wait, and the longest.
     *
     * @param base the backoff before the first retry, a positive duration
     * @param max the longest backoff, a positive duration
     * @return a new policy
     */
    public RetryPolicy withBackoff(Duration base, Duration max) {
        return new RetryPolicy(maxRetries, base, max, maxRetryAfter, retryCondition);
    }

    /**
     * This policy with another cap on {@code Retry-After}.
     *
     * @param cap the longest {@code Retry-After} wait honoured, a positive duration
     * @return a new policy
     */
    public RetryPolicy withMaxRetryAfter(Duration cap) {
        return new RetryPolicy(maxRetries, baseDelay, maxDelay, cap, retryCondition);
    }

    /**
     * This policy deciding with another condition which failures are retried.
     *
     * @param condition the condition, not null
     * @return a new policy
     */
    public RetryPolicy withRetryCondition(RetryCondition condition) {
        return new RetryPolicy(maxRetries, baseDelay, maxDelay, maxRetryAfter, condition);
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry): the server's
     * {@code Retry-After} when given (capped at {@link #maxRetryAfter()}), else
     * base × 2^(retry-1), capped at {@link #maxDelay()}, with jitter drawn from its upper half
     * so that clients started together spread out.
     *
     * @param retry which retry, from 1
     * @param retryAfter the server's Retry-After, or null
     * @return the wait, zero or more
     */
    public Duration delayBefore(int retry, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter
                    : retryAfter.isNegative() ? Duration.ZERO : retryAfter;
        }
        long ceiling = maxDelay.toMillis();
        long exponential = baseDelay.toMillis() << Math.min(Math.max(retry, 1) - 1, 30);
        long capped = exponential <= 0 || exponential > ceiling ? ceiling : exponential;
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return Duration.ofMillis(jittered);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetryPolicy p && p.maxRetries == maxRetries && p.baseDelay.equals(baseDelay)
                && p.maxDelay.equals(maxDelay) && p.maxRetryAfter.equals(maxRetryAfter)
                && p.retryCondition.equals(retryCondition);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxRetries, baseDelay, maxDelay, maxRetryAfter, retryCondition);
    }

    @Override
    public String toString() {
        return "RetryPolicy{maxRetries=" + maxRetries + ", baseDelay=" + baseDelay + ", maxDelay=" + maxDelay
                + ", maxRetryAfter=" + maxRetryAfter + ", retryCondition=" + retryCondition + "}";
    }

    private static Duration positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new DbOpsValidationException("configuration", name, "is " + value, "must be a positive duration");
        }
        return value;
    }
}

package dev.dbops.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How failed calls are retried: exponential backoff with jitter, honouring the server's
 * {@code Retry-After} up to a cap. Reads and idempotent writes retry on connection failures and on
 * 408, 429, 500, 502, 503 and 504; a create only when the server cannot have acted on it.
 *
 * @param maxRetries retries after the first attempt; 0 disables retrying
 * @param baseDelay the first backoff; each further retry doubles it
 * @param maxDelay the longest backoff
 * @param maxRetryAfter the longest wait a {@code Retry-After} header can impose
 */
public record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

    /** 2 retries, 0.5 s base, 8 s cap, Retry-After honoured up to 30 s. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(2, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(30));

    /** No retries at all. */
    public static final RetryPolicy NONE = DEFAULT.withMaxRetries(0);

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be 0 or more, was " + maxRetries);
        }
        requirePositive("baseDelay", baseDelay);
        requirePositive("maxDelay", maxDelay);
        requirePositive("maxRetryAfter", maxRetryAfter);
    }

    /** This policy with another number of retries. */
    public RetryPolicy withMaxRetries(int retries) {
        return new RetryPolicy(retries, baseDelay, maxDelay, maxRetryAfter);
    }

    /** This policy with other backoff delays. */
    public RetryPolicy withBackoff(Duration base, Duration max) {
        return new RetryPolicy(maxRetries, base, max, maxRetryAfter);
    }

    /** This policy with another cap on {@code Retry-After}. */
    public RetryPolicy withMaxRetryAfter(Duration cap) {
        return new RetryPolicy(maxRetries, baseDelay, maxDelay, cap);
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry): the server's
     * {@code Retry-After} when given (capped), else base × 2^(retry-1), capped, with jitter
     * drawn from its upper half so that clients started together spread out.
     */
    Duration delayBefore(int retry, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter
                    : retryAfter.isNegative() ? Duration.ZERO : retryAfter;
        }
        long ceiling = maxDelay.toMillis();
        long exponential = baseDelay.toMillis() << Math.min(retry - 1, 30);
        long capped = exponential <= 0 || exponential > ceiling ? ceiling : exponential;
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return Duration.ofMillis(jittered);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}

package dev.dbops.sdk;

import java.time.Duration;
import java.util.Optional;

/**
 * 429 Too Many Requests, after the retries allowed. {@link #retryAfter()} says how long the server
 * asked to wait, when it said.
 */
public final class RateLimitedException extends DbOpsApiException {

    private final Duration retryAfter;

    RateLimitedException(Failure failure, Duration retryAfter) {
        super(failure);
        this.retryAfter = retryAfter;
    }

    /** The server's {@code Retry-After}, if it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

package dev.dbops.sdk;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * 429 Too Many Requests, after the retries allowed. {@link #retryAfter()} says how long the server
 * asked to wait, when it said.
 */
public final class RateLimitedException extends DbOpsApiException {

    /** The server's {@code Retry-After}, or null. */
    private final Duration retryAfter;

    /**
     * A 429 answer.
     *
     * @param operation the operation's id
     * @param attempts how many times the request was sent
     * @param serverMessage the {@code message} of the error body; may be empty
     * @param body the error body; may be empty
     * @param headers the response headers
     * @param retryAfter the wait the server asked for ({@code Retry-After}), or null
     */
    public RateLimitedException(String operation, int attempts, String serverMessage, String body,
                                Map<String, List<String>> headers, Duration retryAfter) {
        super(operation, attempts, 429, serverMessage, body, headers);
        this.retryAfter = retryAfter;
    }

    /**
     * The server's {@code Retry-After}, if it sent one.
     *
     * @return the wait the server asked for, or empty when it sent no readable {@code Retry-After}
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

package dev.dbops.sdk.internal.exchange;

import dev.dbops.sdk.CallContext;
import dev.dbops.sdk.DbOpsApiException;
import dev.dbops.sdk.DbOpsException;
import dev.dbops.sdk.DbOpsResponse;
import dev.dbops.sdk.DbOpsValidationException;
import dev.dbops.sdk.Operation;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** One call in progress: what the retry loop decides on, and what interceptors see. */
final class CallState implements CallContext {

    private final Operation operation;
    private final String target;
    private final String method;
    private final URI uri;
    private final long callStarted = System.nanoTime();
    private int attempt;
    private int sent;
    private long attemptStarted;
    private long attemptEnded;
    private int status = -1;
    private Map<String, List<String>> responseHeaders = Map.of();
    private Headers headers;
    private HttpRequest.Builder editable;
    private Map<Object, Object> attributes;

    /** The last attempt's failure, then the call's. */
    DbOpsException failure;
    /** False only when the last attempt certainly never reached the server. */
    boolean mayHaveReachedServer;
    /** The last attempt was interrupted: never retried. */
    boolean interrupted;
    /** The server's Retry-After on the last attempt, or null. */
    Duration retryAfter;

    CallState(Operation operation, String target, String method, URI uri) {
        this.operation = operation;
        this.target = target;
        this.method = method;
        this.uri = uri;
    }

    void nextAttempt() {
        attempt++;
        status = -1;
        responseHeaders = Map.of();
        retryAfter = null;
        interrupted = false;
        mayHaveReachedServer = true;
    }

    /** The headers of this attempt; kept in a view only when interceptors will look (keyToHide set). */
    Headers startHeaders(String keyToHide) {
        headers = new Headers(keyToHide);
        return headers;
    }

    /** While non-null, interceptors may set headers on this request. */
    void allowHeaders(HttpRequest.Builder request) {
        editable = request;
    }

    void attemptStarted(long nanos) {
        sent++;
        attemptStarted = nanos;
        attemptEnded = 0;
        failure = null;
    }

    void responded(int status, Map<String, List<String>> headers) {
        attemptEnded = System.nanoTime();
        this.status = status;
        this.responseHeaders = headers;
    }

    void succeeded() {
        if (attemptEnded == 0) {
            attemptEnded = System.nanoTime();
        }
        failure = null;
    }

    /** No usable response (or an unreadable one): {@code cause} says whether the server can have seen it. */
    void failed(DbOpsException exception, Throwable cause) {
        if (attemptEnded == 0) {
            attemptEnded = System.nanoTime();
        }
        failure = exception;
        mayHaveReachedServer = cause == null || !Failures.cannotHaveReachedServer(cause);
        interrupted = cause != null && Failures.isInterrupt(cause);
    }

    void failedWithStatus(DbOpsApiException exception, Duration serverRetryAfter) {
        failure = exception;
        mayHaveReachedServer = true;
        retryAfter = serverRetryAfter;
    }

    /** Attempts that were sent (an attempt refused by the deadline before sending is not). */
    int attemptsSent() {
        return sent;
    }

    @Override
    public Operation operation() {
        return operation;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public Map<String, List<String>> requestHeaders() {
        return headers == null ? Map.of() : headers.view();
    }

    @Override
    public void setRequestHeader(String name, String value) {
        if (editable == null) {
            throw new DbOpsValidationException(operation.id(), "header " + name, "cannot be set now",
                    "interceptors set request headers in beforeAttempt only");
        }
        String problem = Headers.problem(name, value);
        if (problem != null) {
            throw new DbOpsValidationException(operation.id(), "header " + name, problem,
                    "extra headers are HTTP tokens with printable ASCII values, other than the SDK's own");
        }
        headers.set(editable, name, value);
    }

    @Override
    public OptionalInt status() {
        return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    @Override
    public Map<String, List<String>> responseHeaders() {
        return responseHeaders;
    }

    @Override
    public Optional<String> requestId() {
        return responseHeaders.isEmpty() ? Optional.empty()
                : new DbOpsResponse<>(status, responseHeaders, null, attempt).requestId();
    }

    @Override
    public Optional<DbOpsException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public Duration attemptDuration() {
        if (attemptStarted == 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((attemptEnded == 0 ? System.nanoTime() : attemptEnded) - attemptStarted);
    }

    @Override
    public Duration callDuration() {
        return Duration.ofNanos(System.nanoTime() - callStarted);
    }

    @Override
    public Map<Object, Object> attributes() {
        if (attributes == null) {
            attributes = new HashMap<>();
        }
        return attributes;
    }

    @Override
    public String toString() {
        return "CallContext{" + operation.id() + " " + target + ", attempt " + attempt + "}";
    }
}

package dev.dbops.sdk;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One call as a {@link DbOpsInterceptor} sees it: what is being sent, what came back, how long it
 * took. The values describe the current attempt in {@code beforeAttempt}/{@code afterAttempt}, and
 * the last one in {@code afterCall}. Not thread-safe; valid only during the interceptor's method.
 */
public interface CallContext {

    /**
     * The operation.
     *
     * @return the operation the call is for
     */
    Operation operation();

    /**
     * What the call is about: {@code org/project[/schema[/instance]]}.
     *
     * @return the target, for example {@code default/default_project/my_db_schema}
     */
    String target();

    /**
     * The current attempt, from 1 (0 in {@code beforeCall}).
     *
     * @return the attempt number
     */
    int attempt();

    /**
     * The HTTP method.
     *
     * @return the method, for example {@code GET} or {@code POST}
     */
    String method();

    /**
     * The full request URI.
     *
     * @return the URI: the endpoint, the operation's path and its query string
     */
    URI uri();

    /**
     * The request headers of the current attempt, as they will be (or were) sent, names as set;
     * the API key's value is shown as {@code [REDACTED]}. Empty in {@code beforeCall}.
     *
     * @return the headers by name, each with its values
     */
    Map<String, List<String>> requestHeaders();

    /**
     * Sets a header on the current attempt's request (tracing, correlation ids). Only in
     * {@code beforeAttempt}; the SDK's own headers ({@code x-api-key}, {@code Harness-Account},
     * {@code User-Agent}, {@code Content-Type}, {@code Accept}) and the ones the JDK reserves
     * cannot be set: a {@link DbOpsValidationException} says so.
     *
     * @param name the header name, an HTTP token other than the SDK's own headers
     * @param value the value, printable ASCII
     */
    void setRequestHeader(String name, String value);

    /**
     * The HTTP status of the attempt's response, when one came.
     *
     * @return the status, or empty when no response came (or none yet)
     */
    OptionalInt status();

    /**
     * The response headers of the attempt (empty when no response came).
     *
     * @return the headers by name, each with its values
     */
    Map<String, List<String>> responseHeaders();

    /**
     * The server's request id, when the response carried one.
     *
     * @return the request id, or empty
     */
    Optional<String> requestId();

    /**
     * The attempt's failure, or in {@code afterCall} the call's; empty on success.
     *
     * @return the failure, or empty
     */
    Optional<DbOpsException> failure();

    /**
     * How long the current (or last) attempt took, until its response was read.
     *
     * @return the duration so far, or in all once the response was read; zero before the first attempt
     */
    Duration attemptDuration();

    /**
     * How long the call has taken so far, waits between retries included.
     *
     * @return the time since the call started
     */
    Duration callDuration();

    /**
     * Values an interceptor keeps for the length of one call (a span, a start time), by any key
     * of its own. Shared by all interceptors of the client.
     *
     * @return a mutable map, empty when the call starts
     */
    Map<Object, Object> attributes();
}

package dev.dbops.sdk;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The server answered with an error status. Carries the status, the server's {@code message}, the
 * raw body, the response headers and the request id; subclasses name the common statuses.
 */
public class DbOpsApiException extends DbOpsException {

    /** The HTTP status. */
    private final int status;
    /** The error body's {@code message}, or a short text of the body; never null. */
    private final String serverMessage;
    /** The error body as received, with the API key removed; never null. */
    private final String body;
    /** The response headers, by case-insensitive name. */
    private final Map<String, List<String>> headers;
    /** The server's request id, or null. */
    private final String requestId;

    /**
     * An error answer.
     *
     * @param operation the operation's id
     * @param attempts how many times the request was sent
     * @param status the HTTP status
     * @param serverMessage the {@code message} of the error body (or a short text of it); may be empty
     * @param body the error body as received (cut at 64 KiB and with the API key removed by the SDK); may be empty
     * @param headers the response headers
     */
    public DbOpsApiException(String operation, int attempts, int status, String serverMessage, String body,
                             Map<String, List<String>> headers) {
        this(operation, attempts, status, serverMessage, body, caseInsensitive(headers));
    }

    private DbOpsApiException(String operation, int attempts, int status, String serverMessage, String body,
                              TreeMap<String, List<String>> headers) {
        super(operation, attempts, describe(operation, attempts, status, serverMessage,
                DbOpsResponse.requestId(headers).orElse(null)), null);
        this.status = status;
        this.serverMessage = serverMessage == null ? "" : serverMessage;
        this.body = body == null ? "" : body;
        this.headers = Collections.unmodifiableMap(headers);
        this.requestId = DbOpsResponse.requestId(headers).orElse(null);
    }

    /**
     * The HTTP status code.
     *
     * @return the status, any that is not 2xx
     */
    public int status() {
        return status;
    }

    /**
     * The {@code message} of the server's error body, or a short text of the body when it has none.
     *
     * @return the message, else the body's first 300 characters; empty when the body was blank
     */
    public String serverMessage() {
        return serverMessage;
    }

    /**
     * The response body as the server sent it, cut at 64 KiB and with the API key removed (empty string when there was none).
     *
     * @return the body, cut at 64 KiB, with the API key redacted if it appeared in it
     */
    public String body() {
        return body;
    }

    /**
     * The response headers; look-ups ignore case.
     *
     * @return the headers by name, each with its values; read-only
     */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * The server's request id, when it sent one: quote it to Harness support.
     *
     * @return the request id, or empty when the response carried none
     */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    private static TreeMap<String, List<String>> caseInsensitive(Map<String, List<String>> headers) {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        }
        return copy;
    }

    /** {@code getDbSchema failed: HTTP 404: Database schema orders not found (request id 7f3a, 1 attempt)}. */
    private static String describe(String operation, int attempts, int status, String serverMessage, String requestId) {
        StringBuilder line = new StringBuilder().append(operation).append(" failed: HTTP ").append(status);
        if (serverMessage != null && !serverMessage.isEmpty()) {
            line.append(": ").append(serverMessage.replaceAll("\\s+", " "));
        }
        line.append(" (");
        if (requestId != null) {
            line.append("request id ").append(requestId).append(", ");
        }
        return line.append(attempts).append(attempts == 1 ? " attempt)" : " attempts)").toString();
    }
}

package dev.dbops.sdk;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server answered with an error status. Carries the status, the server's {@code message}, the
 * raw body, the response headers and the request id; subclasses name the common statuses.
 */
public class DbOpsApiException extends DbOpsException {

    private final int status;
    private final String serverMessage;
    private final String body;
    private final Map<String, List<String>> headers;
    private final String requestId;

    DbOpsApiException(Failure failure) {
        super(failure.operation(), failure.attempts(), failure.describe(), null);
        this.status = failure.status();
        this.serverMessage = failure.serverMessage();
        this.body = failure.body();
        this.headers = failure.headers();
        this.requestId = failure.requestId();
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** The {@code message} of the server's error body, or a short text of the body when it has none. */
    public String serverMessage() {
        return serverMessage;
    }

    /** The response body as sent (empty string when there was none). */
    public String body() {
        return body;
    }

    /** The response headers, names in lower case. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The server's request id, when it sent one: quote it to Harness support. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** What the transport knows of a failed response; builds the one-line message. */
    record Failure(String operation, int attempts, int status, String serverMessage, String body,
                   Map<String, List<String>> headers, String requestId) {

        String describe() {
            StringBuilder line = new StringBuilder()
                    .append(operation).append(" failed: HTTP ").append(status);
            if (serverMessage != null && !serverMessage.isEmpty()) {
                line.append(": ").append(serverMessage.replaceAll("\\s+", " "));
            }
            line.append(" (");
            if (requestId != null) {
                line.append("request id ").append(requestId).append(", ");
            }
            line.append(attempts).append(attempts == 1 ? " attempt)" : " attempts)");
            return line.toString();
        }
    }
}

package dev.dbops.sdk;

import java.util.List;
import java.util.Map;

/**
 * A 5xx answer: the service failed. Reads, updates and deletes are retried before this is thrown (creates
 * only after a 503, which the service answers before acting).
 */
public final class ServerErrorException extends DbOpsApiException {

    /**
     * A 5xx answer.
     *
     * @param operation the operation's id
     * @param attempts how many times the request was sent
     * @param status the HTTP status, 500 to 599
     * @param serverMessage the {@code message} of the error body; may be empty
     * @param body the error body; may be empty
     * @param headers the response headers
     */
    public ServerErrorException(String operation, int attempts, int status, String serverMessage, String body,
                                Map<String, List<String>> headers) {
        super(operation, attempts, status, serverMessage, body, headers);
    }
}

package dev.dbops.sdk;

import java.util.List;
import java.util.Map;

/**
 * 400 Bad Request: the service refused the request (a duplicate identifier, a rule the SDK does not check).
 */
public final class BadRequestException extends DbOpsApiException {

    /**
     * A 400 answer.
     *
     * @param operation the operation's id
     * @param attempts how many times the request was sent
     * @param serverMessage the {@code message} of the error body; may be empty
     * @param body the error body; may be empty
     * @param headers the response headers
     */
    public BadRequestException(String operation, int attempts, String serverMessage, String body, Map<String, List<String>> headers) {
        super(operation, attempts, 400, serverMessage, body, headers);
    }
}

package dev.dbops.sdk;

import java.util.List;
import java.util.Map;

/**
 * 409 Conflict: the resource changed or exists in a state that forbids the call.
 */
public final class ConflictException extends DbOpsApiException {

    /**
     * A 409 answer.
     *
     * @param operation the operation's id
     * @param attempts how many times the request was sent
     * @param serverMessage the {@code message} of the error body; may be empty
     * @param body the error body; may be empty
     * @param headers the response headers
     */
    public ConflictException(String operation, int attempts, String serverMessage, String body, Map<String, List<String>> headers) {
        super(operation, attempts, 409, serverMessage, body, headers);
    }
}

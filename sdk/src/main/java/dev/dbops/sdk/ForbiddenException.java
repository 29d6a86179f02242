package dev.dbops.sdk;

import java.util.List;
import java.util.Map;

/**
 * 403 Forbidden: the key's account may not do this in this organization or project.
 */
public final class ForbiddenException extends DbOpsApiException {

    /**
     * A 403 answer.
     *
     * @param operation the operation's id
     * @param attempts how many times the request was sent
     * @param serverMessage the {@code message} of the error body; may be empty
     * @param body the error body; may be empty
     * @param headers the response headers
     */
    public ForbiddenException(String operation, int attempts, String serverMessage, String body, Map<String, List<String>> headers) {
        super(operation, attempts, 403, serverMessage, body, headers);
    }
}

package dev.dbops.sdk;

import java.util.List;
import java.util.Map;

/**
 * 401 Unauthorized: the API key is missing, wrong or expired.
 */
public final class UnauthorizedException extends DbOpsApiException {

    /**
     * A 401 answer.
     *
     * @param operation the operation's id
     * @param attempts how many times the request was sent
     * @param serverMessage the {@code message} of the error body; may be empty
     * @param body the error body; may be empty
     * @param headers the response headers
     */
    public UnauthorizedException(String operation, int attempts, String serverMessage, String body, Map<String, List<String>> headers) {
        super(operation, attempts, 401, serverMessage, body, headers);
    }
}

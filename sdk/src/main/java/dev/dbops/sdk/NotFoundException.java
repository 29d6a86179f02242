package dev.dbops.sdk;

import java.util.List;
import java.util.Map;

/**
 * 404 Not Found: the schema or instance, or the org or project above it, does not exist.
 */
public final class NotFoundException extends DbOpsApiException {

    /**
     * A 404 answer.
     *
     * @param operation the operation's id
     * @param attempts how many times the request was sent
     * @param serverMessage the {@code message} of the error body; may be empty
     * @param body the error body; may be empty
     * @param headers the response headers
     */
    public NotFoundException(String operation, int attempts, String serverMessage, String body, Map<String, List<String>> headers) {
        super(operation, attempts, 404, serverMessage, body, headers);
    }
}

package dev.dbops.sdk;

/**
 * The server answered with a success status but a body that is not the JSON the operation
 * promises. Not retried: the server did act.
 */
public final class MalformedResponseException extends DbOpsException {

    MalformedResponseException(String operation, int attempts, String message, Throwable cause) {
        super(operation, attempts, message, cause);
    }
}

package dev.dbops.sdk;

/**
 * No usable HTTP response: the connection was refused, reset or closed early, or the response was
 * cut off. Thrown after the retries the operation allows.
 */
public class DbOpsConnectionException extends DbOpsException {

    DbOpsConnectionException(String operation, int attempts, String message, Throwable cause) {
        super(operation, attempts, message, cause);
    }
}

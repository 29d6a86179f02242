package dev.dbops.sdk;

/**
 * The connection or the response did not come within its timeout. A create that timed out may
 * have been carried out by the server; the SDK never sends it again by itself.
 */
public final class DbOpsTimeoutException extends DbOpsConnectionException {

    DbOpsTimeoutException(String operation, int attempts, String message, Throwable cause) {
        super(operation, attempts, message, cause);
    }
}

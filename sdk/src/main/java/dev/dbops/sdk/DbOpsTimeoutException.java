package dev.dbops.sdk;

/**
 * A timeout passed: connecting, waiting for a response (the per-attempt timeout), or the whole
 * call's deadline, retries included. A create that timed out may have been carried out by the
 * server; the SDK never sends it again by itself.
 */
public class DbOpsTimeoutException extends DbOpsConnectionException {

    /**
     * A call that timed out.
     *
     * @param operation the operation's id
     * @param attempts how many times the request was sent
     * @param message the one-line message, saying which timeout passed
     * @param cause the last attempt's failure, or null
     */
    public DbOpsTimeoutException(String operation, int attempts, String message, Throwable cause) {
        super(operation, attempts, message, cause);
    }
}

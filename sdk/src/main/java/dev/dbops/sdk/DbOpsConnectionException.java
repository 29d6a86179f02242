package dev.dbops.sdk;

/**
 * No usable HTTP response: the connection was refused, reset or closed early, the response was
 * cut off, the call was interrupted, or the client was closed. Thrown after the retries the
 * operation allows.
 */
public class DbOpsConnectionException extends DbOpsException {

    /**
     * A call that got no usable response.
     *
     * @param operation the operation's id
     * @param attempts how many times the request was sent
     * @param message the one-line message
     * @param cause the I/O failure, or null
     */
    public DbOpsConnectionException(String operation, int attempts, String message, Throwable cause) {
        super(operation, attempts, message, cause);
    }
}

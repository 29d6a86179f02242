package dev.dbops.sdk;

/**
 * Base of every exception the SDK throws. Unchecked; catch this to handle any failure of a call.
 * Messages are one line and never contain the API key.
 */
public class DbOpsException extends RuntimeException {

    private final String operation;
    private final int attempts;

    DbOpsException(String operation, int attempts, String message, Throwable cause) {
        super(message, cause);
        this.operation = operation;
        this.attempts = attempts;
    }

    /** The operation that failed, as the OpenAPI document names it (for example {@code createDbSchema}). */
    public String operation() {
        return operation;
    }

    /** How many times the request was sent (0 when it was refused before sending). */
    public int attempts() {
        return attempts;
    }
}

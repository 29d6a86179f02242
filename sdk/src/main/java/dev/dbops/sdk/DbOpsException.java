package dev.dbops.sdk;

/**
 * Base of every exception the SDK throws. Unchecked; catch this to handle any failure of a call.
 * Messages are one line and never contain the API key.
 *
 * <p>The constructors of this hierarchy are public so that tests of code that handles SDK
 * failures can make the exceptions the SDK would throw.
 */
public class DbOpsException extends RuntimeException {

    /** The operation's id, or {@code configuration}. */
    private final String operation;
    /** How many times the request was sent. */
    private final int attempts;

    /**
     * An SDK failure.
     *
     * @param operation the operation, as the OpenAPI document names it ({@code createDbSchema}), or
     *                  {@code configuration} for a client setting that was refused
     * @param attempts how many times the request was sent (0 when nothing was sent)
     * @param message the one-line message
     * @param cause what caused it, or null
     */
    public DbOpsException(String operation, int attempts, String message, Throwable cause) {
        super(message, cause);
        this.operation = operation;
        this.attempts = attempts;
    }

    /**
     * The operation that failed, as the OpenAPI document names it (for example {@code createDbSchema});
     * {@code configuration} when a client setting was refused.
     *
     * @return the operationId, or {@code configuration}
     */
    public String operation() {
        return operation;
    }

    /**
     * How many times the request was sent (0 when it was refused before sending).
     *
     * @return the count, 0 or more
     */
    public int attempts() {
        return attempts;
    }
}

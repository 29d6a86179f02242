package dev.dbops.sdk;

/**
 * The server answered with a success status but a body that is not the JSON the operation
 * promises (or one too large to read). Not retried: the server did act.
 */
public final class MalformedResponseException extends DbOpsException {

    /**
     * A success answer that could not be read.
     *
     * @param operation the operation's id
     * @param attempts how many times the request was sent
     * @param message the one-line message, saying what was wrong with the body
     * @param cause the parse failure, or null
     */
    public MalformedResponseException(String operation, int attempts, String message, Throwable cause) {
        super(operation, attempts, message, cause);
    }
}

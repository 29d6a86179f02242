package dev.dbops.sdk;

/**
 * One failed attempt, as a {@link RetryCondition} sees it.
 *
 * @param operation the operation of the call
 * @param attempt which attempt failed (1 for the first)
 * @param failure the attempt's failure: a {@link DbOpsApiException} for an error status, a
 *                {@link DbOpsConnectionException} or {@link DbOpsTimeoutException} when no response came
 * @param mayHaveReachedServer false only when the request certainly never reached the server
 *                             (connection refused, or not established in time); a create may be
 *                             replayed then without risk of creating twice
 */
public record RetryContext(Operation operation, int attempt, DbOpsException failure, boolean mayHaveReachedServer) {

    /**
     * The HTTP status of an error answer, or 0 when no response came.
     *
     * @return the status, or 0 when no error status came
     */
    public int status() {
        return failure instanceof DbOpsApiException api ? api.status() : 0;
    }
}

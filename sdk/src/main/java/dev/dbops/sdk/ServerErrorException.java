package dev.dbops.sdk;

/**
 * A 5xx answer: the service failed. Reads are retried before this is thrown.
 */
public final class ServerErrorException extends DbOpsApiException {

    ServerErrorException(Failure failure) {
        super(failure);
    }
}

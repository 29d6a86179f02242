package dev.dbops.sdk;

/**
 * 400 Bad Request: the request breaks a rule of the service; the message says which.
 */
public final class BadRequestException extends DbOpsApiException {

    BadRequestException(Failure failure) {
        super(failure);
    }
}

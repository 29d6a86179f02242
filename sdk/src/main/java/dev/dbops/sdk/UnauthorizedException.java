package dev.dbops.sdk;

/**
 * 401 Unauthorized: the API key is missing, expired or not accepted.
 */
public final class UnauthorizedException extends DbOpsApiException {

    UnauthorizedException(Failure failure) {
        super(failure);
    }
}

package dev.dbops.sdk;

/**
 * 409 Conflict: the request clashes with the current state, typically an identifier in use.
 */
public final class ConflictException extends DbOpsApiException {

    ConflictException(Failure failure) {
        super(failure);
    }
}

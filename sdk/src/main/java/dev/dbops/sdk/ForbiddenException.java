package dev.dbops.sdk;

/**
 * 403 Forbidden: the key's principal may not do this in this project.
 */
public final class ForbiddenException extends DbOpsApiException {

    ForbiddenException(Failure failure) {
        super(failure);
    }
}

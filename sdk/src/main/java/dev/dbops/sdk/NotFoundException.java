package dev.dbops.sdk;

/**
 * 404 Not Found: the schema or instance, or the org or project above it, does not exist.
 */
public final class NotFoundException extends DbOpsApiException {

    NotFoundException(Failure failure) {
        super(failure);
    }
}

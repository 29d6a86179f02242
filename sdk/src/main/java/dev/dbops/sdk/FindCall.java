package dev.dbops.sdk;

import java.util.Optional;
import java.util.function.Supplier;

/** A read whose 404 is an empty answer, as Terraform's read treats it. */
final class FindCall<T> extends Call<Optional<T>> {

    private final SimpleCall<T> get;

    FindCall(SimpleCall<T> get) {
        super(get.exchange, get.operation);
        this.get = get;
    }

    @Override
    Supplier<DbOpsResponse<Optional<T>>> prepare() {
        // Sent with this call's options, not the wrapped read's.
        Supplier<DbOpsResponse<T>> read = sending(get.encode());
        return () -> {
            try {
                DbOpsResponse<T> found = read.get();
                return new DbOpsResponse<>(found.status(), found.headers(), Optional.ofNullable(found.body()),
                        found.attempts());
            } catch (NotFoundException absent) {
                return new DbOpsResponse<>(absent.status(), absent.headers(), Optional.empty(), absent.attempts());
            }
        };
    }

    @Override
    String target() {
        return get.target();
    }
}

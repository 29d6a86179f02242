package dev.dbops.sdk;

import dev.dbops.sdk.internal.invoker.ApiException;
import dev.dbops.sdk.internal.invoker.ApiResponse;

/** A call with no inputs beyond its path (get and delete). */
final class SimpleCall<T> extends Call<T> {

    private final Runnable validator;
    private final String target;
    private final Transport.ApiCall<T> invoker;

    SimpleCall(Transport transport, Operation operation, String target, Runnable validator, Transport.ApiCall<T> invoker) {
        super(transport, operation);
        this.target = target;
        this.validator = validator;
        this.invoker = invoker;
    }

    @Override
    void validate() {
        validator.run();
    }

    @Override
    String target() {
        return target;
    }

    @Override
    ApiResponse<T> invoke(Transport.Apis apis) throws ApiException {
        return invoker.call(apis);
    }
}

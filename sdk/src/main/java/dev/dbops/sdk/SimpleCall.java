package dev.dbops.sdk;

import dev.dbops.sdk.internal.codec.EncodedRequest;
import dev.dbops.sdk.internal.exchange.Exchange;

import java.util.function.Supplier;

/** A call whose only inputs are in its path: a get, a delete, the overview. */
final class SimpleCall<T> extends Call<T> {

    private final String target;
    private final Runnable validator;
    private final Supplier<EncodedRequest<T>> encoder;

    SimpleCall(Exchange exchange, Operation operation, String target, Runnable validator,
               Supplier<EncodedRequest<T>> encoder) {
        super(exchange, operation);
        this.target = target;
        this.validator = validator;
        this.encoder = encoder;
    }

    /** The request, after checking the path's identifiers. */
    EncodedRequest<T> encode() {
        validator.run();
        return encoder.get();
    }

    @Override
    Supplier<DbOpsResponse<T>> prepare() {
        return sending(encode());
    }

    @Override
    String target() {
        return target;
    }
}

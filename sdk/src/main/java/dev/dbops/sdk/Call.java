package dev.dbops.sdk;

import java.time.Duration;

/**
 * One prepared API call: validated and sent by {@link #execute()}, which returns the generated
 * model, or by {@link #executeWithResponse()}, which also gives status, headers and request id.
 *
 * @param <T> what the call returns
 */
public abstract class Call<T> {

    final Transport transport;
    final Operation operation;
    private Duration timeout;

    Call(Transport transport, Operation operation) {
        this.transport = transport;
        this.operation = operation;
    }

    /** A request timeout for this call only, instead of the client's. */
    public Call<T> timeout(Duration timeout) {
        this.timeout = Validation.timeout(operation.id, timeout);
        return this;
    }

    /** Sends the call (retrying as the client's policy allows) and returns the parsed body. */
    public T execute() {
        return executeWithResponse().body();
    }

    /** Sends the call and returns the body with the HTTP status, headers and request id. */
    public DbOpsResponse<T> executeWithResponse() {
        validate();
        return transport.send(operation, target(), timeout, this::invoke);
    }

    /** Checks every input rule; throws {@link DbOpsValidationException} naming the field. */
    abstract void validate();

    /** What the call is about, for logs and messages: {@code org/project/schema[/instance]}. */
    abstract String target();

    abstract dev.dbops.sdk.internal.invoker.ApiResponse<T> invoke(Transport.Apis apis)
            throws dev.dbops.sdk.internal.invoker.ApiException;
}

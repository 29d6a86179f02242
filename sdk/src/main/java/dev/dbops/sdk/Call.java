package dev.dbops.sdk;

import dev.dbops.sdk.internal.codec.EncodedRequest;
import dev.dbops.sdk.internal.exchange.Exchange;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One API call, prepared and not yet sent. Every operation of the SDK is a call (lists are a
 * {@link PagedList}): set its inputs, optionally its options ({@link #timeout}, {@link #callTimeout},
 * {@link #header}), then send it with one of:
 * <ul>
 *   <li>{@link #execute()}: the result;</li>
 *   <li>{@link #executeWithResponse()}: the result with status, headers, request id and attempts;</li>
 *   <li>{@link #executeAsync()}: the result as a {@link CompletableFuture}, completed on the client's
 *       asynchronous executor, with the same retries, errors and bounds.</li>
 * </ul>
 * Inputs are checked before anything is sent; a problem is a {@link DbOpsValidationException}
 * naming the field. A call may be executed more than once; each execution sends it again.
 *
 * @param <T> what the call returns (a generated model, an {@code Optional} of one, or {@link Void})
 */
public abstract class Call<T> {

    final Exchange exchange;
    final Operation operation;
    final CallOptions options;

    Call(Exchange exchange, Operation operation) {
        this.exchange = exchange;
        this.operation = operation;
        this.options = new CallOptions(operation.id());
    }

    /**
     * How long each attempt may wait for its response (connecting included), instead of the
     * client's {@code requestTimeout}. Retries each get this long again; see {@link #callTimeout}
     * for a deadline over all of them.
     *
     * @param timeout the per-attempt bound, a positive duration
     * @return this call
     */
    public Call<T> timeout(Duration timeout) {
        options.timeout(timeout);
        return this;
    }

    /**
     * A deadline for the whole call, retries and the waits between them included, instead of the
     * client's {@code callTimeout}. When it passes, the call fails with a {@link DbOpsTimeoutException}
     * that says so (an attempt in flight is cut short).
     *
     * @param deadline the bound on the whole call, counted from when it is executed; a positive duration
     * @return this call
     */
    public Call<T> callTimeout(Duration deadline) {
        options.callTimeout(deadline);
        return this;
    }

    /**
     * An extra request header for this call (after the client's own extra headers; same name wins).
     *
     * @param name the header name, an HTTP token other than the SDK's own headers
     * @param value the value, printable ASCII
     * @return this call
     */
    public Call<T> header(String name, String value) {
        options.header(name, value);
        return this;
    }

    /**
     * Sends the call (retrying as the client's policy allows) and returns its result.
     *
     * @return the parsed result; {@code null} for an operation without a body (a delete)
     */
    public T execute() {
        return executeWithResponse().body();
    }

    /**
     * Sends the call and returns its result with the HTTP status, headers, request id and attempts.
     *
     * @return the response, whose {@link DbOpsResponse#body()} is what {@link #execute()} returns
     */
    public DbOpsResponse<T> executeWithResponse() {
        return prepare().get();
    }

    /**
     * Sends the call on the client's asynchronous executor (never the common ForkJoin pool) and
     * returns at once. Inputs are checked now: a problem completes the future exceptionally
     * without sending anything. Cancelling the future interrupts the call.
     *
     * @return a future completed with the result, or exceptionally with the {@link DbOpsException} that
     *         {@link #execute()} would throw
     */
    public CompletableFuture<T> executeAsync() {
        Supplier<DbOpsResponse<T>> send;
        try {
            send = prepare();
        } catch (DbOpsException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        return exchange.async(operation, () -> send.get().body());
    }

    /** Checks the inputs and encodes the request now; the supplier sends it. */
    abstract Supplier<DbOpsResponse<T>> prepare();

    /** What the call is about, for logs and messages: {@code org/project[/schema[/instance]]}. */
    abstract String target();

    /** The supplier that sends this encoded request with this call's options. */
    final <R> Supplier<DbOpsResponse<R>> sending(EncodedRequest<R> request) {
        Exchange.CallOptions snapshot = options.snapshot();
        String target = target();
        return () -> exchange.execute(operation, target, request, snapshot);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + operation.id() + " " + target() + "}";
    }
}

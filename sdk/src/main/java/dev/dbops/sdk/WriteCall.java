package dev.dbops.sdk;

import dev.dbops.sdk.internal.codec.EncodedRequest;
import dev.dbops.sdk.internal.codec.Json;
import dev.dbops.sdk.internal.exchange.Exchange;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every create and update shares: a display name and tags. Setters may come in any order,
 * options ({@link #timeout}, {@link #callTimeout}, {@link #header}) included.
 *
 * @param <T> the model the call returns
 * @param <S> the builder's own type, returned by its setters
 */
public abstract class WriteCall<T, S extends WriteCall<T, S>> extends Call<T> {

    final TagInput tags;
    String name;

    WriteCall(Exchange exchange, Operation operation) {
        super(exchange, operation);
        this.tags = new TagInput(operation.id(), "tags");
    }

    /**
     * The display name, 1 to 128 characters; a create requires one.
     *
     * @param name the name, not blank
     * @return this call
     */
    public S name(String name) {
        this.name = Validation.notNull(operation.id(), "name", name);
        return self();
    }

    /**
     * Tags as Terraform writes them: {@code "env:prod"}, or {@code "key"} for an empty value (a
     * value keeps everything after the first colon). Replaces tags given earlier; an update's
     * tags replace all current ones.
     *
     * @param keyValues tags such as {@code "env:prod"} or {@code "critical"}; at most 128, each value at most
     *                  128 characters
     * @return this call
     */
    public S tags(String... keyValues) {
        tags.replace(keyValues);
        return self();
    }

    /**
     * Tags as a map; replaces tags given earlier (an update's replace all current ones).
     *
     * @param tags keys to values ({@code ""} for none), copied; at most 128, each value at most 128
     *             characters
     * @return this call
     */
    public S tags(Map<String, String> tags) {
        this.tags.replace(tags);
        return self();
    }

    /**
     * Adds one tag to those given so far.
     *
     * @param key the key, not blank
     * @param value the value, {@code ""} for none; at most 128 characters
     * @return this call
     */
    public S tag(String key, String value) {
        tags.add(key, value);
        return self();
    }

    @Override
    public S timeout(Duration timeout) {
        super.timeout(timeout);
        return self();
    }

    @Override
    public S callTimeout(Duration deadline) {
        super.callTimeout(deadline);
        return self();
    }

    @Override
    public S header(String name, String value) {
        super.header(name, value);
        return self();
    }

    @Override
    final Supplier<DbOpsResponse<T>> prepare() {
        return sending(encode());
    }

    /** Checks every rule and encodes the body. */
    abstract EncodedRequest<T> encode();

    /** A new nested model (a changelog, a script) as the caller's lambda sets it up. */
    final <M> M configured(String field, java.util.function.Supplier<M> model, java.util.function.Consumer<M> configure) {
        Validation.notNull(operation.id(), field, configure);
        M value = model.get();
        configure.accept(value);
        return value;
    }

    /** A deep copy of a nested model, or null. */
    static <M> M copy(M model, Class<M> type) {
        return model == null ? null : Json.mapper().convertValue(model, type);
    }

    @SuppressWarnings("unchecked")
    final S self() {
        return (S) this;
    }
}

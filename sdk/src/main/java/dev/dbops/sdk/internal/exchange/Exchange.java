package dev.dbops.sdk.internal.exchange;

import dev.dbops.sdk.DbOpsConnectionException;
import dev.dbops.sdk.DbOpsException;
import dev.dbops.sdk.DbOpsInterceptor;
import dev.dbops.sdk.DbOpsResponse;
import dev.dbops.sdk.DbOpsTimeoutException;
import dev.dbops.sdk.DbOpsValidationException;
import dev.dbops.sdk.MalformedResponseException;
import dev.dbops.sdk.Operation;
import dev.dbops.sdk.RetryContext;
import dev.dbops.sdk.RetryPolicy;
import dev.dbops.sdk.Sleeper;
import dev.dbops.sdk.internal.codec.EncodedRequest;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The one path every call takes: build the HTTP request from the encoded one, send it, bound its
 * body, decode it, map a failure to its exception, retry by policy within the call's deadline,
 * log, and tell the interceptors. A call travels through {@link #execute} top to bottom; nothing
 * here calls back into the fluent layer.
 */
public final class Exchange {

    private static final System.Logger LOG = System.getLogger("dev.dbops.sdk");
    private static final HttpResponse.BodyHandler<byte[]> BYTES = HttpResponse.BodyHandlers.ofByteArray();

    /**
     * What one client is configured with; {@code HarnessDbOps.Builder} makes it.
     *
     * @param baseUri the endpoint without a trailing slash
     * @param apiKey asked for the key before every attempt
     * @param accountId sent as {@code Harness-Account}, or null
     * @param userAgent the User-Agent header
     * @param requestTimeout each attempt's timeout, unless a call sets its own
     * @param callTimeout the whole call's deadline, retries included, or null for none
     * @param retryPolicy how failed attempts are retried
     * @param interceptors told of every call, in this order
     * @param headers sent on every request
     * @param sleeper waits between retries
     * @param clock tells the time for deadlines and {@code Retry-After} dates
     */
    public record Settings(String baseUri, Supplier<String> apiKey, String accountId, String userAgent,
                           Duration requestTimeout, Duration callTimeout, RetryPolicy retryPolicy,
                           List<DbOpsInterceptor> interceptors, Map<String, String> headers,
                           Sleeper sleeper, Clock clock) {
        public Settings {
            interceptors = List.copyOf(interceptors);
            headers = Map.copyOf(headers);
        }
    }

    /**
     * What one call adds to the client's settings.
     *
     * @param timeout this call's per-attempt timeout, or null for the client's
     * @param callTimeout this call's deadline, retries included, or null for the client's
     * @param headers extra headers for this call
     */
    public record CallOptions(Duration timeout, Duration callTimeout, Map<String, String> headers) {
        /** No options: the client's settings apply. */
        public static final CallOptions NONE = new CallOptions(null, null, Map.of());
    }

    private final Settings settings;
    private final Resources resources;
    private final Redactor redactor;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** An exchange over resources whose lease the caller has taken for it. */
    public Exchange(Settings settings, Resources resources) {
        this.settings = settings;
        this.resources = resources;
        this.redactor = new Redactor();
        Watchdog.register();
    }

    /** The settings this exchange was made with. */
    public Settings settings() {
        return settings;
    }

    /** The shared resources it holds a lease on. */
    public Resources resources() {
        return resources;
    }

    /**
     * Sends a call and returns its decoded response, or throws the typed exception of its last
     * failure once the retry policy (or the deadline) allows no more attempts.
     *
     * @param target what the call is about, for logs and messages ({@code org/project/schema})
     */
    public <T> DbOpsResponse<T> execute(Operation op, String target, EncodedRequest<T> request, CallOptions options) {
        if (closed.get()) {
            throw new DbOpsConnectionException(op.id(), 0, op.id() + " " + target + " was not sent: the client is closed", null);
        }
        CallState call = new CallState(op, target, request.method(), URI.create(settings.baseUri() + request.pathAndQuery()));
        Duration callTimeout = options.callTimeout() != null ? options.callTimeout() : settings.callTimeout();
        Instant deadline = callTimeout == null ? null : settings.clock().instant().plus(callTimeout);
        RetryPolicy policy = settings.retryPolicy();
        List<DbOpsInterceptor> interceptors = settings.interceptors();
        try {
            beforeCall(interceptors, call);
            while (true) {
                call.nextAttempt();
                Duration timeout = options.timeout() != null ? options.timeout() : settings.requestTimeout();
                boolean clippedByDeadline = false;
                if (deadline != null) {
                    Duration left = Duration.between(settings.clock().instant(), deadline);
                    if (left.isNegative() || left.isZero()) {
                        throw deadlinePassed(call, callTimeout, call.failure);
                    }
                    if (left.compareTo(timeout) < 0) {
                        timeout = left;
                        clippedByDeadline = true;
                    }
                }
                HttpRequest http = buildRequest(call, request, options, timeout, interceptors);
                DbOpsResponse<T> response = attempt(call, request, http, timeout);
                afterAttempt(interceptors, call);
                if (response != null) {
                    afterCall(interceptors, call);
                    return response;
                }
                DbOpsException failure = call.failure;
                if (clippedByDeadline && failure instanceof DbOpsTimeoutException) {
                    throw deadlinePassed(call, callTimeout, failure);
                }
                if (call.interrupted || call.attempt() > policy.maxRetries() || !policy.retryCondition().shouldRetry(
                        new RetryContext(op, call.attempt(), failure, call.mayHaveReachedServer))) {
                    throw failure;
                }
                Duration delay = policy.delayBefore(call.attempt(), call.retryAfter);
                if (deadline != null && !settings.clock().instant().plus(delay).isBefore(deadline)) {
                    // No time left for another attempt: the last failure is the honest answer.
                    throw failure;
                }
                LOG.log(Level.INFO, () -> String.format("%s %s: %s; retry %d of %d in %d ms", op.id(), target,
                        failure.getMessage(), call.attempt(), policy.maxRetries(), delay.toMillis()));
                sleep(call, delay);
            }
        } catch (DbOpsException failure) {
            call.failure = failure;
            afterCall(interceptors, call);
            throw failure;
        } catch (RuntimeException unexpected) {
            // From code the user plugged in (a key supplier, a retry condition, a sleeper), or a bug:
            // still one of ours, with the key kept out of the message.
            DbOpsException failure = new DbOpsException(op.id(), call.attemptsSent(), op.id() + " " + target
                    + " failed: " + redactor.redact(String.valueOf(unexpected)), unexpected);
            call.failure = failure;
            afterCall(interceptors, call);
            throw failure;
        }
    }

    /**
     * Runs a call on the client's asynchronous executor (the user's, or the SDK's own daemon
     * threads; never the common ForkJoin pool): the future completes on that thread with what
     * the synchronous call returns or throws. Cancelling the future interrupts the call.
     */
    public <T> CompletableFuture<T> async(Operation op, Supplier<T> work) {
        AtomicReference<Thread> runner = new AtomicReference<>();
        CompletableFuture<T> future = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                Thread running = runner.get();
                if (cancelled && running != null) {
                    running.interrupt();
                }
                return cancelled;
            }
        };
        Executor executor = resources.asyncExecutor();
        if (executor == null || closed.get()) {
            future.completeExceptionally(new DbOpsConnectionException(op.id(), 0, op.id() + " was not sent: the client is closed", null));
            return future;
        }
        try {
            executor.execute(() -> {
                if (future.isDone()) {
                    return;
                }
                runner.set(Thread.currentThread());
                try {
                    future.complete(work.get());
                } catch (Throwable failure) {
                    future.completeExceptionally(failure);
                } finally {
                    runner.set(null);
                    // An interrupt meant for this call must not reach the executor's next task.
                    Thread.interrupted();
                }
            });
        } catch (RejectedExecutionException rejected) {
            future.completeExceptionally(new DbOpsException(op.id(), 0, op.id()
                    + " was not sent: the executor for asynchronous calls refused it", rejected));
        }
        return future;
    }

    /** Stops accepting calls and returns this client's lease; the last lease closes what the SDK made. */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Watchdog.release();
            resources.release();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Removes every API key this exchange has sent from a text. */
    public String redact(String text) {
        return redactor.redact(text);
    }

    private HttpRequest buildRequest(CallState call, EncodedRequest<?> request, CallOptions options, Duration timeout,
                                     List<DbOpsInterceptor> interceptors) {
        String key = settings.apiKey().get();
        if (key == null || key.isBlank() || !Headers.isSafeValue(key)) {
            throw new DbOpsValidationException(call.operation().id(), "apiKey",
                    key == null || key.isBlank() ? "is missing" : "contains characters that cannot be sent in a header",
                    "the API key supplier must give a personal access or service account token");
        }
        redactor.remember(key);
        HttpRequest.Builder http = HttpRequest.newBuilder(call.uri()).timeout(timeout);
        byte[] body = request.body();
        http.method(request.method(), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        Headers headers = call.startHeaders(interceptors.isEmpty() ? null : key);
        headers.set(http, "Accept", "application/json");
        if (body != null) {
            headers.set(http, "Content-Type", "application/json");
        }
        headers.set(http, "User-Agent", settings.userAgent());
        headers.set(http, "x-api-key", key);
        if (settings.accountId() != null) {
            headers.set(http, "Harness-Account", settings.accountId());
        }
        settings.headers().forEach((name, value) -> headers.set(http, name, value));
        options.headers().forEach((name, value) -> headers.set(http, name, value));
        if (!interceptors.isEmpty()) {
            call.allowHeaders(http);
            try {
                for (DbOpsInterceptor interceptor : interceptors) {
                    interceptor.beforeAttempt(call);
                }
            } catch (DbOpsException refused) {
                throw refused;
            } catch (RuntimeException broken) {
                throw interceptorFailed(call, "beforeAttempt", broken);
            } finally {
                call.allowHeaders(null);
            }
        }
        return http.build();
    }

    /**
     * One attempt: returns the response, or null with {@code call.failure} set to what went wrong.
     * Statuses and I/O failures become exceptions here; throwing is left to the retry loop.
     */
    private <T> DbOpsResponse<T> attempt(CallState call, EncodedRequest<T> request, HttpRequest http, Duration timeout) {
        Operation op = call.operation();
        String target = call.target();
        long started = System.nanoTime();
        call.attemptStarted(started);
        BoundedBody.Bounding<byte[]> body = new BoundedBody.Bounding<>(BYTES, started + timeout.toNanos());
        Watchdog.watch(body);
        HttpResponse<byte[]> response;
        try {
            response = resources.http().send(http, body);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            call.failed(Failures.transport(op, target, call.attempt(), e, redactor), e);
            logFailure(call, started);
            return null;
        } finally {
            body.finish();
        }
        int status = response.statusCode();
        Map<String, List<String>> headers = response.headers().map();
        call.responded(status, headers);
        if (status / 100 != 2) {
            call.failedWithStatus(Failures.status(op, call.attempt(), status, response.body(), headers, redactor,
                    settings.clock()), Failures.retryAfter(headers, settings.clock()));
            logFailure(call, started);
            return null;
        }
        T decoded;
        try {
            decoded = request.decode(response.body());
        } catch (IOException unreadable) {
            call.failed(Failures.transport(op, target, call.attempt(), unreadable, redactor), unreadable);
            logFailure(call, started);
            return null;
        }
        String notTheModel = request.returnsBody() ? ResponseShape.problem(op, decoded) : null;
        if (notTheModel != null) {
            // The server answered success (so it acted, or says so): malformed, and not retried.
            call.failed(new MalformedResponseException(op.id(), call.attempt(), op.id() + " " + target
                    + " failed: HTTP " + status + " " + notTheModel, null), null);
            logFailure(call, started);
            return null;
        }
        call.succeeded();
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, String.format("%s %s -> %d in %d ms (attempt %d)", op.id(), target, status,
                    elapsedMillis(started), call.attempt()));
        }
        return new DbOpsResponse<>(status, headers, decoded, call.attempt());
    }

    private void logFailure(CallState call, long started) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, String.format("%s %s failed in %d ms (attempt %d): %s", call.operation().id(),
                    call.target(), elapsedMillis(started), call.attempt(), call.failure.getMessage()));
        }
    }

    private void sleep(CallState call, Duration delay) {
        try {
            settings.sleeper().sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DbOpsConnectionException(call.operation().id(), call.attempt(), call.operation().id() + " "
                    + call.target() + " was interrupted while waiting to retry", e);
        }
    }

    private static DbOpsTimeoutException deadlinePassed(CallState call, Duration callTimeout, DbOpsException last) {
        int sent = call.attemptsSent();
        return new DbOpsTimeoutException(call.operation().id(), sent, call.operation().id() + " " + call.target()
                + " timed out: the call's deadline of " + callTimeout.toMillis() + " ms passed (" + sent
                + (sent == 1 ? " attempt" : " attempts") + (last == null ? "" : "; last: " + last.getMessage()) + ")", last);
    }

    private void beforeCall(List<DbOpsInterceptor> interceptors, CallState call) {
        try {
            for (DbOpsInterceptor interceptor : interceptors) {
                interceptor.beforeCall(call);
            }
        } catch (DbOpsException refused) {
            throw refused;
        } catch (RuntimeException broken) {
            throw interceptorFailed(call, "beforeCall", broken);
        }
    }

    private static void afterAttempt(List<DbOpsInterceptor> interceptors, CallState call) {
        for (DbOpsInterceptor interceptor : interceptors) {
            try {
                interceptor.afterAttempt(call);
            } catch (RuntimeException ignored) {
                LOG.log(Level.WARNING, "interceptor " + interceptor.getClass().getName() + " failed in afterAttempt", ignored);
            }
        }
    }

    private static void afterCall(List<DbOpsInterceptor> interceptors, CallState call) {
        for (DbOpsInterceptor interceptor : interceptors) {
            try {
                interceptor.afterCall(call);
            } catch (RuntimeException ignored) {
                LOG.log(Level.WARNING, "interceptor " + interceptor.getClass().getName() + " failed in afterCall", ignored);
            }
        }
    }

    private static DbOpsException interceptorFailed(CallState call, String where, RuntimeException broken) {
        return new DbOpsException(call.operation().id(), call.attemptsSent(), call.operation().id() + " "
                + call.target() + " failed: an interceptor threw in " + where + ": " + broken, broken);
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}

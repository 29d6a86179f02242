package dev.dbops.sdk;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The shared HttpClient as the generated API sees it, with every response body bounded. The
 * generated code reads a whole body into memory before parsing it, so a broken or hostile server
 * could make one call hold any amount of memory (the resilience suite served 10 MB and got a "page"
 * of 9,709 schemas). Here a success body larger than {@link #MAX_BODY_BYTES} fails with
 * {@link TooLarge}, which the transport reports as a {@link MalformedResponseException}, and an
 * error body is cut at {@link #MAX_ERROR_BODY_BYTES} (only its message is used); in both cases the
 * rest is never read and the connection is closed. Reading the body is held to the request's
 * timeout too: the JDK's ends when the headers arrive, and a server that sent headers and then
 * stalled kept the caller blocked for as long as it liked.
 *
 * <p>The bounds are counted as the buffers pass from the HttpClient to the caller's own body
 * subscriber, so the caller's handler ({@code ofByteArray} in the generated code) runs as it would
 * without them: no stream, no queue, no copy. (The first version read every body through
 * {@code ofInputStream} and handed the bytes over again: a blocking queue per buffer and two
 * copies per body, which the benchmarks showed as time and allocation over the raw client.)
 */
final class BoundedHttpClient extends HttpClient {

    /** A page is at most 100 items; 8 MiB leaves room for large changelog settings. */
    static final int MAX_BODY_BYTES = 8 << 20;
    /** An error body is read for its message and kept on the exception: 64 KiB is plenty. */
    static final int MAX_ERROR_BODY_BYTES = 64 << 10;
    /**
     * Before the headers, the JDK's own request timeout runs and says precisely what timed out
     * (connecting, or waiting for the response), which decides whether a create may be retried.
     * A call at its deadline without headers gives the JDK this long to report it first.
     */
    private static final long JDK_TIMEOUT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** A success body over {@link #MAX_BODY_BYTES}: the server answered, but not something to read. */
    static final class TooLarge extends IOException {
        TooLarge(String what) {
            super("the response body is larger than " + (MAX_BODY_BYTES >> 20) + " MiB (" + what + ")");
        }
    }

    private final HttpClient delegate;

    BoundedHttpClient(HttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        Bounding<T> bounding = new Bounding<>(handler);
        // What the JDK's send() does, sendAsync and wait, with the wait held to the request's timeout.
        CompletableFuture<HttpResponse<T>> response = delegate.sendAsync(request, bounding);
        try {
            if (request.timeout().isEmpty()) {
                return response.get();
            }
            long deadline = started + request.timeout().get().toNanos();
            try {
                return response.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException late) {
                if (!bounding.headersArrived()) {
                    try {
                        return response.get(JDK_TIMEOUT_GRACE_NANOS, TimeUnit.NANOSECONDS);
                    } catch (TimeoutException stillLate) {
                        // the JDK did not report it: this call's own timeout below
                    }
                }
                bounding.abort();
                response.cancel(true);
                throw new HttpTimeoutException("request timed out while reading the response body");
            }
        } catch (InterruptedException e) {
            bounding.abort();
            response.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            // The HttpClient's own exception, as its send() would throw it: its type says what failed
            // (ConnectException, HttpConnectTimeoutException, …) and the transport maps it by type.
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return delegate.sendAsync(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return delegate.sendAsync(request, handler, pushPromiseHandler);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    /**
     * The caller's body handler with the body bounded: it sees the status and headers first, then
     * hands the caller's subscriber the buffers as they come, counting them.
     */
    private static final class Bounding<T> implements HttpResponse.BodyHandler<T> {
        private final HttpResponse.BodyHandler<T> handler;
        private volatile BoundingSubscriber<T> subscriber;
        private volatile boolean aborted;

        Bounding(HttpResponse.BodyHandler<T> handler) {
            this.handler = handler;
        }

        @Override
        public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
            boolean success = info.statusCode() / 100 == 2;
            long declared;
            try {
                declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            } catch (NumberFormatException unreadable) {
                declared = -1;
            }
            BoundingSubscriber<T> bounded = new BoundingSubscriber<>(handler.apply(info), success,
                    success && declared > MAX_BODY_BYTES ? "Content-Length " + declared : null);
            subscriber = bounded;
            if (aborted) {
                bounded.abort();
            }
            return bounded;
        }

        boolean headersArrived() {
            return subscriber != null;
        }

        /** The caller has given up (timeout, interrupt): stop reading and close the connection. */
        void abort() {
            aborted = true;
            BoundingSubscriber<T> bounded = subscriber;
            if (bounded != null) {
                bounded.abort();
            }
        }
    }

    /**
     * Passes buffers to the caller's subscriber up to the limit; past it, fails (success body) or
     * ends the body there (error body), and cancels the rest, which closes the connection.
     */
    private static final class BoundingSubscriber<T> implements HttpResponse.BodySubscriber<T> {
        private final HttpResponse.BodySubscriber<T> downstream;
        private final boolean success;
        private final int limit;
        private final String declaredTooLarge;
        private volatile Flow.Subscription upstream;
        private volatile boolean done;
        private long count;

        BoundingSubscriber(HttpResponse.BodySubscriber<T> downstream, boolean success, String declaredTooLarge) {
            this.downstream = downstream;
            this.success = success;
            this.limit = success ? MAX_BODY_BYTES : MAX_ERROR_BODY_BYTES;
            this.declaredTooLarge = declaredTooLarge;
        }

        @Override
        public CompletionStage<T> getBody() {
            return downstream.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            upstream = subscription;
            downstream.onSubscribe(subscription);
            if (done) {
                subscription.cancel();
            } else if (declaredTooLarge != null) {
                fail(new TooLarge(declaredTooLarge));
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (done) {
                return;
            }
            long size = 0;
            for (ByteBuffer buffer : buffers) {
                size += buffer.remaining();
            }
            if (count + size <= limit) {
                count += size;
                downstream.onNext(buffers);
                return;
            }
            if (success) {
                fail(new TooLarge("more than " + MAX_BODY_BYTES + " bytes sent"));
                return;
            }
            downstream.onNext(within(buffers, limit - count));
            count = limit;
            done = true;
            upstream.cancel();
            downstream.onComplete();
        }

        /** The first {@code keep} bytes of the buffers. */
        private static List<ByteBuffer> within(List<ByteBuffer> buffers, long keep) {
            List<ByteBuffer> kept = new ArrayList<>();
            for (ByteBuffer buffer : buffers) {
                if (keep <= 0) {
                    break;
                }
                int take = (int) Math.min(keep, buffer.remaining());
                kept.add(buffer.slice().limit(take));
                keep -= take;
            }
            return kept;
        }

        private void fail(IOException why) {
            done = true;
            upstream.cancel();
            downstream.onError(why);
        }

        @Override
        public void onError(Throwable throwable) {
            if (!done) {
                done = true;
                downstream.onError(throwable);
            }
        }

        @Override
        public void onComplete() {
            if (!done) {
                done = true;
                downstream.onComplete();
            }
        }

        /** Stops the body from another thread: no more signals reach the caller's subscriber. */
        void abort() {
            done = true;
            Flow.Subscription subscription = upstream;
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }
}

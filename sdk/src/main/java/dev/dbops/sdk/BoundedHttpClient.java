package dev.dbops.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * The shared HttpClient as the generated API sees it, with every response body bounded. The
 * generated code reads a whole body into memory ({@code readAllBytes}) before parsing it, so a
 * broken or hostile server could make one call hold any amount of memory (the resilience suite
 * served 10 MB and got a "page" of 9,709 schemas). Here a success body larger than
 * {@link #MAX_BODY_BYTES} fails with {@link TooLarge}, which the transport reports as a
 * {@link MalformedResponseException}, and an error body is cut at {@link #MAX_ERROR_BODY_BYTES}
 * (only its message is used); in both cases the rest is never read and the connection is closed.
 * Reading the body is held to the request's timeout too: the JDK's ends when the headers arrive,
 * and a server that sent headers and then stalled kept the caller blocked for as long as it liked.
 */
final class BoundedHttpClient extends HttpClient {

    /** A page is at most 100 items; 8 MiB leaves room for large changelog settings. */
    static final int MAX_BODY_BYTES = 8 << 20;
    /** An error body is read for its message and kept on the exception: 64 KiB is plenty. */
    static final int MAX_ERROR_BODY_BYTES = 64 << 10;

    /** A success body over {@link #MAX_BODY_BYTES}: the server answered, but not something to read. */
    static final class TooLarge extends IOException {
        TooLarge(String what) {
            super("the response body is larger than " + (MAX_BODY_BYTES >> 20) + " MiB (" + what + ")");
        }
    }

    /**
     * Closes the body of a call that outlived its timeout, which wakes its blocked reader. One daemon
     * thread for the whole JVM, ending when idle; finished reads cancel their task.
     */
    private static final class Deadlines {
        static final ScheduledThreadPoolExecutor TIMER = timer();

        private static ScheduledThreadPoolExecutor timer() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "dbops-sdk-body-deadline");
                t.setDaemon(true);
                return t;
            });
            timer.setRemoveOnCancelPolicy(true);
            timer.setKeepAliveTime(30, TimeUnit.SECONDS);
            timer.allowCoreThreadTimeOut(true);
            return timer;
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
        // Whatever the caller asks for, the body is taken as a stream here, so that it can be
        // bounded and held to the deadline while it is read; the caller's handler then gets the
        // bytes that were read, as if they had come from the network.
        HttpResponse<InputStream> response = delegate.send(request, HttpResponse.BodyHandlers.ofInputStream());
        boolean success = response.statusCode() / 100 == 2;
        long declared;
        try {
            declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        } catch (NumberFormatException unreadable) {
            declared = -1;
        }
        if (success && declared > MAX_BODY_BYTES) {
            response.body().close();
            throw new TooLarge("Content-Length " + declared);
        }
        long deadline = request.timeout().map(t -> started + t.toNanos()).orElse(0L);
        byte[] bytes;
        try (InputStream bounded = new BoundedStream(response.body(), success, deadline)) {
            bytes = bounded.readAllBytes();
        }
        return new BoundedResponse<>(response, deliver(handler, response, bytes));
    }

    /** Hands bytes already read to a body handler, as one buffer followed by the end of the body. */
    private static <T> T deliver(HttpResponse.BodyHandler<T> handler, HttpResponse<?> response, byte[] bytes)
            throws IOException {
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return response.statusCode();
            }

            @Override
            public HttpHeaders headers() {
                return response.headers();
            }

            @Override
            public HttpClient.Version version() {
                return response.version();
            }
        });
        subscriber.onSubscribe(new Flow.Subscription() {
            private boolean delivered;

            @Override
            public void request(long n) {
                if (delivered || n <= 0) {
                    return;
                }
                delivered = true;
                if (bytes.length > 0) {
                    subscriber.onNext(List.of(ByteBuffer.wrap(bytes)));
                }
                subscriber.onComplete();
            }

            @Override
            public void cancel() {
                delivered = true;
            }
        });
        try {
            return subscriber.getBody().toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while handing over the response body", e);
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
     * Reads up to the limit; past it, fails (success body) or ends (error body), and closes the
     * source. Past the deadline (nanoTime; 0 for none) the source is closed and reads fail with
     * {@link HttpTimeoutException}, as the JDK's own timeout does before the headers.
     */
    private static final class BoundedStream extends InputStream {
        private final InputStream in;
        private final boolean success;
        private final int limit;
        private final ScheduledFuture<?> watchdog;
        private volatile boolean expired;
        private long count;
        private boolean ended;

        BoundedStream(InputStream in, boolean success, long deadline) {
            this.in = in;
            this.success = success;
            this.limit = success ? MAX_BODY_BYTES : MAX_ERROR_BODY_BYTES;
            this.watchdog = deadline == 0 ? null : Deadlines.TIMER.schedule(this::expire,
                    Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }

        private void expire() {
            expired = true;
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is all that is wanted: the reader wakes and reports the timeout
            }
        }

        private void checkDeadline() throws HttpTimeoutException {
            if (expired) {
                ended = true;
                throw new HttpTimeoutException("request timed out while reading the response body");
            }
        }

        private void done() {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
        }

        @Override
        public int read() throws IOException {
            if (ended) {
                return -1;
            }
            int b;
            try {
                b = in.read();
            } catch (IOException e) {
                checkDeadline();
                throw e;
            }
            checkDeadline();
            if (b < 0) {
                done();
            } else if (++count > limit) {
                return overLimit(1) > 0 ? b : -1;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            // Ask for one byte more than the limit allows, to notice a body that goes past it.
            int n;
            try {
                n = in.read(buffer, offset, (int) Math.min(length, limit - count + 1));
            } catch (IOException e) {
                checkDeadline();
                throw e;
            }
            checkDeadline();
            if (n < 0) {
                done();
                return -1;
            }
            count += n;
            if (count > limit) {
                int kept = overLimit(n);
                return kept > 0 ? kept : -1;
            }
            return n;
        }

        /** Of the n bytes just read, how many are within the limit; throws for a success body. */
        private int overLimit(int n) throws IOException {
            ended = true;
            done();
            in.close();
            if (success) {
                throw new TooLarge("more than " + MAX_BODY_BYTES + " bytes sent");
            }
            return n - (int) (count - limit);
        }

        @Override
        public int available() throws IOException {
            return ended ? 0 : in.available();
        }

        @Override
        public void close() throws IOException {
            done();
            in.close();
        }
    }

    /** The delegate's response with the bounded body. */
    private record BoundedResponse<T>(HttpResponse<?> response, T body) implements HttpResponse<T> {
        @Override
        public int statusCode() {
            return response.statusCode();
        }

        @Override
        public HttpRequest request() {
            return response.request();
        }

        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            // Redirects are never followed, so there is no earlier response.
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return response.headers();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return response.sslSession();
        }

        @Override
        public URI uri() {
            return response.uri();
        }

        @Override
        public HttpClient.Version version() {
            return response.version();
        }
    }
}

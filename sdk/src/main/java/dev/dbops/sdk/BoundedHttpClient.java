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
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
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
 * without them: no stream, no queue, no copy (the first version read every body through
 * {@code ofInputStream} and handed the bytes over again). The call is the JDK's own blocking
 * {@code send}: its public {@code sendAsync} completes on the common ForkJoin pool, a thread
 * hop per call that the benchmarks measured at more than the whole rest of a GET on loopback. The
 * body deadline is kept by {@link Watchdog}, one thread for the JVM that looks at the calls in
 * flight a few times a second, so that no call pays for a timer of its own.
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

    private final HttpClient delegate;

    BoundedHttpClient(HttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        Optional<Duration> timeout = request.timeout();
        Bounding<T> bounding = new Bounding<>(handler,
                timeout.isPresent() ? System.nanoTime() + timeout.get().toNanos() : Bounding.NO_DEADLINE);
        if (timeout.isPresent()) {
            Watchdog.watch(bounding);
        }
        try {
            return delegate.send(request, bounding);
        } finally {
            bounding.finish();
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
     * hands the caller's subscriber the buffers as they come, counting them. Also one call in
     * flight, as the {@link Watchdog} sees it.
     */
    private static final class Bounding<T> implements HttpResponse.BodyHandler<T> {
        static final long NO_DEADLINE = Long.MIN_VALUE;

        private final HttpResponse.BodyHandler<T> handler;
        /** System.nanoTime() at which the call times out, or {@link #NO_DEADLINE}. */
        final long deadline;
        /** Set when send() has returned or thrown: nothing left to watch. */
        volatile boolean finished;
        private volatile BoundingSubscriber<T> subscriber;

        Bounding(HttpResponse.BodyHandler<T> handler, long deadline) {
            this.handler = handler;
            this.deadline = deadline;
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
            return bounded;
        }

        /** send() has returned or thrown; the body is not held here until the watchdog looks. */
        void finish() {
            finished = true;
            subscriber = null;
        }

        /**
         * The deadline has passed. Before the headers the JDK's own request timeout applies, and
         * reports precisely what timed out (connecting, or waiting for the response), which decides
         * whether a create may be retried; so only a body being read is ended here.
         *
         * @return true when nothing more is to be done for this call
         */
        boolean expire() {
            BoundingSubscriber<T> bounded = subscriber;
            if (bounded == null) {
                return false;
            }
            bounded.fail(new HttpTimeoutException("request timed out while reading the response body"));
            return true;
        }
    }

    /**
     * Ends the bodies of calls past their deadline. One daemon thread for the JVM, started by the
     * first call and ending after a while without calls; a call only adds itself to a queue, and
     * the thread looks every {@link #TICK_NANOS}: a deadline is kept to within that.
     */
    static final class Watchdog {
        static final String THREAD_NAME = "dbops-sdk-body-deadline";
        static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
        static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);
        private static final System.Logger LOG = System.getLogger("dev.dbops.sdk");
        private static final Queue<Bounding<?>> CALLS = new ConcurrentLinkedQueue<>();
        private static final AtomicBoolean RUNNING = new AtomicBoolean();

        static void watch(Bounding<?> call) {
            CALLS.offer(call);
            if (!RUNNING.get() && RUNNING.compareAndSet(false, true)) {
                start();
            }
        }

        /** Starts the thread; the caller has just set {@link #RUNNING}, which a failed start clears. */
        private static void start() {
            try {
                Thread thread = new Thread(Watchdog::run, THREAD_NAME);
                thread.setDaemon(true);
                // Not the first caller's: the thread outlives its call.
                thread.setContextClassLoader(null);
                thread.start();
            } catch (Throwable noThread) {
                RUNNING.set(false);
                throw noThread;
            }
        }

        /** Calls being watched, for tests. */
        static int watched() {
            return CALLS.size();
        }

        private static void run() {
            try {
                watchUntilIdle();
            } finally {
                // Whatever ended this thread, a call queued after it stopped looking starts another.
                RUNNING.set(false);
                if (!CALLS.isEmpty() && RUNNING.compareAndSet(false, true)) {
                    start();
                }
            }
        }

        private static void watchUntilIdle() {
            long lastBusy = System.nanoTime();
            while (true) {
                LockSupport.parkNanos(TICK_NANOS);
                // An interrupt would make every park return at once: this thread has no use for one.
                Thread.interrupted();
                long now = System.nanoTime();
                if (!CALLS.isEmpty()) {
                    lastBusy = now;
                }
                for (Iterator<Bounding<?>> calls = CALLS.iterator(); calls.hasNext(); ) {
                    Bounding<?> call = calls.next();
                    try {
                        if (call.finished || now - call.deadline >= 0 && call.expire()) {
                            calls.remove();
                        }
                    } catch (RuntimeException | Error failed) {
                        // Ending a body runs the HttpClient's completion code here: whatever it
                        // throws ends that call's watch, not the watch of every other call.
                        calls.remove();
                        LOG.log(System.Logger.Level.WARNING, "ending a timed-out response body failed", failed);
                    }
                }
                if (now - lastBusy > IDLE_NANOS) {
                    return;
                }
            }
        }
    }

    /**
     * Passes buffers to the caller's subscriber up to the limit; past it, fails (success body) or
     * ends the body there (error body), and cancels the rest, which closes the connection. The
     * caller's subscriber hears the end first: the HttpClient completes the response from within
     * {@code cancel()} (over HTTP/2 at once, "stream cancelled"), and what it says then would be
     * taken for a broken connection. The watchdog may end the body from its own thread; a lock
     * makes the decision, and the signals after it are made outside the lock.
     */
    static final class BoundingSubscriber<T> implements HttpResponse.BodySubscriber<T> {
        private final HttpResponse.BodySubscriber<T> downstream;
        private final boolean success;
        private final int limit;
        private final String declaredTooLarge;
        private Flow.Subscription upstream;
        private boolean done;
        /** A failure decided before there was a subscription, delivered in onSubscribe. */
        private IOException pending;
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
            IOException failure;
            synchronized (this) {
                upstream = subscription;
                failure = pending;
                if (failure == null && declaredTooLarge != null) {
                    failure = new TooLarge(declaredTooLarge);
                    done = true;
                }
            }
            downstream.onSubscribe(subscription);
            if (failure != null) {
                downstream.onError(failure);
                subscription.cancel();
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            List<ByteBuffer> last;
            synchronized (this) {
                if (done) {
                    return;
                }
                long size = 0;
                for (ByteBuffer buffer : buffers) {
                    size += buffer.remaining();
                }
                if (count + size <= limit) {
                    count += size;
                    // Under the lock: the watchdog's end of the body must not overtake these bytes.
                    downstream.onNext(buffers);
                    return;
                }
                done = true;
                last = success ? null : within(buffers, limit - count);
                count = limit;
            }
            if (last == null) {
                downstream.onError(new TooLarge("more than " + MAX_BODY_BYTES + " bytes sent"));
            } else {
                downstream.onNext(last);
                downstream.onComplete();
            }
            upstream.cancel();
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

        /** Ends the body with this failure, unless it has ended already. */
        void fail(IOException why) {
            Flow.Subscription subscription;
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
                subscription = upstream;
                if (subscription == null) {
                    pending = why;
                    return;
                }
            }
            downstream.onError(why);
            subscription.cancel();
        }

        @Override
        public void onError(Throwable throwable) {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
            }
            downstream.onError(throwable);
        }

        @Override
        public void onComplete() {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
            }
            downstream.onComplete();
        }
    }
}

package dev.dbops.sdk.internal.exchange;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Response bodies with bounds. The SDK reads a whole body into memory before parsing it, so a
 * broken or hostile server could make one call hold any amount of memory (the resilience suite
 * served 10 MB and got a "page" of 9,709 schemas). Here a success body larger than
 * {@link #MAX_BODY_BYTES} fails with {@link TooLarge}, which the exchange reports as a
 * malformed response, and an error body is cut at {@link #MAX_ERROR_BODY_BYTES} (only its
 * message is used); in both cases the rest is never read and the connection is closed. Reading
 * the body is held to the attempt's timeout too: the JDK's ends when the headers arrive, and a
 * server that sent headers and then stalled kept the caller blocked for as long as it liked.
 *
 * <p>The bounds are counted as the buffers pass from the HttpClient to the byte-array subscriber:
 * no stream, no queue, no copy. The body deadline is kept by {@link Watchdog}, one thread for the
 * JVM that looks at the calls in flight a few times a second, so that no call pays for a timer.
 */
final class BoundedBody {

    /** A page is at most 100 items; 8 MiB leaves room for large changelog settings. */
    static final int MAX_BODY_BYTES = 8 << 20;
    /** An error body is read for its message and kept on the exception: 64 KiB is plenty. */
    static final int MAX_ERROR_BODY_BYTES = 64 << 10;

    private BoundedBody() {
    }

    /** A success body over {@link #MAX_BODY_BYTES}: the server answered, but not something to read. */
    static final class TooLarge extends IOException {
        TooLarge(String what) {
            super("the response body is larger than " + (MAX_BODY_BYTES >> 20) + " MiB (" + what + ")");
        }
    }

    /**
     * The caller's body handler with the body bounded: it sees the status and headers first, then
     * hands the caller's subscriber the buffers as they come, counting them. Also one call in
     * flight, as the {@link Watchdog} sees it.
     */
    static final class Bounding<T> implements HttpResponse.BodyHandler<T> {
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

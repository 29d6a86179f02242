package dev.dbops.sdk.internal.exchange;

import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Ends the bodies of calls past their deadline. One daemon thread for the JVM, started by the
 * first call and ending after a while without calls, or as soon as no call is in flight once
 * every client has been closed; a call only adds itself to a queue, and the thread looks every
 * {@link #TICK_NANOS}: a deadline is kept to within that.
 */
final class Watchdog {
    static final String THREAD_NAME = "dbops-sdk-body-deadline";
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final System.Logger LOG = System.getLogger("dev.dbops.sdk");
    private static final Queue<BoundedBody.Bounding<?>> CALLS = new ConcurrentLinkedQueue<>();
    private static final AtomicBoolean RUNNING = new AtomicBoolean();
    /** Clients not yet closed: while there are none, nothing will start a call to watch. */
    private static final AtomicInteger CLIENTS = new AtomicInteger();
    private static volatile Thread thread;

    private Watchdog() {
    }

    /** A client was made. */
    static void register() {
        CLIENTS.incrementAndGet();
    }

    /** A client was closed: with none left and no call in flight, the thread ends now. */
    static void release() {
        if (CLIENTS.decrementAndGet() <= 0) {
            Thread running = thread;
            if (running != null) {
                LockSupport.unpark(running);
            }
        }
    }

    /** Whether the watchdog's thread is running, for tests. */
    static boolean isRunning() {
        return RUNNING.get();
    }

    static void watch(BoundedBody.Bounding<?> call) {
        CALLS.offer(call);
        if (!RUNNING.get() && RUNNING.compareAndSet(false, true)) {
            start();
        }
    }

    /** Starts the thread; the caller has just set {@link #RUNNING}, which a failed start clears. */
    private static void start() {
        try {
            Thread started = new Thread(Watchdog::run, THREAD_NAME);
            started.setDaemon(true);
            // Not the first caller's: the thread outlives its call.
            started.setContextClassLoader(null);
            thread = started;
            started.start();
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
            thread = null;
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
            for (Iterator<BoundedBody.Bounding<?>> calls = CALLS.iterator(); calls.hasNext(); ) {
                BoundedBody.Bounding<?> call = calls.next();
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
            if (now - lastBusy > IDLE_NANOS || CLIENTS.get() <= 0 && CALLS.isEmpty()) {
                return;
            }
        }
    }
}

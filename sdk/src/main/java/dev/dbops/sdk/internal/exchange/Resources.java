package dev.dbops.sdk.internal.exchange;

import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What clients derived from one another share: the HttpClient (its connection pool) and the
 * executor of asynchronous calls. Counted: each client holds one lease, and the last one
 * released closes what the SDK itself created (the HttpClient on JDKs where it can be closed,
 * the executor it started), never what the user supplied.
 */
public final class Resources {

    private final HttpClient http;
    private final boolean ownsHttp;
    private final Executor userExecutor;
    private final AtomicInteger leases = new AtomicInteger(1);
    private ExecutorService ownExecutor;
    private boolean released;

    /**
     * Resources with one lease taken.
     *
     * @param http the HttpClient calls go through
     * @param ownsHttp whether the SDK made it (and so closes it)
     * @param userExecutor the executor for asynchronous calls the user gave, or null for the SDK's own
     */
    public Resources(HttpClient http, boolean ownsHttp, Executor userExecutor) {
        this.http = http;
        this.ownsHttp = ownsHttp;
        this.userExecutor = userExecutor;
    }

    /** The shared HttpClient. */
    public HttpClient http() {
        return http;
    }

    /** Whether the SDK made the HttpClient. */
    public boolean ownsHttp() {
        return ownsHttp;
    }

    /** The executor given by the user, or null when the SDK starts its own. */
    public Executor userExecutor() {
        return userExecutor;
    }

    /** Takes another lease, for a derived client; false when every lease is already released. */
    public boolean acquire() {
        while (true) {
            int held = leases.get();
            if (held <= 0) {
                return false;
            }
            if (leases.compareAndSet(held, held + 1)) {
                return true;
            }
        }
    }

    /** Returns a lease; the last one closes what the SDK made. */
    public void release() {
        if (leases.decrementAndGet() != 0) {
            return;
        }
        ExecutorService executor;
        synchronized (this) {
            released = true;
            executor = ownExecutor;
            ownExecutor = null;
        }
        if (executor != null) {
            executor.shutdown();
        }
        // HttpClient implements AutoCloseable from JDK 21 on; on 17 its threads end once it is unreachable.
        if (ownsHttp && http instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing releases connections; nothing a caller could do about a failure here
            }
        }
    }

    /** Whether the last lease has been released. */
    public synchronized boolean isReleased() {
        return released;
    }

    /** Where asynchronous calls run: the user's executor, else a pool of daemon threads made on first use. */
    synchronized Executor asyncExecutor() {
        if (userExecutor != null) {
            return userExecutor;
        }
        if (ownExecutor == null && !released) {
            AtomicInteger count = new AtomicInteger();
            ownExecutor = Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "dbops-sdk-async-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
        return ownExecutor;
    }
}

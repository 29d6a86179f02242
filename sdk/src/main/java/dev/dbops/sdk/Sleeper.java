package dev.dbops.sdk;

import java.time.Duration;

/**
 * How the SDK waits between retries and between a waiter's polls. Give a client your own
 * ({@link HarnessDbOps.Builder#sleeper}) to test retry and wait logic without real waiting, for
 * example one that advances a test clock.
 */
@FunctionalInterface
public interface Sleeper {

    /** Waits with {@link Thread#sleep(long, int)}. */
    Sleeper SYSTEM = duration -> {
        long nanos = duration.toNanos();
        if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    };

    /**
     * Waits for the duration. Must throw {@link InterruptedException} when the thread is
     * interrupted, so that a waiting call can be cancelled.
     *
     * @param duration the wait, zero or more
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;
}

package dev.dbops.sdk.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of daemon threads for one plan or apply: at most that many requests are in flight.
 * Made per operation and closed after it, so a Provisioner holds no threads between calls.
 */
final class Workers implements AutoCloseable {

    private final ExecutorService pool;

    Workers(int parallelism, String name) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.pool = Executors.newFixedThreadPool(parallelism, factory);
    }

    ExecutorService executor() {
        return pool;
    }

    /** Runs the tasks on the workers and returns their results in order; the first failure is thrown once all ended. */
    <T> List<T> all(Collection<? extends Callable<T>> tasks) {
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return task.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, pool));
        }
        List<T> results = new ArrayList<>();
        RuntimeException first = null;
        for (CompletableFuture<T> future : futures) {
            try {
                results.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                throw new IllegalStateException("interrupted while waiting for requests in flight", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
                if (first == null) {
                    first = cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
                }
                results.add(null);
            }
        }
        if (first != null) {
            throw first;
        }
        return results;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}

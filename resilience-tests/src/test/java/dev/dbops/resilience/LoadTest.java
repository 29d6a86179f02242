package dev.dbops.resilience;

import dev.dbops.sdk.DbOpsResponse;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.SchemaRef;
import dev.dbops.sdk.testkit.DbOpsStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 calls from 32 threads on one shared client against the stateful stand-in, in a mix of all
 * ten operations: no errors, the stand-in's state adds up afterwards, and the JVM has no more live
 * threads than before the run. Latency percentiles are printed, not asserted (beyond a sanity bound).
 */
@Order(4)
class LoadTest {

    static final int CALLS = 10_000;
    static final int THREADS = 32;
    static final int WARM_UP_CALLS = 1_600;
    static final int INSTANCES = 20;

    static DbOpsStandIn standIn;
    static HarnessDbOps client;
    static SchemaRef schema;
    static Project project;

    @BeforeAll
    static void start() {
        standIn = Suite.standIn();
        client = standIn.clientBuilder().apiKey(Secrets.KEY).retryPolicy(Suite.FAST_RETRIES).build();
        Secrets.inspect(client);
        project = Suite.project(client);
        project.schemas().create("load_schema").name("Load").tags("env:load")
                .changelog(c -> c.connector("git").location("changelog.yaml")).execute();
        schema = project.schema("load_schema");
        for (int i = 0; i < INSTANCES; i++) {
            schema.instances().create("inst_" + i).name("Instance " + i).connector("pg").branch("main").tags("n:" + i)
                    .execute();
        }
    }

    @AfterAll
    static void stop() {
        standIn.stop();
    }

    /** What a run of calls measured. */
    record Run(long[] nanos, long errors, long retries, int created, int deleted, long wallNanos, List<Throwable> firstErrors) {
    }

    @Test
    void tenThousandCallsFrom32ThreadsOnOneSharedClient() throws InterruptedException {
        // Same concurrency first, so that connection and thread pools reach their working size.
        Run warmUp = run(WARM_UP_CALLS, "w");
        assertThat(warmUp.errors()).as("errors while warming up: " + warmUp.firstErrors()).isZero();
        Threads.settle(() -> false, 500);
        Threads.Snapshot before = Threads.snapshot();

        Run run = run(CALLS, "c");

        Threads.settle(() -> Threads.snapshot().notIdle() <= before.notIdle(), 5_000);
        Threads.Snapshot after = Threads.snapshot();
        Set<String> newSources = new TreeSet<>(after.sources());
        newSources.removeAll(before.sources());
        long[] sorted = run.nanos().clone();
        Arrays.sort(sorted);
        Figures.loadCalls = sorted.length;
        Figures.loadThreads = THREADS;
        Figures.loadErrors = run.errors();
        Figures.loadRetries = run.retries();
        Figures.loadLatency = String.format(Locale.ROOT, "%s / %s / %s / %s ms", ms(percentile(sorted, 50)),
                ms(percentile(sorted, 90)), ms(percentile(sorted, 99)), ms(sorted[sorted.length - 1]));
        Figures.loadCallsPerSecond = Math.round(CALLS / (run.wallNanos() / 1e9));
        Figures.loadLiveThreads = before.live() + " → " + after.live() + " (not idle in a pool: " + before.notIdle() + " → "
                + after.notIdle() + "; new thread sources: " + newSources.size() + ")";
        Figures.loadThreadGrowth = Math.max(0, after.notIdle() - before.notIdle()) + newSources.size();
        System.out.printf(Locale.ROOT, "Load: %d calls, %d threads, %d errors, %d retries, p50/p90/p99/max %s, %d calls/s,"
                        + " live threads %s%n", CALLS, THREADS, run.errors(), run.retries(), Figures.loadLatency,
                Figures.loadCallsPerSecond, Figures.loadLiveThreads);

        assertThat(run.errors()).as("errors under load, first ones: " + run.firstErrors()).isZero();
        // The stand-in's state adds up: every create and delete happened exactly once.
        long expected = INSTANCES + warmUp.created() - warmUp.deleted() + run.created() - run.deleted();
        assertThat(schema.instances().list().pageSize(1).page(0).totalElements()).hasValue(expected);
        assertThat(sorted[sorted.length / 100 * 99]).as("p99 sanity bound, ns").isLessThan(10_000_000_000L);
        assertThat(Threads.stillInsideSdk(3_000)).as("threads still inside the SDK after the run").isEmpty();
        // No growth in live threads, except idle workers of pools that existed before the run (the
        // JDK HttpClient's and Jetty's keep idle workers 60 s): none busy, none from a new source.
        assertThat(newSources).as("thread sources (pools, clients) that appeared during the run").isEmpty();
        assertThat(after.notIdle()).as("live threads not idling in a pool, before: " + before.notIdle())
                .isLessThanOrEqualTo(before.notIdle());
    }

    static Run run(int calls, String prefix) throws InterruptedException {
        long[] nanos = new long[calls];
        AtomicInteger next = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        AtomicInteger created = new AtomicInteger();
        AtomicInteger deleted = new AtomicInteger();
        Queue<String> toDelete = new ConcurrentLinkedQueue<>();
        List<Throwable> firstErrors = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger names = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> new Thread(r, "load-" + prefix + "-" + names.incrementAndGet()));
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < THREADS; t++) {
            pool.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
                    long started = System.nanoTime();
                    try {
                        DbOpsResponse<?> response = call(prefix, i, created, deleted, toDelete);
                        nanos[i] = System.nanoTime() - started;
                        retries.addAndGet(response.attempts() - 1);
                        Secrets.inspect(response);
                    } catch (RuntimeException e) {
                        nanos[i] = System.nanoTime() - started;
                        errors.incrementAndGet();
                        if (firstErrors.size() < 5) {
                            firstErrors.add(e);
                        }
                        Secrets.inspect(e);
                    }
                }
            });
        }
        long started = System.nanoTime();
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(150, TimeUnit.SECONDS)).as("load finished in time").isTrue();
        return new Run(nanos, errors.get(), retries.get(), created.get(), deleted.get(), System.nanoTime() - started,
                firstErrors);
    }

    /** Call number i of the mix: 50 % reads, 25 % lists, 15 % updates, 5 % creates, 5 % deletes. */
    static DbOpsResponse<?> call(String prefix, int i, AtomicInteger created, AtomicInteger deleted, Queue<String> toDelete) {
        String instance = "inst_" + (i % INSTANCES);
        switch (i % 20) {
            case 0, 1, 2, 3, 4, 5:
                return schema.get().executeWithResponse();
            case 6, 7, 8, 9:
                return schema.instance(instance).get().executeWithResponse();
            case 10, 11, 12:
                return schema.instances().list().withTags("n:" + (i % INSTANCES)).pageSize(20).page(0).response();
            case 13, 14:
                return project.schemas().list().pageSize(10).page(0).response();
            case 15, 16:
                return schema.instance(instance).update().name("Instance " + i).executeWithResponse();
            case 17: {
                String id = prefix + "_" + i;
                DbOpsResponse<?> r = schema.instances().create(id).name("Created " + i).connector("pg").commitSha("abc" + i)
                        .executeWithResponse();
                created.incrementAndGet();
                toDelete.add(id);
                return r;
            }
            case 18: {
                String id = toDelete.poll();
                if (id == null) {
                    return schema.get().executeWithResponse();
                }
                DbOpsResponse<?> r = schema.instance(id).delete().executeWithResponse();
                deleted.incrementAndGet();
                return r;
            }
            default:
                return project.schema("load_schema").update().tags("env:load", "round:" + i).executeWithResponse();
        }
    }

    static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}

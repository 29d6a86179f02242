package dev.dbops.resilience;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/** Thread dumps for the "no thread stays blocked" and "no growth in live threads" checks. */
final class Threads {

    /** Names of the SDK's own threads, which are not calls. */
    static final String SDK_OWN_THREADS = "dbops-sdk-";

    private Threads() {
    }

    /**
     * Live threads, those not idling in a pool queue, and where threads come from (the name without
     * its trailing number: "HttpClient-3-Worker", "qtp1234", "pool-2-thread"). The JDK HttpClient's
     * cached pool and Jetty's pool keep idle workers for 60 s; more idle workers in a pool that
     * already existed are capacity, not a leak. A new source (a second HttpClient, a new executor)
     * or a thread that is not idle would be.
     */
    record Snapshot(int live, int notIdle, Set<String> sources) {
    }

    static Snapshot snapshot() {
        int live = 0;
        int notIdle = 0;
        Set<String> sources = new TreeSet<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            live++;
            if (!idleInPool(e.getValue())) {
                notIdle++;
            }
            sources.add(e.getKey().getName().replaceAll("-[0-9]+$", ""));
        }
        return new Snapshot(live, notIdle, sources);
    }

    static boolean idleInPool(StackTraceElement[] stack) {
        return Arrays.stream(stack).anyMatch(f ->
                f.getClassName().equals("java.util.concurrent.ThreadPoolExecutor") && f.getMethodName().equals("getTask")
                        || f.getClassName().endsWith("QueuedThreadPool$Runner") && f.getMethodName().equals("idleJobPoll"));
    }

    static int live() {
        return Thread.getAllStackTraces().size();
    }

    /**
     * Selector-manager threads of JDK HttpClients: one per live client. A client that made a new
     * HttpClient per call (the generated code's habit) would add one per call.
     */
    static int httpClientSelectors() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("HttpClient-") && t.getName().endsWith("SelectorManager")).count();
    }

    /**
     * JDK HttpClient worker threads doing something: neither the selector manager nor a pool worker
     * idling in its queue (idle workers are kept 60 s by the JDK's cached pool, then end).
     */
    static List<String> busyHttpClientWorkers() {
        List<String> busy = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            String name = e.getKey().getName();
            if (!name.startsWith("HttpClient-") || name.endsWith("SelectorManager")) {
                continue;
            }
            if (!idleInPool(e.getValue()) && e.getKey().isAlive()) {
                busy.add(name + " " + e.getKey().getState() + " at " + Arrays.stream(e.getValue()).limit(6).toList());
            }
        }
        return busy;
    }

    /**
     * Threads other than the caller that are inside the SDK's client code right now: a call that
     * should have ended (with a result or a typed exception) and has not. The test kit's stand-in
     * runs on the server side and is not counted.
     */
    static List<String> insideSdk() {
        // The SDK's own helper (the body-deadline watchdog) lives in SDK code between calls.
        List<String> stuck = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey() == Thread.currentThread() || e.getKey().getName().startsWith(SDK_OWN_THREADS)) {
                continue;
            }
            boolean inSdk = Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("dev.dbops.sdk.")
                    && !f.getClassName().startsWith("dev.dbops.sdk.testkit."));
            if (inSdk) {
                stuck.add(e.getKey().getName() + " " + e.getKey().getState() + " at "
                        + Arrays.stream(e.getValue()).limit(6).map(String::valueOf).toList());
            }
        }
        return stuck;
    }

    /**
     * {@link #insideSdk()} once it has had time to drain: a thread caught on its way out (the
     * HttpClient's selector thread handing a connection's last bytes or its end-of-stream to the
     * SDK's body subscriber just after the caller returned) is passing through, not stuck. A thread
     * that is still inside after {@code maxMillis} is reported.
     */
    static List<String> stillInsideSdk(long maxMillis) {
        settle(() -> insideSdk().isEmpty(), maxMillis);
        return insideSdk();
    }

    /** Polls until the condition holds or the settle period ends; true when it held. */
    static boolean settle(BooleanSupplier condition, long maxMillis) {
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}

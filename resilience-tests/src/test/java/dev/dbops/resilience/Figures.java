package dev.dbops.resilience;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The counters the tests fill and the table the suite prints at the end. Every number in the table
 * comes from here; a test that fails leaves its cell uncounted as passed, and the table shows it.
 */
final class Figures {

    /** Passed and total cells per fault column of the matrix, in column order. */
    private static final Map<String, int[]> faultCells = new LinkedHashMap<>();
    static volatile int matrixBlockedThreads = -1;
    static volatile String matrixClientThreads = "not measured";

    static volatile long loadCalls = -1;
    static volatile int loadThreads;
    static volatile long loadErrors = -1;
    static volatile long loadRetries = -1;
    static volatile String loadLatency = "not measured";
    static volatile long loadCallsPerSecond;
    static volatile String loadLiveThreads = "not measured";
    static volatile int loadThreadGrowth = -1;

    static final AtomicInteger badInputsTotal = new AtomicInteger();
    static final AtomicInteger badInputsRefused = new AtomicInteger();
    static final AtomicInteger badInputRequestsSent = new AtomicInteger();

    private static final Map<String, int[]> hostile = new LinkedHashMap<>();

    static final AtomicInteger insecureEndpointsTotal = new AtomicInteger();
    static final AtomicInteger insecureEndpointsRefused = new AtomicInteger();
    static volatile long keyOccurrences = -1;
    static volatile String secretsScanned = "not scanned";

    private Figures() {
    }

    static synchronized void faultColumn(String fault) {
        faultCells.computeIfAbsent(fault, k -> new int[2]);
    }

    static synchronized void faultCell(String fault, boolean passed) {
        int[] cell = faultCells.computeIfAbsent(fault, k -> new int[2]);
        cell[1]++;
        if (passed) {
            cell[0]++;
        }
    }

    static synchronized void hostileCell(String group, boolean passed) {
        int[] cell = hostile.computeIfAbsent(group, k -> new int[2]);
        cell[1]++;
        if (passed) {
            cell[0]++;
        }
    }

    /** The Markdown table: at most 40 lines, so that it fits the README's "Reliability" section. */
    static synchronized String markdown(long suiteMillis) {
        List<String> rows = new ArrayList<>();
        rows.add("| Area | Figure | Result |");
        rows.add("|---|---|---|");
        int passed = 0;
        int total = 0;
        for (Map.Entry<String, int[]> column : faultCells.entrySet()) {
            rows.add("| Fault matrix | " + column.getKey() + " | " + column.getValue()[0] + "/" + column.getValue()[1]
                    + " cells |");
            passed += column.getValue()[0];
            total += column.getValue()[1];
        }
        rows.add("| Fault matrix | all cells (10 operations × " + faultCells.size() + " faults) | " + passed + "/" + total
                + " |");
        rows.add("| Fault matrix | threads still blocked (in the SDK or the HttpClient) after the matrix | " + unknown(matrixBlockedThreads) + " |");
        rows.add("| Fault matrix | client threads before → after | " + matrixClientThreads + " |");
        rows.add("| Load | calls / threads / one shared client | " + unknown(loadCalls) + " / " + loadThreads + " / 1 |");
        rows.add("| Load | errors / retries | " + unknown(loadErrors) + " / " + unknown(loadRetries) + " |");
        rows.add("| Load | latency p50 / p90 / p99 / max | " + loadLatency + " |");
        rows.add("| Load | throughput | " + (loadCallsPerSecond > 0 ? loadCallsPerSecond + " calls/s" : "not measured") + " |");
        rows.add("| Load | live threads before → after | " + loadLiveThreads + " |");
        rows.add("| Bad input | refused before the wire, naming field and rule | " + badInputsRefused.get() + "/"
                + badInputsTotal.get() + " |");
        rows.add("| Bad input | requests that reached the stand-in | " + (badInputsTotal.get() == 0 ? "not measured" : String.valueOf(badInputRequestsSent.get())) + " |");
        int hostilePassed = 0;
        int hostileTotal = 0;
        for (Map.Entry<String, int[]> group : hostile.entrySet()) {
            rows.add("| Hostile responses | " + group.getKey() + " | " + group.getValue()[0] + "/" + group.getValue()[1] + " |");
            hostilePassed += group.getValue()[0];
            hostileTotal += group.getValue()[1];
        }
        rows.add("| Hostile responses | typed exception or bounded result, never a crash | " + hostilePassed + "/"
                + hostileTotal + " |");
        rows.add("| Secrets | plain http to a non-loopback host refused at build | " + insecureEndpointsRefused.get() + "/"
                + insecureEndpointsTotal.get() + " |");
        rows.add("| Secrets | scanned | " + secretsScanned + " |");
        rows.add("| Secrets | API key occurrences found | " + unknown(keyOccurrences) + " |");
        long leaks = (keyOccurrences < 0 ? 0 : keyOccurrences) + Math.max(0, matrixBlockedThreads)
                + Math.max(0, loadThreadGrowth);
        boolean measured = keyOccurrences >= 0 && matrixBlockedThreads >= 0 && loadThreadGrowth >= 0;
        rows.add("| Leaks found | key occurrences + blocked threads + thread growth | "
                + (measured ? String.valueOf(leaks) : leaks + " (not all measured)") + " |");
        rows.add("| Suite | wall time | " + String.format(Locale.ROOT, "%.1f s", suiteMillis / 1000.0) + " |");
        return String.join("\n", rows) + "\n";
    }

    private static String unknown(long value) {
        return value < 0 ? "not measured" : String.valueOf(value);
    }
}

package dev.dbops.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's JSON result into the README's tables: per scenario, time (and, with
 * {@link CpuTimeProfiler}, CPU time) and allocation ({@code gc.alloc.rate.norm}) of the three
 * clients, and the ratios {@code sdk/raw} and {@code sdk/peer} with their error (the scores'
 * 99.9% errors, combined as relative errors), held against the goal (sdk/raw at most 1.05 in
 * time and 1.2 in allocation, sdk/peer at most 1 in time). The transport benchmarks, when
 * present, get a table of their own.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.dbops.benchmarks.RatioTable RESULT.json [OUT.md]</pre>
 */
public final class RatioTable {

    static final double MAX_TIME_VS_RAW = 1.05;
    static final double MAX_ALLOC_VS_RAW = 1.2;
    static final double MAX_TIME_VS_PEER = 1.0;
    private static final List<String> SCENARIOS = List.of("createSchema", "getSchema", "listInstances10k", "concurrentGet");

    private RatioTable() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: RatioTable jmh-result.json [out.md]");
            System.exit(2);
        }
        String table = render(new ObjectMapper().readTree(Path.of(args[0]).toFile()));
        System.out.println(table);
        if (args.length > 1) {
            Files.writeString(Path.of(args[1]), table, StandardCharsets.UTF_8);
        }
    }

    /** One measured score with its error. */
    record Score(double value, double error, String unit) {
        static Score of(JsonNode metric) {
            double error = metric.path("scoreError").asDouble(Double.NaN);
            return new Score(metric.path("score").asDouble(), Double.isNaN(error) ? 0 : error,
                    metric.path("scoreUnit").asText());
        }

        double relativeError() {
            return value == 0 ? 0 : error / value;
        }
    }

    /** A ratio a/b with the relative errors of a and b combined in quadrature. */
    record Ratio(double value, double error) {
        static Ratio of(Score a, Score b) {
            if (a == null || b == null || b.value == 0) {
                return null;
            }
            double value = a.value / b.value;
            return new Ratio(value, value * Math.hypot(a.relativeError(), b.relativeError()));
        }
    }

    static String render(JsonNode results) {
        Map<String, Score> time = new LinkedHashMap<>();
        Map<String, Score> alloc = new LinkedHashMap<>();
        Map<String, Score> cpu = new LinkedHashMap<>();
        Map<String, Integer> threads = new LinkedHashMap<>();
        for (JsonNode result : results) {
            String name = result.path("benchmark").asText();
            String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            time.put(shortName, Score.of(result.path("primaryMetric")));
            JsonNode secondary = result.path("secondaryMetrics");
            if (secondary.has("gc.alloc.rate.norm")) {
                alloc.put(shortName, Score.of(secondary.path("gc.alloc.rate.norm")));
            }
            if (secondary.has("cpu.time.norm")) {
                cpu.put(shortName, Score.of(secondary.path("cpu.time.norm")));
            }
            threads.put(shortName, result.path("threads").asInt(1));
        }
        boolean withCpu = !cpu.isEmpty();
        StringBuilder timeTable = new StringBuilder("| scenario | sdk µs/op | raw µs/op | peer µs/op | sdk/raw | sdk/peer |"
                + (withCpu ? " sdk/raw CPU | sdk/peer CPU |" : "") + "\n|---|--:|--:|--:|--:|--:|"
                + (withCpu ? "--:|--:|" : "") + "\n");
        StringBuilder allocTable = new StringBuilder("| scenario | sdk B/op | raw B/op | peer B/op | sdk/raw | sdk/peer |"
                + "\n|---|--:|--:|--:|--:|--:|\n");
        List<String> verdicts = new ArrayList<>();
        for (String scenario : SCENARIOS) {
            String base = "ClientBenchmarks." + scenario + "_";
            if (!time.containsKey(base + "sdk") && !time.containsKey(base + "raw") && !time.containsKey(base + "peer")) {
                continue;
            }
            int t = threads.getOrDefault(base + "sdk", 1);
            String label = "| " + scenario + (t > 1 ? " (" + t + " threads)" : "");
            Ratio timeVsRaw = Ratio.of(time.get(base + "sdk"), time.get(base + "raw"));
            Ratio timeVsPeer = Ratio.of(time.get(base + "sdk"), time.get(base + "peer"));
            Ratio cpuVsRaw = Ratio.of(cpu.get(base + "sdk"), cpu.get(base + "raw"));
            Ratio cpuVsPeer = Ratio.of(cpu.get(base + "sdk"), cpu.get(base + "peer"));
            Ratio allocVsRaw = Ratio.of(alloc.get(base + "sdk"), alloc.get(base + "raw"));
            Ratio allocVsPeer = Ratio.of(alloc.get(base + "sdk"), alloc.get(base + "peer"));
            timeTable.append(label)
                    .append(" | ").append(time(time.get(base + "sdk")))
                    .append(" | ").append(time(time.get(base + "raw")))
                    .append(" | ").append(time(time.get(base + "peer")))
                    .append(" | ").append(ratio(timeVsRaw, MAX_TIME_VS_RAW))
                    .append(" | ").append(ratio(timeVsPeer, MAX_TIME_VS_PEER)).append(" |");
            if (withCpu) {
                timeTable.append(" ").append(ratio(cpuVsRaw, MAX_TIME_VS_RAW))
                        .append(" | ").append(ratio(cpuVsPeer, MAX_TIME_VS_PEER)).append(" |");
            }
            timeTable.append("\n");
            allocTable.append(label)
                    .append(" | ").append(bytes(alloc.get(base + "sdk")))
                    .append(" | ").append(bytes(alloc.get(base + "raw")))
                    .append(" | ").append(bytes(alloc.get(base + "peer")))
                    .append(" | ").append(ratio(allocVsRaw, MAX_ALLOC_VS_RAW))
                    .append(" | ").append(ratio(allocVsPeer, Double.NaN)).append(" |\n");
            verdicts.add(scenario + ": sdk/raw time " + mark(timeVsRaw, MAX_TIME_VS_RAW)
                    + (withCpu ? " (CPU " + mark(cpuVsRaw, MAX_TIME_VS_RAW) + ")" : "")
                    + ", sdk/raw allocation " + mark(allocVsRaw, MAX_ALLOC_VS_RAW)
                    + ", sdk/peer time " + mark(timeVsPeer, MAX_TIME_VS_PEER)
                    + (withCpu ? " (CPU " + mark(cpuVsPeer, MAX_TIME_VS_PEER) + ")" : ""));
        }
        StringBuilder out = new StringBuilder();
        out.append(timeTable).append('\n').append(allocTable).append('\n');
        out.append("Time: average µs per call (per list of 10,000 for listInstances10k, per call of each of the 16 "
                + "threads for concurrentGet) ± its 99.9% error").append(withCpu ? "; CPU: cpu.time.norm, the CPU time "
                + "of every thread of the benchmark JVM per call, which does not count waiting for a core" : "")
                .append(". Allocation: gc.alloc.rate.norm, every thread of the JVM (the loopback server's included). "
                + "Goal: sdk/raw ≤ ").append(MAX_TIME_VS_RAW).append(" in time and ≤ ").append(MAX_ALLOC_VS_RAW)
                .append(" in allocation, sdk/peer ≤ 1 in time; ✓ met, ~ met within the error, ✗ not met.\n");
        for (String v : verdicts) {
            out.append("\n- ").append(v);
        }
        out.append('\n');

        List<String> transports = new ArrayList<>();
        for (String name : time.keySet()) {
            if (name.startsWith("TransportBenchmarks.")) {
                transports.add(name);
            }
        }
        if (!transports.isEmpty()) {
            out.append("\n| transport alone (GET of the schema's bytes, no JSON) | µs/op |")
                    .append(withCpu ? " CPU µs/op |" : "").append(" B/op |\n|---|--:|")
                    .append(withCpu ? "--:|" : "").append("--:|\n");
            for (String name : transports) {
                int t = threads.getOrDefault(name, 1);
                out.append("| ").append(name.substring("TransportBenchmarks.".length()))
                        .append(t > 1 ? " (" + t + " threads)" : "")
                        .append(" | ").append(time(time.get(name)));
                if (withCpu) {
                    out.append(" | ").append(time(cpu.get(name)));
                }
                out.append(" | ").append(bytes(alloc.get(name))).append(" |\n");
            }
        }
        return out.toString();
    }

    private static String mark(Ratio r, double goal) {
        if (r == null) {
            return "?";
        }
        if (r.value <= goal) {
            return "✓";
        }
        return r.value - r.error <= goal ? "~" : "✗";
    }

    private static String time(Score s) {
        if (s == null) {
            return "–";
        }
        return String.format(Locale.ROOT, "%s ± %s", number(s.value), number(s.error));
    }

    private static String bytes(Score s) {
        return s == null ? "–" : String.format(Locale.ROOT, "%,.0f", s.value);
    }

    private static String ratio(Ratio r, double goal) {
        if (r == null) {
            return "–";
        }
        String text = String.format(Locale.ROOT, "%.2f ± %.2f", r.value, r.error);
        return Double.isNaN(goal) ? text : text + " " + mark(r, goal);
    }

    private static String number(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}

package dev.dbops.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RatioTableTest {

    private static String result(String name, double time, double timeError, double alloc, double cpu, int threads) {
        String cpuMetric = cpu < 0 ? "" : """
                , "cpu.time.norm": {"score": %s, "scoreError": 0.0, "scoreUnit": "us/op"}""".formatted(cpu);
        return """
                {"benchmark": "dev.dbops.benchmarks.%s", "mode": "avgt", "threads": %d,
                 "primaryMetric": {"score": %s, "scoreError": %s, "scoreUnit": "us/op"},
                 "secondaryMetrics": {"gc.alloc.rate.norm": {"score": %s, "scoreError": 0.0, "scoreUnit": "B/op"}%s}}
                """.formatted(name, threads, time, timeError, alloc, cpuMetric);
    }

    @Test
    void ratiosAndVerdictsComeFromTheScores() throws Exception {
        String json = "[" + String.join(",",
                result("ClientBenchmarks.getSchema_sdk", 102, 0, 24_000, 50, 1),
                result("ClientBenchmarks.getSchema_raw", 100, 0, 20_000, 50, 1),
                result("ClientBenchmarks.getSchema_peer", 90, 0, 40_000, 40, 1),
                result("ClientBenchmarks.concurrentGet_sdk", 900, 0, 30_000, 30, 16),
                result("ClientBenchmarks.concurrentGet_raw", 600, 0, 20_000, 20, 16),
                result("ClientBenchmarks.concurrentGet_peer", 1000, 0, 40_000, 40, 16),
                result("TransportBenchmarks.roundTrip_okhttp", 60, 1, 7_000, 30, 1)) + "]";
        String table = RatioTable.render(new ObjectMapper().readTree(json));

        assertThat(table).contains("| getSchema | 102 ± 0.0 | 100 ± 0.0 | 90.0 ± 0.0 | 1.02 ± 0.00 ✓ | 1.13 ± 0.00 ✗ "
                + "| 1.00 ± 0.00 ✓ | 1.25 ± 0.00 ✗ |");
        assertThat(table).contains("| getSchema | 24,000 | 20,000 | 40,000 | 1.20 ± 0.00 ✓ | 0.60 ± 0.00 |");
        assertThat(table).contains("| concurrentGet (16 threads) | 900 ± 0.0 | 600 ± 0.0 | 1,000 ± 0.0 | 1.50 ± 0.00 ✗ "
                + "| 0.90 ± 0.00 ✓ | 1.50 ± 0.00 ✗ | 0.75 ± 0.00 ✓ |");
        assertThat(table).contains("| concurrentGet (16 threads) | 30,000 | 20,000 | 40,000 | 1.50 ± 0.00 ✗ | 0.75 ± 0.00 |");
        assertThat(table).contains("- getSchema: sdk/raw time ✓ (CPU ✓), sdk/raw allocation ✓, sdk/peer time ✗ (CPU ✗)");
        assertThat(table).doesNotContain("| createSchema |");
        assertThat(table).contains("| roundTrip_okhttp | 60.0 ± 1.0 | 30.0 ± 0.0 | 7,000 |");
    }

    @Test
    void withoutCpuTimeTheColumnsAreLeftOut() throws Exception {
        String json = "[" + String.join(",",
                result("ClientBenchmarks.getSchema_sdk", 110, 11, 20_000, -1, 1),
                result("ClientBenchmarks.getSchema_raw", 100, 0, 20_000, -1, 1)) + "]";
        String table = RatioTable.render(new ObjectMapper().readTree(json));
        assertThat(table).contains("| getSchema | 110 ± 11.0 | 100 ± 0.0 | – | 1.10 ± 0.11 ~ | – |\n");
        assertThat(table).doesNotContain("CPU");
    }
}

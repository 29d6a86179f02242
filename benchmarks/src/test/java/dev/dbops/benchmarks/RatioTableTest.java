package dev.dbops.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RatioTableTest {

    private static String result(String name, double time, double timeError, double alloc, int threads) {
        return """
                {"benchmark": "dev.dbops.benchmarks.%s", "mode": "avgt", "threads": %d,
                 "primaryMetric": {"score": %s, "scoreError": %s, "scoreUnit": "us/op"},
                 "secondaryMetrics": {"gc.alloc.rate.norm": {"score": %s, "scoreError": 0.0, "scoreUnit": "B/op"}}}
                """.formatted(name, threads, time, timeError, alloc);
    }

    @Test
    void ratiosAndVerdictsComeFromTheScores() throws Exception {
        String json = "[" + String.join(",",
                result("ClientBenchmarks.getSchema_sdk", 102, 0, 24_000, 1),
                result("ClientBenchmarks.getSchema_raw", 100, 0, 20_000, 1),
                result("ClientBenchmarks.getSchema_peer", 90, 0, 40_000, 1),
                result("ClientBenchmarks.concurrentGet_sdk", 900, 0, 30_000, 16),
                result("ClientBenchmarks.concurrentGet_raw", 600, 0, 20_000, 16),
                result("ClientBenchmarks.concurrentGet_peer", 1000, 0, 40_000, 16),
                result("TransportBenchmarks.roundTrip_okhttp", 60, 1, 7_000, 1)) + "]";
        String table = RatioTable.render(new ObjectMapper().readTree(json));

        assertThat(table).contains("| getSchema | 102 ± 0.0 | 100 ± 0.0 | 90.0 ± 0.0 | 1.02 ± 0.00 ✓ | 1.13 ± 0.00 ✗ "
                + "| 24,000 | 20,000 | 40,000 | 1.20 ± 0.00 ✓ | 0.60 ± 0.00 |");
        assertThat(table).contains("| concurrentGet (16 threads) | 900 ± 0.0 | 600 ± 0.0 | 1,000 ± 0.0 | 1.50 ± 0.00 ✗ "
                + "| 0.90 ± 0.00 ✓ | 30,000 | 20,000 | 40,000 | 1.50 ± 0.00 ✗ | 0.75 ± 0.00 |");
        assertThat(table).contains("- getSchema: sdk/raw time ✓, sdk/raw allocation ✓, sdk/peer time ✗");
        assertThat(table).doesNotContain("| createSchema |");
        assertThat(table).contains("| roundTrip_okhttp | 60.0 ± 1.0 | 7,000 |");
    }

    @Test
    void aRatioWithinItsErrorOfTheGoalIsMarkedAsSuch() throws Exception {
        String json = "[" + String.join(",",
                result("ClientBenchmarks.getSchema_sdk", 110, 11, 20_000, 1),
                result("ClientBenchmarks.getSchema_raw", 100, 0, 20_000, 1)) + "]";
        assertThat(RatioTable.render(new ObjectMapper().readTree(json))).contains("1.10 ± 0.11 ~");
    }
}

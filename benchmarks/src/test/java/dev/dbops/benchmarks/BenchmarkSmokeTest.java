package dev.dbops.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JMH wiring, not the numbers: every {@code <scenario>_<client>} runs for one short iteration
 * in this JVM (a few seconds in all), and the JSON it writes makes a complete ratio table.
 */
class BenchmarkSmokeTest {

    @Test
    void everyBenchmarkRunsOnceAndTheTableHasEveryScenario() throws Exception {
        Path json = Path.of("target", "jmh-smoke.json");
        // JMH refuses to start while another run on the machine holds /tmp/jmh.lock (a real
        // measurement started by hand, say); this run checks wiring, not numbers, so it may overlap.
        System.setProperty("jmh.ignoreLock", "true");
        Options options = new OptionsBuilder()
                .include(ClientBenchmarks.class.getName())
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .addProfiler("gc")
                .addProfiler(CpuTimeProfiler.class)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString())
                .shouldFailOnError(true)
                .build();
        new Runner(options).run();

        JsonNode results = new ObjectMapper().readTree(json.toFile());
        List<String> names = new ArrayList<>();
        results.forEach(r -> names.add(r.path("benchmark").asText().replace(ClientBenchmarks.class.getName() + ".", "")));
        List<String> expected = new ArrayList<>();
        for (String scenario : List.of("concurrentGet", "createSchema", "getSchema", "listInstances10k")) {
            for (String client : List.of("peer", "raw", "sdk")) {
                expected.add(scenario + "_" + client);
            }
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
        results.forEach(r -> {
            assertThat(r.path("primaryMetric").path("score").asDouble()).isPositive();
            assertThat(r.path("secondaryMetrics").has("gc.alloc.rate.norm")).isTrue();
            assertThat(r.path("secondaryMetrics").path("cpu.time.norm").path("score").asDouble()).isPositive();
        });
        results.forEach(r -> {
            if (r.path("benchmark").asText().contains("concurrentGet")) {
                assertThat(r.path("threads").asInt()).isEqualTo(16);
            }
        });

        String table = RatioTable.render(results);
        for (String scenario : List.of("createSchema", "getSchema", "listInstances10k", "concurrentGet (16 threads)")) {
            assertThat(table).contains("| " + scenario + " | ");
        }
        assertThat(Files.size(json)).isPositive();
    }
}

package dev.dbops.benchmarks;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plan benchmark's wiring, not its numbers: every phase runs on a small fleet with a short
 * latency (a few seconds), the request counts are the ones plan by lists promises, and the table
 * has every row and goal.
 */
class PlanBenchmarkSmokeTest {

    @Test
    void everyPhaseRunsAndTheRequestCountsAreThoseOfPlanningByLists() {
        PlanBenchmark.Settings settings = new PlanBenchmark.Settings(3, 4, Duration.ofMillis(2), 4, 6);

        PlanBenchmark.Result result = PlanBenchmark.run(settings);

        assertThat(result.rows()).extracting(PlanBenchmark.Row::phase).containsExactly(PlanBenchmark.PLAN_EMPTY,
                PlanBenchmark.APPLY_ALL, PlanBenchmark.PLAN_SAME, PlanBenchmark.PLAN_TENTH, PlanBenchmark.APPLY_TENTH,
                PlanBenchmark.APPLY_LIMITED);
        // Ours: one schema page, then one instance page per schema; the baseline: a GET per resource.
        assertThat(result.row(PlanBenchmark.PLAN_EMPTY).ours().requests()).isEqualTo(1);
        assertThat(result.row(PlanBenchmark.PLAN_EMPTY).baseline().requests()).isZero();
        assertThat(result.row(PlanBenchmark.APPLY_ALL).ours().requests()).isEqualTo(15);
        assertThat(result.row(PlanBenchmark.APPLY_ALL).baseline().requests()).isEqualTo(15);
        assertThat(result.row(PlanBenchmark.PLAN_SAME).ours().requests()).isEqualTo(1 + 3);
        assertThat(result.row(PlanBenchmark.PLAN_SAME).ours().failures()).as("nothing to change").isZero();
        assertThat(result.row(PlanBenchmark.PLAN_SAME).baseline().requests()).isEqualTo(15);
        assertThat(result.row(PlanBenchmark.PLAN_TENTH).ours().failures()).as("three changes found").isZero();
        assertThat(result.row(PlanBenchmark.APPLY_TENTH).ours().requests()).isEqualTo(3);
        assertThat(result.row(PlanBenchmark.APPLY_TENTH).baseline().requests()).isEqualTo(3);
        PlanBenchmark.Row limited = result.row(PlanBenchmark.APPLY_LIMITED);
        assertThat(limited.ours().failures()).isZero();
        assertThat(limited.ours().rateLimited()).as("the limit bit").isPositive();

        String table = PlanBenchmark.render(result, "smoke");
        for (PlanBenchmark.Row row : result.rows()) {
            assertThat(table).contains("| " + row.phase() + " | ");
        }
        assertThat(table).contains("- ✓ a plan with no changes in ≤ 40 requests: 4 (the baseline: 15)",
                "apply, create all within 1.2× the latency floor", "0 failures under a rate limit: 0");
    }
}

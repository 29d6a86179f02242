package dev.dbops.sdk.plan;

import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.RateLimitedException;
import dev.dbops.sdk.RetryPolicy;
import dev.dbops.sdk.testkit.DbOpsStandIn;
import dev.dbops.sdk.testkit.MutableClock;
import dev.dbops.sdk.testkit.ReceivedRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One worker's 429 slows every worker down: the shared gate, alone and in front of a client. */
class RateLimitGateTest {

    final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    /** Each wait, by thread name; waiting moves the clock instead of the thread sleeping. */
    final List<String> waits = new CopyOnWriteArrayList<>();

    RateLimitGate gate() {
        return new RateLimitGate(clock, duration -> {
            waits.add(Thread.currentThread().getName() + " " + duration.toSeconds() + " s");
            clock.advance(duration);
        });
    }

    @Test
    void anotherThreadWaitsOutTheRetryAfterThatOneThreadGot() throws Exception {
        RateLimitGate gate = gate();
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> new Thread(r, "worker-" + r.hashCode()));
        try {
            CompletableFuture.runAsync(() -> gate.rateLimited(Duration.ofSeconds(5)), threads).get(10, TimeUnit.SECONDS);
            Thread other = new Thread(() -> {
                try {
                    gate.awaitOpen();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, "other");
            other.start();
            other.join(10_000);

            assertThat(waits).containsExactly("other 5 s");
            assertThat(gate.stats()).isEqualTo(new RateLimitGate.Stats(1, 1, 1, Duration.ofSeconds(5)));
            assertThat(gate.closedUntil()).isEmpty();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void withoutRetryAfterTheGateClosesForOneSecondDoublingWhileRefusalsGoOn() throws Exception {
        RateLimitGate gate = gate();
        gate.rateLimited(null);
        gate.awaitOpen();
        gate.rateLimited(Duration.ZERO);   // "Retry-After: 0" again: not an invitation to hammer
        gate.awaitOpen();
        gate.rateLimited(Duration.ofMinutes(5));   // cut to the cap
        gate.awaitOpen();
        assertThat(waits).extracting(w -> w.substring(w.lastIndexOf(' ', w.length() - 3) + 1))
                .containsExactly("1 s", "2 s", "60 s");
    }

    @Test
    void aClientBehindTheGateHoldsEveryThreadsNextRequestUntilRetryAfterHasPassed() throws Exception {
        try (DbOpsStandIn standIn = DbOpsStandIn.stateful().clock(clock).start()) {
            standIn.network(n -> n.rateLimit(1, Duration.ofSeconds(30)).retryAfter(Duration.ofSeconds(30)));
            RateLimitGate gate = gate();
            HarnessDbOps noRetries = standIn.clientBuilder().retryPolicy(RetryPolicy.NONE).build();
            HarnessDbOps gated = gate.install(noRetries);
            ExecutorService refused = Executors.newSingleThreadExecutor(r -> new Thread(r, "refused"));
            ExecutorService next = Executors.newSingleThreadExecutor(r -> new Thread(r, "next"));
            try {
                var schemas = gated.project("default", "default_project").schemas();
                CompletableFuture.runAsync(() -> schemas.list().page(0), refused).get(10, TimeUnit.SECONDS);
                CompletableFuture<Void> second = CompletableFuture.runAsync(() -> schemas.list().page(0), refused);
                assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(RateLimitedException.class);
                assertThat(waits).isEmpty();

                CompletableFuture.runAsync(() -> schemas.list().page(0), next).get(10, TimeUnit.SECONDS);

                assertThat(waits).as("the thread that was never refused waited before sending").containsExactly("next 30 s");
                assertThat(standIn.received()).extracting(ReceivedRequest::rateLimited).containsExactly(false, true, false);
                assertThat(gate.stats().waitsForOthers()).isEqualTo(1);
            } finally {
                refused.shutdownNow();
                next.shutdownNow();
                gated.close();
                noRetries.close();
            }
        }
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        RateLimitGate gate = gate();
        assertThat(gate.retryAfter(Map.of("retry-after", List.of("7")))).contains(Duration.ofSeconds(7));
        assertThat(gate.retryAfter(Map.of("Retry-After", List.of("Thu, 01 Jan 2026 00:00:42 GMT"))))
                .contains(Duration.ofSeconds(42));
        assertThat(gate.retryAfter(Map.of("Retry-After", List.of("soon")))).isEmpty();
        assertThat(gate.retryAfter(Map.of())).isEmpty();
    }
}

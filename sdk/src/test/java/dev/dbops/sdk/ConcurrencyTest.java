package dev.dbops.sdk;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static dev.dbops.sdk.Fixtures.KEY;
import static dev.dbops.sdk.Fixtures.journal;
import static org.assertj.core.api.Assertions.assertThat;

/** One client serves many threads; a thread waiting to retry can be interrupted. */
class ConcurrencyTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wireMock();

    @Test
    void oneClientServesManyThreadsAtOnce() throws Exception {
        for (Op op : Op.values()) {
            wm.stubFor(op.stub().willReturn(op.success()));
        }
        HarnessDbOps client = Fixtures.builder(wm).accountId("acct_1").build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                Op op = Op.values()[i % Op.values().length];
                calls.add(CompletableFuture.supplyAsync(() -> op.run(client).status(), pool));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            for (int i = 0; i < calls.size(); i++) {
                assertThat(calls.get(i).get()).isEqualTo(Op.values()[i % Op.values().length].successStatus);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(journal(wm)).hasSize(80).allSatisfy(r -> {
            assertThat(r.getHeader("x-api-key")).isEqualTo(KEY);
            assertThat(r.getHeader("Harness-Account")).isEqualTo("acct_1");
        });
    }

    @Test
    void aThreadWaitingToRetryStopsWhenInterrupted() throws Exception {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(status(503).withHeader("Retry-After", "20")));
        HarnessDbOps client = Fixtures.client(wm);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                Op.GET_SCHEMA.run(client);
            } catch (Throwable t) {
                thrown.set(t);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });

        caller.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (journal(wm).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(100);
        caller.interrupt();
        caller.join(Duration.ofSeconds(3).toMillis());

        assertThat(caller.isAlive()).as("still waiting out Retry-After").isFalse();
        assertThat(thrown.get()).isInstanceOf(DbOpsConnectionException.class).hasMessageContaining("interrupted");
        assertThat(stillInterrupted.get()).as("the interrupt flag is kept for the caller").isTrue();
        assertThat(journal(wm)).hasSize(1);
    }
}

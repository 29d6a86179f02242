package dev.dbops.sdk.internal.exchange;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dbops.sdk.HarnessDbOps;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one thread the SDK starts besides the HttpClient's keeps body deadlines: finished calls
 * leave its watch, and once every client is closed it ends instead of idling on.
 */
class WatchdogTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String SCHEMA_JSON = "{\"identifier\":\"my_db_schema\",\"name\":\"S\"}";

    private static HarnessDbOps client() {
        return HarnessDbOps.builder().apiKey("pat.test").endpoint(wm.baseUrl()).maxRetries(0).build();
    }

    private static void getSchema(HarnessDbOps client) {
        client.project("o", "p").schema("my_db_schema").get().execute();
    }

    /** Waits for a condition the watchdog reaches on its next ticks (25 ms each), up to a bound. */
    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static Set<Thread> watchdogThreads() {
        Set<Thread> threads = new java.util.HashSet<>(Thread.getAllStackTraces().keySet());
        threads.removeIf(t -> !t.getName().equals(Watchdog.THREAD_NAME) || !t.isAlive());
        return threads;
    }

    @Test
    void finishedCallsLeaveTheDeadlineWatchAndOneThreadWatchesThemAll() throws Exception {
        wm.stubFor(get(urlPathMatching(".*")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(SCHEMA_JSON)));
        try (HarnessDbOps client = client()) {
            for (int i = 0; i < 50; i++) {
                getSchema(client);
            }
            // Each call is watched while in flight; a finished one must not stay queued (and hold its body).
            awaitTrue(() -> Watchdog.watched() == 0);
            assertThat(Watchdog.watched()).as("calls still watched").isZero();
            assertThat(watchdogThreads()).as("watchdog threads").hasSize(1);
        }
    }

    @Test
    @Tag("own-jvm")
    void closingTheLastClientEndsTheThreadWithoutWaitingForItsIdleTimeout() throws Exception {
        wm.stubFor(get(urlPathMatching(".*")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(SCHEMA_JSON)));
        HarnessDbOps first = client();
        HarnessDbOps second = client();
        getSchema(first);
        assertThat(Watchdog.isRunning()).isTrue();

        first.close();
        getSchema(second);
        assertThat(Watchdog.isRunning()).as("another client is open").isTrue();

        second.close();
        // The idle timeout is 30 s; the bound here is 5 s: only the release can have ended it.
        awaitTrue(() -> !Watchdog.isRunning());
        assertThat(Watchdog.isRunning()).as("watchdog running after every client closed").isFalse();
        assertThat(watchdogThreads()).isEmpty();
    }
}

package dev.dbops.sdk;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static dev.dbops.sdk.Fixtures.SCHEMA;
import static dev.dbops.sdk.Fixtures.journal;
import static dev.dbops.sdk.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code timeout(...)} bounds each attempt; {@code callTimeout(...)} bounds the whole call, retries
 * and the waits between them included. The waits run on an injected clock and sleeper.
 */
class CallDeadlineTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wireMock();

    private static final RetryPolicy TEN_RETRIES_ONE_SECOND_APART =
            RetryPolicy.DEFAULT.withMaxRetries(10).withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1));

    @Test
    void retriesStopWhenTheNextWouldPassTheDeadlineWithTheLastFailure() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(status(503)));
        FakeTime time = new FakeTime();
        HarnessDbOps client = time.client(wm).retryPolicy(TEN_RETRIES_ONE_SECOND_APART).build();

        ServerErrorException e = catchThrowableOfType(ServerErrorException.class,
                () -> project(client).schema(SCHEMA).get().callTimeout(Duration.ofMillis(2_500)).execute());

        // Backoff with jitter waits 0.5 to 1 s: at least 3 attempts fit in 2.5 s, never 10.
        assertThat(e.attempts()).isBetween(3, 6);
        assertThat(time.slept()).isLessThan(Duration.ofMillis(2_500));
        assertThat(journal(wm)).hasSize(e.attempts());
    }

    @Test
    void theClientsCallTimeoutAppliesWhenTheCallSetsNone() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(status(503)));
        FakeTime time = new FakeTime();
        HarnessDbOps client = time.client(wm).retryPolicy(TEN_RETRIES_ONE_SECOND_APART)
                .callTimeout(Duration.ofMillis(1_200)).build();

        ServerErrorException e = catchThrowableOfType(ServerErrorException.class, () -> project(client).schema(SCHEMA).get().execute());

        assertThat(e.attempts()).isBetween(2, 3);
    }

    @Test
    void aSlowAnswerIsCutAtTheDeadlineNotAtTheAttemptTimeout() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success().withFixedDelay(3_000)));
        HarnessDbOps client = Fixtures.builder(wm).requestTimeout(Duration.ofSeconds(30)).build();

        long started = System.nanoTime();
        DbOpsTimeoutException e = catchThrowableOfType(DbOpsTimeoutException.class,
                () -> project(client).schema(SCHEMA).get().callTimeout(Duration.ofMillis(300)).execute());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(e).hasMessageContaining("the call's deadline of 300 ms passed").hasMessageContaining("1 attempt");
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(took).as("an upper bound: cut at 0.3 s, not the server's 3 s").isLessThan(Duration.ofMillis(2_500));
    }

    @Test
    void theAttemptTimeoutAppliesToEachAttempt() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success().withFixedDelay(3_000)));
        HarnessDbOps client = Fixtures.builder(wm).maxRetries(1).build();

        DbOpsTimeoutException e = catchThrowableOfType(DbOpsTimeoutException.class,
                () -> project(client).schema(SCHEMA).get().timeout(Duration.ofMillis(200)).execute());

        assertThat(e.attempts()).isEqualTo(2);
        assertThat(e).hasMessageContaining("timed out waiting for the response");
    }
}

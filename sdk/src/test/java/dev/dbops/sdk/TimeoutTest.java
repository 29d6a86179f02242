package dev.dbops.sdk;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static dev.dbops.sdk.Fixtures.SCHEMA;
import static dev.dbops.sdk.Fixtures.journal;
import static dev.dbops.sdk.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A slow server ends in a DbOpsTimeoutException after the client's or the call's timeout, not the server's delay. */
class TimeoutTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wireMock();

    private static final int SLOW_MS = 3_000;

    private static DbOpsTimeoutException timesOutWithin(Duration bound, Executable call) {
        long started = System.nanoTime();
        DbOpsTimeoutException e = catchThrowableOfType(DbOpsTimeoutException.class, () -> call.execute());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(e).isNotNull();
        assertThat(took).isLessThan(bound);
        return e;
    }

    @Test
    void aPerCallTimeoutEndsTheCall() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success().withFixedDelay(SLOW_MS)));
        HarnessDbOps client = Fixtures.builder(wm).maxRetries(0).build(); // client timeout: the default 30 s

        DbOpsTimeoutException e = timesOutWithin(Duration.ofMillis(1_500),
                () -> project(client).schema(SCHEMA).get().timeout(Duration.ofMillis(200)).execute());

        assertThat(e).isInstanceOf(DbOpsConnectionException.class);
        assertThat(e.getMessage()).contains("getDbSchema").contains("timed out waiting for the response").doesNotContain("\n");
        assertThat(e.attempts()).isEqualTo(1);
    }

    @Test
    void theClientTimeoutEndsACall() {
        wm.stubFor(Op.UPDATE_INSTANCE.stub().willReturn(Op.UPDATE_INSTANCE.success().withFixedDelay(SLOW_MS)));
        HarnessDbOps client = Fixtures.builder(wm).maxRetries(0).requestTimeout(Duration.ofMillis(200)).build();

        timesOutWithin(Duration.ofMillis(1_500), () -> Op.UPDATE_INSTANCE.run(client));
    }

    @Test
    void aBodyThatStallsAfterTheHeadersEndsAtTheTimeout() throws Exception {
        // The JDK's own request timeout stops when the headers arrive; the SDK holds the body to it too.
        try (CannedServer server = new CannedServer()) {
            server.answer(200, SpecExamples.json("SeedCreateSchemaResponse").getBytes(StandardCharsets.UTF_8), Map.of())
                    .stallBody();
            HarnessDbOps client = server.client();

            DbOpsTimeoutException e = timesOutWithin(Duration.ofMillis(1_500),
                    () -> project(client).schema(SCHEMA).get().timeout(Duration.ofMillis(300)).execute());

            assertThat(e.getMessage()).contains("getDbSchema").contains("timed out").doesNotContain("\n");
            assertThat(e.attempts()).isEqualTo(1);
        }
    }

    @Test
    void aRetriedReadTimesOutOncePerAttempt() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success().withFixedDelay(SLOW_MS)));
        HarnessDbOps client = Fixtures.builder(wm).requestTimeout(Duration.ofMillis(200)).build();

        DbOpsTimeoutException e = timesOutWithin(Duration.ofMillis(2_500), () -> Op.GET_SCHEMA.run(client));

        assertThat(e.attempts()).isEqualTo(3);
        assertThat(e.getMessage()).contains("3 attempts");
    }

    @Test
    void aPerCallTimeoutCanBeLongerThanTheClients() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success().withFixedDelay(400)));
        HarnessDbOps client = Fixtures.builder(wm).maxRetries(0).requestTimeout(Duration.ofMillis(100)).build();

        assertThat(project(client).schema(SCHEMA).get().timeout(Duration.ofSeconds(5)).execute().getIdentifier())
                .isEqualTo("my_db_schema");
        // ...and the next call without one is back to the client's.
        timesOutWithin(Duration.ofMillis(1_500), () -> project(client).schema(SCHEMA).get().execute());
    }

    @Test
    void aListPageHonoursItsTimeout() {
        wm.stubFor(Op.LIST_INSTANCES.stub().willReturn(Op.LIST_INSTANCES.success().withFixedDelay(SLOW_MS)));
        HarnessDbOps client = Fixtures.builder(wm).maxRetries(0).build();

        timesOutWithin(Duration.ofMillis(1_500),
                () -> project(client).schema(SCHEMA).instances().list().timeout(Duration.ofMillis(200)).page(0));
    }

    @Test
    void aCreateHonoursItsTimeoutAndIsSentOnce() {
        wm.stubFor(Op.CREATE_INSTANCE.stub().willReturn(Op.CREATE_INSTANCE.success().withFixedDelay(SLOW_MS)));

        timesOutWithin(Duration.ofMillis(1_500), () -> project(Fixtures.client(wm)).schema(SCHEMA).instances()
                .create("my_db_instance").name("n").connector("pg").timeout(Duration.ofMillis(200)).execute());

        assertThat(journal(wm)).hasSize(1);
    }

    @Test
    void timeoutsMustBePositive() {
        assertThatThrownBy(() -> HarnessDbOps.builder().requestTimeout(Duration.ZERO))
                .isInstanceOf(DbOpsValidationException.class).hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> HarnessDbOps.builder().connectTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(DbOpsValidationException.class).hasMessageContaining("connectTimeout");
    }

    @Test
    void theDefaultsAreTenSecondsToConnectAndThirtyForAResponse() {
        assertThat(HarnessDbOps.DEFAULT_CONNECT_TIMEOUT).isEqualTo(Duration.ofSeconds(10));
        assertThat(HarnessDbOps.DEFAULT_REQUEST_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
        assertThat(HarnessDbOps.builder().apiKey("k").build().toString())
                .contains("connectTimeout=PT10S").contains("requestTimeout=PT30S");
    }
}

package dev.dbops.resilience;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dbops.sdk.DbOpsApiException;
import dev.dbops.sdk.DbOpsConnectionException;
import dev.dbops.sdk.DbOpsException;
import dev.dbops.sdk.DbOpsValidationException;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.MalformedResponseException;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.RetryPolicy;
import dev.dbops.sdk.UnauthorizedException;
import dev.dbops.sdk.testkit.DbOpsStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The API key is sent where it belongs (x-api-key) and nowhere else: not to another host through a
 * redirect, not over plain http to a non-loopback host, and not into any log record, exception or
 * toString, even when a server echoes it back. Runs last: its final test scans everything the
 * whole suite produced.
 */
@Order(5)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsTest {

    static final String SCHEMA = FaultMatrixTest.BASE + "/s_fixture";

    static DbOpsStandIn standIn;
    static HarnessDbOps client;
    static Project project;

    @BeforeAll
    static void start() {
        standIn = Suite.standIn();
        client = Suite.setupClient(standIn);
        project = Suite.project(client);
        project.schemas().create("s_fixture").name("Fixture").changelog(c -> c.connector("git").location("c.yaml")).execute();
    }

    @AfterAll
    static void stop() {
        standIn.stop();
    }

    @Test
    @Order(1)
    void theKeyIsSentAsXApiKeyOnEveryRequest() {
        standIn.server().resetRequests();
        // One 503 first, so that this class alone also logs a retry (INFO) for the final scan.
        standIn.server().stubFor(WireMock.get(urlPathEqualTo(SCHEMA)).atPriority(1).inScenario("retry")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("done"));
        Secrets.inspect(project.schema("s_fixture").get().execute());
        Secrets.inspect(project.schemas().list().page(0));
        Secrets.inspect(project.schema("s_fixture").instances().list().page(0));
        List<LoggedRequest> requests = standIn.requests();
        assertThat(requests).hasSize(4);
        for (LoggedRequest request : requests) {
            // The positive control of the scan: the key is really in use, so finding it 0 times elsewhere counts.
            assertThat(request.getHeaders().getHeader("x-api-key").values()).containsExactly(Secrets.KEY);
            assertThat(request.getHeader("User-Agent")).doesNotContain(Secrets.KEY);
            assertThat(request.getUrl()).doesNotContain(Secrets.KEY);
        }
    }

    @Test
    @Order(2)
    void plainHttpToANonLoopbackHostIsRefusedAtBuild() {
        List<String> insecure = List.of("http://app.harness.io", "http://app.harness.io/gateway", "http://192.0.2.10:8080",
                "http://10.0.0.1", "http://localhost.evil.example", "http://127.0.0.1.nip.io", "http://[::ffff:8.8.8.8]",
                "http://dbops.internal:8080");
        for (String endpoint : insecure) {
            Figures.insecureEndpointsTotal.incrementAndGet();
            HarnessDbOps.Builder builder = HarnessDbOps.builder().endpoint(endpoint).apiKey(Secrets.KEY);
            Secrets.inspect(builder);
            // Refused by build(): no client exists, so no connection can be attempted.
            Throwable refused = catchThrowable(builder::build);
            Secrets.inspect(refused);
            assertThat(refused).as(endpoint).isInstanceOf(DbOpsValidationException.class)
                    .hasMessageContaining("plain http to a non-loopback host").hasMessageContaining(endpoint);
            Figures.insecureEndpointsRefused.incrementAndGet();
        }
        // The same through fromEnv(), where the endpoint comes from configuration.
        Figures.insecureEndpointsTotal.incrementAndGet();
        Properties saved = (Properties) System.getProperties().clone();
        try {
            System.setProperty(HarnessDbOps.PROP_API_KEY, Secrets.KEY);
            System.setProperty(HarnessDbOps.PROP_ENDPOINT, "http://app.harness.io");
            Throwable refused = catchThrowable(HarnessDbOps::fromEnv);
            Secrets.inspect(refused);
            assertThat(refused).isInstanceOf(DbOpsValidationException.class).hasMessageContaining("plain http");
            Figures.insecureEndpointsRefused.incrementAndGet();
        } finally {
            System.setProperties(saved);
        }
        // Loopback is allowed (the stand-in is one), and an explicit opt-in allows the rest.
        for (String endpoint : List.of("http://127.0.0.1:9", "http://localhost:9", "http://[::1]:9")) {
            Secrets.inspect(HarnessDbOps.builder().endpoint(endpoint).apiKey(Secrets.KEY).build());
        }
        Secrets.inspect(HarnessDbOps.builder().endpoint("http://192.0.2.10").apiKey(Secrets.KEY).allowInsecureHttp().build());
    }

    @Test
    @Order(3)
    void aRedirectToAnotherHostNeverCarriesTheKey() {
        WireMockServer other = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        other.start();
        try {
            other.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
            String elsewhere = "http://localhost:" + other.port() + SCHEMA;
            standIn.server().stubFor(WireMock.get(urlPathEqualTo(SCHEMA)).atPriority(1)
                    .willReturn(aResponse().withStatus(302).withHeader("Location", elsewhere)));
            Throwable thrown = catchThrowable(() -> project.schema("s_fixture").get().execute());
            Secrets.inspect(thrown);
            assertThat(thrown).isInstanceOf(DbOpsApiException.class);
            assertThat(((DbOpsApiException) thrown).status()).isEqualTo(302);
            assertThat(((DbOpsApiException) thrown).headers().get("location")).containsExactly(elsewhere);
            assertThat(other.getAllServeEvents()).as("requests that reached the other host").isEmpty();
        } finally {
            other.stop();
            standIn.reset();
            project.schemas().create("s_fixture").name("Fixture").changelog(c -> c.connector("git").location("c.yaml"))
                    .execute();
        }
    }

    @Test
    @Order(4)
    void anErrorBodyEchoingTheKeyIsRedacted() {
        standIn.server().stubFor(WireMock.get(urlPathEqualTo(SCHEMA)).atPriority(1).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Invalid API key " + Secrets.KEY + "\",\"token\":\"" + Secrets.KEY + "\"}")));
        try {
            Throwable thrown = catchThrowable(() -> project.schema("s_fixture").get().execute());
            Secrets.inspect(thrown);
            assertThat(thrown).isInstanceOf(UnauthorizedException.class);
            UnauthorizedException e = (UnauthorizedException) thrown;
            assertThat(e.serverMessage()).isEqualTo("Invalid API key [REDACTED]");
            assertNoKey(e);
        } finally {
            standIn.reset();
            project.schemas().create("s_fixture").name("Fixture").changelog(c -> c.connector("git").location("c.yaml"))
                    .execute();
        }
    }

    @Test
    @Order(5)
    void aSuccessBodyEchoingTheKeyLeavesItInNoMessageNorCause() {
        Map<String, String> echoes = Map.of(
                "the key as a JSON string", "\"" + Secrets.KEY + "\"",
                "the key as a bare token", Secrets.KEY,
                "the key in a field of the wrong type", "{\"identifier\":\"s_fixture\",\"name\":\"n\",\"tags\":\"" + Secrets.KEY + "\"}");
        try {
            for (Map.Entry<String, String> echo : echoes.entrySet()) {
                standIn.server().stubFor(WireMock.get(urlPathEqualTo(SCHEMA)).atPriority(1).willReturn(aResponse()
                        .withStatus(200).withHeader("Content-Type", "application/json").withBody(echo.getValue())));
                Throwable thrown = catchThrowable(() -> project.schema("s_fixture").get().execute());
                Secrets.inspect(thrown);
                assertThat(thrown).as(echo.getKey()).isInstanceOf(MalformedResponseException.class);
                assertNoKey((DbOpsException) thrown);
            }
        } finally {
            standIn.reset();
            project.schemas().create("s_fixture").name("Fixture").changelog(c -> c.connector("git").location("c.yaml"))
                    .execute();
        }
    }

    @Test
    @Order(6)
    void aServerAnsweringTheKeyInsteadOfHttpLeavesItInNoMessageNorCause() throws Exception {
        try (RawServer raw = new RawServer((Secrets.KEY + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII))) {
            HarnessDbOps direct = HarnessDbOps.builder().endpoint(raw.url()).apiKey(Secrets.KEY)
                    .requestTimeout(Duration.ofSeconds(2)).retryPolicy(RetryPolicy.NONE).build();
            Secrets.inspect(direct);
            Throwable thrown = catchThrowable(() -> direct.project(Suite.ORG, Suite.PROJECT).schema("s_fixture").get().execute());
            Secrets.inspect(thrown);
            assertThat(thrown).isInstanceOf(DbOpsConnectionException.class);
            assertThat(raw.requestHeads).singleElement().asString().contains("x-api-key: " + Secrets.KEY);
            assertNoKey((DbOpsException) thrown);
        }
    }

    @Test
    @Order(7)
    void noPublicObjectShowsTheKey() {
        HarnessDbOps.Builder builder = HarnessDbOps.builder();
        Secrets.inspect(builder);
        builder.apiKey(Secrets.KEY).endpoint(standIn.baseUrl()).accountId(DbOpsStandIn.ACCOUNT_ID);
        Secrets.inspect(builder);
        HarnessDbOps built = builder.build();
        var schema = built.project(Suite.ORG, Suite.PROJECT).schema("s_fixture");
        Secrets.inspectAll(built, built.retryPolicy(), built.userAgent(), built.endpoint(), built.project(Suite.ORG, Suite.PROJECT),
                built.project(Suite.ORG, Suite.PROJECT).schemas(), schema, schema.instances(), schema.instance("i1"),
                schema.get(), schema.delete(), schema.update().name("x"), schema.instances().list(),
                built.project(Suite.ORG, Suite.PROJECT).schemas().list(), schema.instances().create("i1").name("x"),
                schema.get().executeWithResponse());
        assertThat(built.toString()).contains("[REDACTED]").doesNotContain(Secrets.KEY);
    }

    /** Runs after everything else in the suite: the key occurs nowhere it was looked for. */
    @Test
    @Order(Integer.MAX_VALUE)
    void theKeyOccursNowhereInWhatTheSuiteProduced() {
        assertThat(Secrets.occurrences("…" + Secrets.KEY + "…" + Secrets.KEY)).as("the detector itself").isEqualTo(2);
        Secrets.scanConsole();
        Map<String, Long> levels = Secrets.sdkLogRecordsByLevel();
        Figures.keyOccurrences = Secrets.keyOccurrences();
        Figures.secretsScanned = Secrets.sdkLogRecords() + " SDK log records " + levels + ", " + Secrets.otherLogRecords()
                + " other log records, " + Secrets.objectsInspected() + " objects, " + Secrets.consoleBytes()
                + " bytes of stdout/stderr";
        // The capture works at every level the SDK uses: request lines at DEBUG (FINE), retries at INFO.
        assertThat(levels).as("SDK log records by level").containsKeys("FINE", "INFO");
        // With the load test in the run, every one of its 10,000 results was scanned too.
        assertThat(Secrets.objectsInspected()).isGreaterThan(Figures.loadCalls > 0 ? Figures.loadCalls : 10);
        assertThat(Secrets.keyOccurrences()).as("occurrences of the API key, first places: " + Secrets.hitPlaces())
                .isZero();
    }

    static void assertNoKey(DbOpsException e) {
        String all = e + "\n" + e.getMessage() + "\n" + Secrets.stackTrace(e)
                + (e instanceof DbOpsApiException api ? api.body() + api.serverMessage() : "");
        assertThat(Secrets.occurrences(all)).as("key occurrences in " + e.getClass().getSimpleName() + ": " + all).isZero();
    }
}

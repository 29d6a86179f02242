package dev.dbops.sdk;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static dev.dbops.sdk.Fixtures.INSTANCE;
import static dev.dbops.sdk.Fixtures.SCHEMA;
import static dev.dbops.sdk.Fixtures.closedPort;
import static dev.dbops.sdk.Fixtures.example;
import static dev.dbops.sdk.Fixtures.firstThen;
import static dev.dbops.sdk.Fixtures.journal;
import static dev.dbops.sdk.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API key is sent, and never written anywhere else: not in a message, a {@code toString()},
 * a stack trace or a log record, even when the server echoes it back.
 */
class RedactionTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wireMock();

    private static final String SECRET = "pat.SECRET-1234567890-KEY";
    /** The distinctive middle: catches a key that was cut rather than removed. */
    private static final String SECRET_CORE = "SECRET-1234567890";

    @Test
    void theKeyIsSentButAppearsInNoMessageToStringOrLog() {
        List<String> texts = new ArrayList<>();
        List<String> logLines;
        try (LogCapture logs = LogCapture.start()) {
            HarnessDbOps.Builder builder = Fixtures.builder(wm).apiKey(SECRET).accountId("acct_1");
            texts.add(builder.toString());
            HarnessDbOps client = builder.build();
            texts.add(client.toString());
            Project project = project(client);
            texts.add(project.toString());
            texts.add(project.schema(SCHEMA).toString());
            texts.add(project.schema(SCHEMA).instance(INSTANCE).toString());

            // a success
            wm.stubFor(Op.GET_SCHEMA.stub().willReturn(example(200, "SeedCreateSchemaResponse")));
            texts.add(project.schema(SCHEMA).get().executeWithResponse().toString());
            wm.stubFor(Op.LIST_SCHEMAS.stub().willReturn(example(200, "SchemaListPage")));
            Page<?> page = project.schemas().list().page(0);
            texts.add(page.toString());
            texts.add(page.response().toString());

            // a retry, then a success
            firstThen(wm, Op.UPDATE_SCHEMA.stub().willReturn(status(503)), Op.UPDATE_SCHEMA.stub().willReturn(Op.UPDATE_SCHEMA.success()));
            texts.add(Op.UPDATE_SCHEMA.run(client).toString());

            // failures whose bodies echo the key, retried and not
            String echo = "{\"message\":\"Token " + SECRET + " is not valid.\"}";
            wm.stubFor(Op.GET_INSTANCE.stub().willReturn(aResponse().withStatus(401).withBody(echo)
                    .withHeader("X-Request-Id", "r-401")));
            texts.addAll(describe(failure(() -> Op.GET_INSTANCE.run(client))));
            wm.stubFor(Op.LIST_INSTANCES.stub().willReturn(aResponse().withStatus(500).withBody(echo)));
            texts.addAll(describe(failure(() -> Op.LIST_INSTANCES.run(client))));
            wm.stubFor(Op.DELETE_SCHEMA.stub().willReturn(aResponse().withStatus(502).withBody("bad gateway for " + SECRET)));
            texts.addAll(describe(failure(() -> Op.DELETE_SCHEMA.run(client))));

            // a success body that is not the promised JSON and quotes the key where a number belongs
            wm.stubFor(Op.CREATE_SCHEMA.stub().willReturn(aResponse().withStatus(201)
                    .withBody("{\"identifier\":\"my_db_schema\",\"name\":\"n\",\"created\":\"" + SECRET + "\"}")));
            texts.addAll(describe(failure(() -> Op.CREATE_SCHEMA.run(client))));
            wm.stubFor(Op.GET_SCHEMA.stub().willReturn(aResponse().withStatus(200).withBody(SECRET)));
            texts.addAll(describe(failure(() -> Op.GET_SCHEMA.run(client))));

            // connection faults, a timeout and a refused connection
            wm.stubFor(Op.UPDATE_INSTANCE.stub().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
            texts.addAll(describe(failure(() -> Op.UPDATE_INSTANCE.run(client))));
            wm.stubFor(Op.DELETE_INSTANCE.stub().willReturn(status(204).withFixedDelay(1_000)));
            texts.addAll(describe(failure(() -> project.schema(SCHEMA).instance(INSTANCE).delete()
                    .timeout(Duration.ofMillis(100)).execute())));
            HarnessDbOps refused = HarnessDbOps.builder().apiKey(SECRET).endpoint("http://127.0.0.1:" + closedPort())
                    .retryPolicy(Fixtures.FAST).build();
            texts.addAll(describe(failure(() -> Op.CREATE_INSTANCE.run(refused))));

            // refused before sending
            texts.addAll(describe(failure(() -> project.schemas().create("bad-id").execute())));

            logLines = logs.lines();
        }

        assertThat(logLines).as("the SDK logged something: the search below means something")
                .isNotEmpty().anyMatch(l -> l.startsWith("INFO")).anyMatch(l -> l.startsWith("FINE"));
        assertThat(texts).hasSizeGreaterThan(30);
        for (String text : concat(texts, logLines)) {
            assertThat(text).doesNotContain(SECRET).doesNotContain(SECRET_CORE);
        }
        // ...and the key did go where it belongs.
        List<LoggedRequest> requests = journal(wm);
        assertThat(requests).isNotEmpty()
                .allSatisfy(r -> assertThat(r.getHeader("x-api-key")).isEqualTo(SECRET));
    }

    @Test
    void anEchoedKeyIsRedactedInTheBodyAndServerMessage() {
        String echo = "{\"message\":\"Token " + SECRET + " is not valid.\"}";
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(aResponse().withStatus(401).withBody(echo)));
        HarnessDbOps client = Fixtures.builder(wm).apiKey(SECRET).build();

        UnauthorizedException e = (UnauthorizedException) failure(() -> project(client).schema(SCHEMA).get().execute());

        assertThat(e.serverMessage()).isEqualTo("Token [REDACTED] is not valid.");
        assertThat(e.body()).isEqualTo("{\"message\":\"Token [REDACTED] is not valid.\"}");
    }

    @Test
    void logsTheCallStatusAndAttemptsAtDebugAndRetriesAtInfo() {
        firstThen(wm, Op.GET_SCHEMA.stub().willReturn(status(503)), Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success()));
        List<LogRecord> records;
        try (LogCapture logs = LogCapture.start()) {
            Op.GET_SCHEMA.run(Fixtures.client(wm));
            records = logs.records();
        }

        assertThat(records).filteredOn(r -> r.getLevel() == Level.INFO)
                .singleElement().satisfies(r -> assertThat(r.getMessage())
                        .contains("getDbSchema").contains("default/default_project/my_db_schema")
                        .contains("HTTP 503").contains("retry 1 of 2"));
        assertThat(records).filteredOn(r -> r.getLevel() == Level.FINE)
                .anySatisfy(r -> assertThat(r.getMessage()).contains("getDbSchema")
                        .contains("-> 200").containsPattern("in \\d+ ms").contains("attempt 2"));
        assertThat(records).allSatisfy(r -> assertThat(r.getLoggerName()).isEqualTo("dev.dbops.sdk"));
    }

    private static DbOpsException failure(Runnable call) {
        try {
            call.run();
        } catch (DbOpsException e) {
            return e;
        }
        throw new AssertionError("the call was expected to fail");
    }

    /** Everything a user could print of an exception: message, toString, stack trace with causes, API fields. */
    private static List<String> describe(DbOpsException e) {
        List<String> out = new ArrayList<>();
        out.add(e.getMessage());
        out.add(e.toString());
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        out.add(trace.toString());
        if (e instanceof DbOpsApiException api) {
            out.add(api.body());
            out.add(api.serverMessage());
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}

package dev.dbops.resilience;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.dbops.sdk.BadRequestException;
import dev.dbops.sdk.DbOpsConnectionException;
import dev.dbops.sdk.DbOpsException;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.MalformedResponseException;
import dev.dbops.sdk.NotFoundException;
import dev.dbops.sdk.Page;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.RateLimitedException;
import dev.dbops.sdk.ServerErrorException;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.model.DbSchemaType;
import dev.dbops.sdk.model.MigrationType;
import dev.dbops.sdk.model.SchemaSourceType;
import dev.dbops.sdk.testkit.DbOpsStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile or broken server can send, and what the user gets instead of a crash: unknown
 * fields and enum values are tolerated and the rest stays readable; non-JSON, truncated, empty and
 * error-shaped bodies and 10 MB bodies end in a typed exception (or a bounded result) within a
 * time bound, never an unchecked exception from Jackson or the JDK.
 */
@Order(2)
class HostileResponseTest {

    static final String SCHEMAS = FaultMatrixTest.BASE;
    static final String SCHEMA = SCHEMAS + "/s_fixture";
    static final String INSTANCE = SCHEMA + "/instance/i_fixture";
    static final String INSTANCE_LIST = SCHEMA + "/instancelist";
    static final int TEN_MB = 10 * 1024 * 1024;
    static final String UNKNOWN_FIELDS = "unknown fields and enum values: tolerated, rest readable";
    static final String BROKEN = "non-JSON, truncated, empty, error-shaped or odd bodies";
    static final String HUGE = "10 MB bodies";
    static final String PAGING = "paging that would never end";
    static final Duration HUGE_TIMEOUT = Duration.ofSeconds(5);

    static DbOpsStandIn standIn;
    static HarnessDbOps client;
    static HarnessDbOps setup;
    static ExecutorService calls;

    @BeforeAll
    static void start() {
        standIn = Suite.standIn();
        client = Suite.steadyClient(standIn);
        setup = Suite.setupClient(standIn);
        calls = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hostile-call");
            t.setDaemon(true);
            return t;
        });
        arrange();
        // warm the path so that the first cells measure the response, not a cold JIT
        for (int i = 0; i < 20; i++) {
            setup.project(Suite.ORG, Suite.PROJECT).schema("s_fixture").get().execute();
        }
    }

    @AfterAll
    static void stop() {
        calls.shutdownNow();
        standIn.stop();
    }

    static void arrange() {
        standIn.reset();
        Project p = setup.project(Suite.ORG, Suite.PROJECT);
        p.schemas().create("s_fixture").name("Fixture").changelog(c -> c.connector("git").location("changelog.yaml"))
                .execute();
        p.schema("s_fixture").instances().create("i_fixture").name("Fixture DB").connector("pg").branch("main").execute();
        standIn.server().resetRequests();
    }

    /** One hostile response: where it is served, what the user calls, what they must get. */
    record Cell(String group, String label, Runnable serve, Function<HarnessDbOps, Object> call, Consumer<Outcome> expect) {
    }

    /** What the call produced, how long it took, and how many requests the stand-in saw. */
    record Outcome(Object value, long millis, int requests) {
        <E extends DbOpsException> E thrown(Class<E> type) {
            assertThat(value).as("outcome").isInstanceOf(type);
            return type.cast(value);
        }

        <T> T result(Class<T> type) {
            if (value instanceof Throwable t) {
                throw new AssertionError("expected a result, got " + Secrets.stackTrace(t));
            }
            assertThat(value).isInstanceOf(type);
            return type.cast(value);
        }
    }

    static Project project(HarnessDbOps client) {
        return client.project(Suite.ORG, Suite.PROJECT);
    }

    static void serve(RequestMethod method, String path, ResponseDefinitionBuilder response) {
        standIn.server().stubFor(WireMock.request(method.getName(), urlPathEqualTo(path)).atPriority(1).willReturn(response));
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    static final String SCHEMA_JSON = "{\"identifier\":\"s_fixture\",\"name\":\"Fixture\",\"tags\":{\"env\":\"prod\"},"
            + "\"type\":\"Repository\",\"migrationType\":\"Liquibase\",\"schemaSourceType\":\"Git\","
            + "\"changelog\":{\"connector\":\"git\",\"location\":\"changelog.yaml\"},\"created\":1700000000}";

    static Function<HarnessDbOps, Object> getSchema() {
        return c -> project(c).schema("s_fixture").get().execute();
    }

    /** A typed MalformedResponseException at the first attempt: the server did answer, so no retry. */
    static Consumer<Outcome> malformed(String messagePart) {
        return o -> {
            MalformedResponseException e = o.thrown(MalformedResponseException.class);
            assertThat(e.attempts()).as("attempts (a malformed answer is not retried)").isEqualTo(1);
            assertThat(o.requests()).as("requests").isEqualTo(1);
            assertThat(e.getMessage()).doesNotContain("\n").contains(messagePart);
            assertThat(o.millis()).isLessThan(5_000);
        };
    }

    static List<Cell> cells() {
        List<Cell> all = new ArrayList<>();
        // ---- unknown fields and enum values ----
        all.add(new Cell(UNKNOWN_FIELDS, "unknown top-level and nested fields in a schema",
                () -> serve(RequestMethod.GET, SCHEMA, json(200, SCHEMA_JSON.replace("{\"identifier\"",
                        "{\"fieldFromTheFuture\":{\"deep\":[1,2,{\"x\":null}]},\"identifier\"")
                        .replace("\"location\":\"changelog.yaml\"", "\"location\":\"changelog.yaml\",\"newGitField\":true"))),
                getSchema(), o -> {
                    DbSchema s = o.result(DbSchema.class);
                    assertThat(s.getIdentifier()).isEqualTo("s_fixture");
                    assertThat(s.getTags()).containsEntry("env", "prod");
                    assertThat(s.getChangelog().getLocation()).isEqualTo("changelog.yaml");
                    assertThat(s.getCreated()).isEqualTo(1700000000L);
                }));
        all.add(new Cell(UNKNOWN_FIELDS, "unknown values of all three enums in a schema",
                () -> serve(RequestMethod.GET, SCHEMA, json(200, SCHEMA_JSON.replace("\"Repository\"", "\"Artifact\"")
                        .replace("\"Liquibase\"", "\"Sqitch\"").replace("\"Git\"", "\"S3Bucket\""))),
                getSchema(), o -> {
                    DbSchema s = o.result(DbSchema.class);
                    // The generated enums read an unknown value as UNKNOWN_DEFAULT_OPEN_API (the raw value
                    // is not kept: a documented limitation); every other field stays readable.
                    assertThat(s.getType()).isEqualTo(DbSchemaType.UNKNOWN_DEFAULT_OPEN_API);
                    assertThat(s.getMigrationType()).isEqualTo(MigrationType.UNKNOWN_DEFAULT_OPEN_API);
                    assertThat(s.getSchemaSourceType()).isEqualTo(SchemaSourceType.UNKNOWN_DEFAULT_OPEN_API);
                    assertThat(s.getIdentifier()).isEqualTo("s_fixture");
                    assertThat(s.getChangelog().getConnector()).isEqualTo("git");
                }));
        all.add(new Cell(UNKNOWN_FIELDS, "one item with unknown enum values and fields in a list page",
                () -> serve(RequestMethod.GET, SCHEMAS, json(200, "[" + SCHEMA_JSON + ","
                        + SCHEMA_JSON.replace("s_fixture", "s_odd").replace("\"Liquibase\"", "\"Sqitch\"")
                        .replace("{\"identifier\"", "{\"extra\":{},\"identifier\"") + ","
                        + SCHEMA_JSON.replace("s_fixture", "s_third") + "]").withHeader("X-Total-Elements", "3")),
                c -> project(c).schemas().list().page(0), o -> {
                    Page<?> page = o.result(Page.class);
                    assertThat(page.items()).hasSize(3);
                    assertThat(page.totalElements()).hasValue(3);
                    assertThat(((DbSchema) page.items().get(0)).getMigrationType()).isEqualTo(MigrationType.LIQUIBASE);
                    assertThat(((DbSchema) page.items().get(1)).getMigrationType())
                            .isEqualTo(MigrationType.UNKNOWN_DEFAULT_OPEN_API);
                    assertThat(((DbSchema) page.items().get(2)).getIdentifier()).isEqualTo("s_third");
                }));
        all.add(new Cell(UNKNOWN_FIELDS, "unknown fields in an instance",
                () -> serve(RequestMethod.GET, INSTANCE, json(200, "{\"identifier\":\"i_fixture\",\"name\":\"DB\","
                        + "\"connector\":\"pg\",\"branch\":\"main\",\"driftStatus\":{\"state\":\"NEW_ENUM\"},\"shards\":[1,2]}")),
                c -> project(c).schema("s_fixture").instance("i_fixture").get().execute(), o -> {
                    DbInstance i = o.result(DbInstance.class);
                    assertThat(i.getIdentifier()).isEqualTo("i_fixture");
                    assertThat(i.getConnector()).isEqualTo("pg");
                    assertThat(i.getBranch()).isEqualTo("main");
                }));
        all.add(new Cell(UNKNOWN_FIELDS, "unknown fields in an error body: message read, raw body kept",
                () -> serve(RequestMethod.GET, SCHEMA, json(404, "{\"message\":\"gone\",\"code\":\"RESOURCE_NOT_FOUND\","
                        + "\"correlationId\":\"c-42\",\"detailedMessage\":{\"a\":[1]}}")),
                getSchema(), o -> {
                    NotFoundException e = o.thrown(NotFoundException.class);
                    assertThat(e.serverMessage()).isEqualTo("gone");
                    assertThat(e.body()).contains("RESOURCE_NOT_FOUND").contains("c-42");
                    assertThat(e.attempts()).isEqualTo(1);
                }));

        // ---- broken, truncated, empty, error-shaped and odd bodies ----
        all.add(new Cell(BROKEN, "HTML page with status 200", () -> serve(RequestMethod.GET, SCHEMA,
                aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("<html><body>Login</body></html>")),
                getSchema(), malformed("not the expected JSON")));
        all.add(new Cell(BROKEN, "proxy's HTML page with status 502", () -> serve(RequestMethod.GET, SCHEMA,
                aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                        .withBody("<html>\n<body><h1>502 Bad Gateway</h1></body>\n</html>")),
                getSchema(), o -> {
                    ServerErrorException e = o.thrown(ServerErrorException.class);
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.attempts()).as("a 502 on a read is retried").isEqualTo(4);
                    assertThat(e.serverMessage()).contains("502 Bad Gateway").doesNotContain("\n");
                    assertThat(e.getMessage()).doesNotContain("\n");
                }));
        all.add(new Cell(BROKEN, "JSON cut off mid-document", () -> serve(RequestMethod.GET, SCHEMA,
                json(200, SCHEMA_JSON.substring(0, 60))), getSchema(), malformed("not the expected JSON")));
        all.add(new Cell(BROKEN, "200 with an error-shaped body on a read", () -> serve(RequestMethod.GET, SCHEMA,
                json(200, "{\"message\":\"Token expired\",\"code\":\"INVALID_TOKEN\"}")), getSchema(), malformed("identifier")));
        all.add(new Cell(BROKEN, "200 with an error-shaped body on a create", () -> serve(RequestMethod.POST, SCHEMAS,
                json(200, "{\"status\":\"ERROR\",\"message\":\"Invalid request\"}")),
                c -> project(c).schemas().create("s_new").name("New").changelog(ch -> ch.connector("git").location("c.yaml"))
                        .execute(), malformed("identifier")));
        all.add(new Cell(BROKEN, "200 with an error-shaped body on a list", () -> serve(RequestMethod.GET, SCHEMAS,
                json(200, "{\"message\":\"Token expired\"}")), c -> project(c).schemas().list().page(0),
                malformed("not the expected JSON")));
        all.add(new Cell(BROKEN, "200 with an empty body on a read", () -> serve(RequestMethod.GET, SCHEMA, json(200, "")),
                getSchema(), malformed("without the JSON body")));
        all.add(new Cell(BROKEN, "200 with the JSON literal null on a read", () -> serve(RequestMethod.GET, SCHEMA,
                json(200, "null")), getSchema(), malformed("without the JSON body")));
        all.add(new Cell(BROKEN, "204 No Content on a read", () -> serve(RequestMethod.GET, SCHEMA,
                aResponse().withStatus(204)), getSchema(), malformed("without the JSON body")));
        all.add(new Cell(BROKEN, "a null item in a list page", () -> serve(RequestMethod.POST, INSTANCE_LIST,
                json(200, "[{\"identifier\":\"i_fixture\",\"name\":\"DB\"},null]")),
                c -> project(c).schema("s_fixture").instances().list().page(0), malformed("null item")));
        all.add(new Cell(BROKEN, "a number among the items of a list page", () -> serve(RequestMethod.POST, INSTANCE_LIST,
                json(200, "[{\"identifier\":\"i_fixture\",\"name\":\"DB\"},42]")),
                c -> project(c).schema("s_fixture").instances().list().page(0), malformed("not the expected JSON")));
        all.add(new Cell(BROKEN, "a string where an epoch number belongs", () -> serve(RequestMethod.GET, SCHEMA,
                json(200, SCHEMA_JSON.replace("1700000000", "\"yesterday\""))), getSchema(), malformed("not the expected JSON")));
        all.add(new Cell(BROKEN, "a number out of the range of long", () -> serve(RequestMethod.GET, SCHEMA,
                json(200, SCHEMA_JSON.replace("1700000000", "1e400"))), getSchema(), malformed("not the expected JSON")));
        all.add(new Cell(BROKEN, "arrays nested 100,000 deep in a field", () -> serve(RequestMethod.GET, SCHEMA,
                json(200, SCHEMA_JSON.replace("\"created\":1700000000", "\"x\":" + "[".repeat(100_000)))),
                getSchema(), malformed("not the expected JSON")));
        all.add(new Cell(BROKEN, "an array where the schema object belongs", () -> serve(RequestMethod.GET, SCHEMA,
                json(200, "[" + SCHEMA_JSON + "]")), getSchema(), malformed("not the expected JSON")));
        // JSON is UTF-8: the body is parsed as bytes, and bytes that are not UTF-8 are a broken body.
        all.add(new Cell(BROKEN, "invalid UTF-8 in a name: a malformed response", () -> serve(RequestMethod.GET,
                SCHEMA, aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(concat("{\"identifier\":\"s_fixture\",\"name\":\"Fix".getBytes(StandardCharsets.UTF_8),
                                new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, "\"}".getBytes(StandardCharsets.UTF_8))
                        )), getSchema(), malformed("not the expected JSON")));
        all.add(new Cell(BROKEN, "a UTF-8 name beyond ASCII reads back exactly", () -> serve(RequestMethod.GET, SCHEMA,
                aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody(SCHEMA_JSON.replace("\"Fixture\"", "\"Schéma 日本語 ✓ 🚀\"").getBytes(StandardCharsets.UTF_8))),
                getSchema(), o -> assertThat(o.result(DbSchema.class).getName()).isEqualTo("Schéma 日本語 ✓ 🚀")));
        all.add(new Cell(BROKEN, "a non-numeric X-Total-Elements", () -> serve(RequestMethod.GET, SCHEMAS,
                json(200, "[" + SCHEMA_JSON + "]").withHeader("X-Total-Elements", "lots")),
                c -> project(c).schemas().list().page(0), o -> {
                    Page<?> page = o.result(Page.class);
                    assertThat(page.items()).hasSize(1);
                    assertThat(page.totalElements()).isEmpty();
                }));
        all.add(new Cell(BROKEN, "an unreadable Retry-After on a 503, then OK", () -> standIn.server().stubFor(
                WireMock.get(urlPathEqualTo(SCHEMA)).atPriority(1).inScenario("retry-after").whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(json(503, "{\"message\":\"busy\"}").withHeader("Retry-After", "soon"))
                        .willSetStateTo("done")), getSchema(), o -> {
                    assertThat(o.result(DbSchema.class).getIdentifier()).isEqualTo("s_fixture");
                    assertThat(o.requests()).isEqualTo(2);
                    // ordinary backoff (at most 20 ms), not a misread wait: the default cap alone is 30 s
                    assertThat(o.millis()).as("ms").isLessThan(5_000);
                }));
        all.add(new Cell(BROKEN, "Retry-After: 86400 on a 429 waits only the client's cap", () -> serve(RequestMethod.GET, SCHEMA,
                json(429, "{\"message\":\"come back tomorrow\"}").withHeader("Retry-After", "86400")),
                c -> project(capped()).schema("s_fixture").get().execute(), o -> {
                    RateLimitedException e = o.thrown(RateLimitedException.class);
                    assertThat(e.retryAfter()).hasValue(Duration.ofDays(1));
                    assertThat(e.attempts()).isEqualTo(2);
                    assertThat(o.millis()).as("one capped wait of 100 ms").isBetween(100L, 3_000L);
                }));
        all.add(new Cell(BROKEN, "a body shorter than its Content-Length, then the connection closes", null,
                c -> withRaw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n",
                        SCHEMA_JSON.substring(0, 40).getBytes(StandardCharsets.UTF_8),
                        raw -> project(raw).schema("s_fixture").get().execute()), o -> {
                    DbOpsConnectionException e = o.thrown(DbOpsConnectionException.class);
                    assertThat(e.attempts()).as("a read cut short is retried").isEqualTo(4);
                    assertThat(e.getMessage()).doesNotContain("\n");
                    assertThat(o.millis()).isLessThan(5_000);
                }));

        // ---- paging that would never end ----
        all.add(new Cell(PAGING, "every page request answered with page 0 (a proxy dropped the query)",
                () -> serve(RequestMethod.GET, SCHEMAS, json(200, fullPage("s_")).withHeader("X-Page-Number", "0")
                        .withHeader("X-Page-Size", "100").withHeader("X-Total-Elements", "1000")),
                c -> project(c).schemas().list().stream().limit(100_000).count(), o -> {
                    MalformedResponseException e = o.thrown(MalformedResponseException.class);
                    assertThat(e.getMessage()).contains("page 1").contains("page 0");
                    assertThat(o.requests()).as("pages fetched").isEqualTo(2);
                }));
        all.add(new Cell(PAGING, "the same full page for every request, no paging headers",
                () -> serve(RequestMethod.GET, SCHEMAS, json(200, fullPage("s_"))),
                c -> project(c).schemas().list().stream().limit(100_000).count(), o -> {
                    MalformedResponseException e = o.thrown(MalformedResponseException.class);
                    assertThat(e.getMessage()).contains("same page");
                    assertThat(o.requests()).as("pages fetched").isEqualTo(2);
                }));

        // ---- 10 MB bodies ----
        // 10 MB take WireMock a while to start sending: these calls get 5 s, so that a slow first byte
        // is not mistaken for the size limit (the limit must show at the first attempt).
        all.add(new Cell(HUGE, "10 MB of valid JSON items on a list page", () -> serve(RequestMethod.GET, SCHEMAS,
                json(200, tenMegabyteList())), c -> project(c).schemas().list().timeout(HUGE_TIMEOUT).page(0),
                malformed("larger than")));
        all.add(new Cell(HUGE, "a 10 MB string in one field of a schema", () -> serve(RequestMethod.GET, SCHEMA,
                json(200, SCHEMA_JSON.replace("\"Fixture\"", "\"" + "x".repeat(TEN_MB) + "\""))),
                c -> project(c).schema("s_fixture").get().timeout(HUGE_TIMEOUT).execute(), malformed("larger than")));
        all.add(new Cell(HUGE, "10 MB without Content-Length, until the connection closes", null,
                c -> withRaw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
                        tenMegabyteList().getBytes(StandardCharsets.UTF_8), raw -> project(raw).schemas().list().page(0)),
                o -> {
                    MalformedResponseException e = o.thrown(MalformedResponseException.class);
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("larger than");
                    assertThat(o.millis()).isLessThan(5_000);
                }));
        all.add(new Cell(HUGE, "a 10 MB error body with status 400", () -> serve(RequestMethod.GET, SCHEMA,
                json(400, "{\"message\":\"bad\",\"padding\":\"" + "x".repeat(TEN_MB) + "\"}")),
                c -> project(c).schema("s_fixture").get().timeout(HUGE_TIMEOUT).execute(), o -> {
                    BadRequestException e = o.thrown(BadRequestException.class);
                    assertThat(e.body().length()).as("error body kept, bounded").isLessThanOrEqualTo(64 * 1024);
                    assertThat(e.getMessage().length()).isLessThan(1_000);
                    assertThat(o.millis()).isLessThan(5_000);
                }));
        all.add(new Cell(HUGE, "a 10 MB error body with status 500 on a create", () -> serve(RequestMethod.POST, SCHEMAS,
                aResponse().withStatus(500).withHeader("Content-Type", "text/plain").withBody("E".repeat(TEN_MB))),
                c -> project(c).schemas().create("s_new").name("New").changelog(ch -> ch.connector("git").location("c.yaml"))
                        .timeout(HUGE_TIMEOUT).execute(), o -> {
                    ServerErrorException e = o.thrown(ServerErrorException.class);
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.body().length()).as("error body kept, bounded").isLessThanOrEqualTo(64 * 1024);
                    assertThat(e.getMessage().length()).isLessThan(1_000);
                }));
        return all;
    }

    @TestFactory
    Stream<DynamicTest> eachHostileResponseEndsTypedOrBounded() {
        return cells().stream().map(cell -> DynamicTest.dynamicTest(cell.label(), () -> {
            boolean passed = false;
            try {
                arrange();
                if (cell.serve() != null) {
                    cell.serve().run();
                }
                long started = System.nanoTime();
                Future<Object> future = calls.submit(() -> cell.call().apply(client));
                Object value;
                try {
                    value = future.get(FaultMatrixTest.CELL_BOUND_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    value = e.getCause();
                } catch (TimeoutException e) {
                    future.cancel(true);
                    throw new AssertionError(cell.label() + ": still blocked after " + FaultMatrixTest.CELL_BOUND_SECONDS + " s");
                }
                Outcome outcome = new Outcome(value, Suite.elapsedMillis(started), standIn.requests().size());
                Secrets.inspect(value);
                if (value instanceof Throwable t && !(t instanceof DbOpsException)) {
                    throw new AssertionError(cell.label() + ": an unchecked crash instead of a typed exception: "
                            + Secrets.stackTrace(t));
                }
                cell.expect().accept(outcome);
                passed = true;
            } finally {
                Figures.hostileCell(cell.group(), passed);
            }
        }));
    }

    static HarnessDbOps capped() {
        HarnessDbOps capped = standIn.clientBuilder().apiKey(Secrets.KEY).requestTimeout(Suite.STEADY_TIMEOUT)
                .retryPolicy(Suite.FAST_RETRIES.withMaxRetries(1).withMaxRetryAfter(Duration.ofMillis(100))).build();
        Secrets.inspect(capped);
        return capped;
    }

    /** Runs a call against a raw loopback server that answers with exactly these bytes. */
    static Object withRaw(String head, byte[] body, Function<HarnessDbOps, Object> call) {
        try (RawServer raw = RawServer.answering(head, body)) {
            HarnessDbOps direct = HarnessDbOps.builder().endpoint(raw.url()).apiKey(Secrets.KEY).accountId("acct")
                    .requestTimeout(Suite.STEADY_TIMEOUT).retryPolicy(Suite.FAST_RETRIES).build();
            Secrets.inspect(direct);
            return call.apply(direct);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tenMegabyteList;

    static synchronized String tenMegabyteList() {
        if (tenMegabyteList == null) {
            StringBuilder json = new StringBuilder(TEN_MB + 4096).append('[');
            for (int i = 0; json.length() < TEN_MB; i++) {
                json.append(i == 0 ? "" : ",").append(SCHEMA_JSON.replace("s_fixture", "s_" + i));
            }
            tenMegabyteList = json.append(']').toString();
        }
        return tenMegabyteList;
    }

    /** A full page of 100 schemas, identifiers prefix0..prefix99. */
    static String fullPage(String prefix) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            json.append(i == 0 ? "" : ",").append(SCHEMA_JSON.replace("s_fixture", prefix + i));
        }
        return json.append(']').toString();
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}

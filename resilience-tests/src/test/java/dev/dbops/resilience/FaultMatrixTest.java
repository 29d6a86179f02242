package dev.dbops.resilience;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.dbops.sdk.DbOpsConnectionException;
import dev.dbops.sdk.DbOpsException;
import dev.dbops.sdk.DbOpsResponse;
import dev.dbops.sdk.DbOpsTimeoutException;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.ServerErrorException;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.testkit.DbOpsStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every operation × every fault, each cell with the outcome a user must see: a typed exception
 * within a time bound, recovery after retries, or no replay of a create. Calls run on their own
 * threads with a hard bound, so a call that hangs fails its cell instead of the suite; at the end
 * no thread may still be inside the SDK and the client's threads must be back to their baseline.
 */
@Order(3)
class FaultMatrixTest {

    static final String BASE = "/v1/orgs/" + Suite.ORG + "/projects/" + Suite.PROJECT + "/dbschema";
    /** The server answers late by this much; the client gives up after 300 ms per attempt. */
    static final int DELAY_MILLIS = 1000;
    /** No cell may take longer than this, whatever it does; a call still running then is blocked. */
    static final long CELL_BOUND_SECONDS = 15;

    /** The ten operations, how to call each through the fluent client, and what its fixture is. */
    enum Op {
        LIST_SCHEMAS("listDbSchemas", RequestMethod.GET, BASE, false,
                p -> p.schemas().list().pageSize(10).page(0).response()),
        CREATE_SCHEMA("createDbSchema", RequestMethod.POST, BASE, true,
                p -> p.schemas().create("s_new").name("New schema").tags("env:test")
                        .changelog(c -> c.connector("git").location("changelog.yaml")).executeWithResponse()),
        GET_SCHEMA("getDbSchema", RequestMethod.GET, BASE + "/s_fixture", false,
                p -> p.schema("s_fixture").get().executeWithResponse()),
        UPDATE_SCHEMA("updateDbSchema", RequestMethod.PUT, BASE + "/s_fixture", false,
                p -> p.schema("s_fixture").update().name("Renamed").executeWithResponse()),
        DELETE_SCHEMA("deleteDbSchema", RequestMethod.DELETE, BASE + "/s_empty", false,
                p -> p.schema("s_empty").delete().executeWithResponse()),
        LIST_INSTANCES("listDbInstances", RequestMethod.POST, BASE + "/s_fixture/instancelist", false,
                p -> p.schema("s_fixture").instances().list().pageSize(10).page(0).response()),
        CREATE_INSTANCE("createDbInstance", RequestMethod.POST, BASE + "/s_fixture/instance", true,
                p -> p.schema("s_fixture").instances().create("i_new").name("New instance").connector("pg")
                        .branch("main").executeWithResponse()),
        GET_INSTANCE("getDbInstance", RequestMethod.GET, BASE + "/s_fixture/instance/i_fixture", false,
                p -> p.schema("s_fixture").instance("i_fixture").get().executeWithResponse()),
        UPDATE_INSTANCE("updateDbInstance", RequestMethod.PUT, BASE + "/s_fixture/instance/i_fixture", false,
                p -> p.schema("s_fixture").instance("i_fixture").update().name("Renamed").executeWithResponse()),
        DELETE_INSTANCE("deleteDbInstance", RequestMethod.DELETE, BASE + "/s_fixture/instance/i_fixture", false,
                p -> p.schema("s_fixture").instance("i_fixture").delete().executeWithResponse());

        final String id;
        final RequestMethod method;
        final String path;
        final boolean create;
        final Function<Project, DbOpsResponse<?>> call;

        Op(String id, RequestMethod method, String path, boolean create, Function<Project, DbOpsResponse<?>> call) {
            this.id = id;
            this.method = method;
            this.path = path;
            this.create = create;
            this.call = call;
        }
    }

    /** The fault columns, as the figures table names them. */
    enum Column {
        RESET("connection reset by peer"),
        EMPTY("empty response"),
        CHUNK("malformed response chunk"),
        RANDOM("random data, then close"),
        DELAY("response 1 s late, timeout 300 ms"),
        RATE_LIMITED("429 with Retry-After: 1, then OK"),
        UNAVAILABLE("three 503s, then OK"),
        SERVER_ERROR("a 500, then OK (no replay of a create)"),
        REFUSED("connection refused (nothing listening)"),
        STALL("headers, then a body that stalls 3 s");

        final String label;

        Column(String label) {
            this.label = label;
        }
    }

    static DbOpsStandIn standIn;
    /** 300 ms per attempt: for the late response, the only column where the timeout is the fault. */
    static HarnessDbOps fast;
    /** 2 s per attempt, the same retries: for every fault that is not about time. */
    static HarnessDbOps steady;
    static HarnessDbOps setup;
    /** The fast client's settings, aimed at a loopback port where nothing listens (port 1, tcpmux). */
    static HarnessDbOps refused;
    /** Sends a 200 with Content-Length 500, the first bytes of the body, then nothing for 3 s. */
    static RawServer stallServer;
    /** The fast client's settings, aimed at the stalling server. */
    static HarnessDbOps stalled;
    static ExecutorService cells;
    static int clientThreadsBefore;

    @BeforeAll
    static void start() {
        standIn = Suite.standIn();
        fast = Suite.fastClient(standIn);
        steady = Suite.steadyClient(standIn);
        setup = Suite.setupClient(standIn);
        refused = HarnessDbOps.builder().endpoint("http://127.0.0.1:1").apiKey(Secrets.KEY)
                .requestTimeout(Suite.SHORT_TIMEOUT).retryPolicy(Suite.FAST_RETRIES).build();
        Secrets.inspect(refused);
        try {
            stallServer = new RawServer(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"
                    + "{\"identifier\":\"s_fixture\",\"na").getBytes(StandardCharsets.US_ASCII), 3_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stalled = HarnessDbOps.builder().endpoint(stallServer.url()).apiKey(Secrets.KEY)
                .requestTimeout(Suite.SHORT_TIMEOUT).retryPolicy(Suite.FAST_RETRIES).build();
        Secrets.inspect(stalled);
        AtomicInteger n = new AtomicInteger();
        cells = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-cell-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // Warm up the stand-in and both clients (JIT, connections) so a cold start cannot pass for a fault.
        for (int round = 0; round < 3; round++) {
            for (Op op : Op.values()) {
                arrange();
                try {
                    op.call.apply(Suite.project(fast));
                    op.call.apply(Suite.project(steady));
                } catch (DbOpsException coldStart) {
                    // the 300 ms budget can be too short for the very first calls
                }
            }
        }
        arrange();
        Threads.settle(() -> false, 300);
        clientThreadsBefore = Threads.httpClientSelectors();
    }

    @AfterAll
    static void stop() throws InterruptedException, IOException {
        stallServer.close();
        cells.shutdownNow();
        cells.awaitTermination(5, TimeUnit.SECONDS);
        standIn.stop();
    }

    /** A clean stand-in holding s_fixture (with instance i_fixture) and s_empty, and an empty journal. */
    static void arrange() {
        standIn.reset();
        Project p = setup.project(Suite.ORG, Suite.PROJECT);
        p.schemas().create("s_fixture").name("Fixture").changelog(c -> c.connector("git").location("changelog.yaml"))
                .execute();
        p.schemas().create("s_empty").name("Empty").changelog(c -> c.connector("git").location("changelog.yaml"))
                .execute();
        p.schema("s_fixture").instances().create("i_fixture").name("Fixture DB").connector("pg").branch("main").execute();
        standIn.server().resetRequests();
    }

    @TestFactory
    Stream<DynamicTest> everyOperationUnderEveryFault() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Column column : Column.values()) {
            Figures.faultColumn(column.label);
            for (Op op : Op.values()) {
                tests.add(DynamicTest.dynamicTest(op.id + " × " + column.label, () -> {
                    boolean passed = false;
                    try {
                        cell(op, column);
                        passed = true;
                    } finally {
                        Figures.faultCell(column.label, passed);
                    }
                }));
            }
        }
        tests.add(DynamicTest.dynamicTest("an interrupted call returns at once, typed, interrupt status kept",
                FaultMatrixTest::interruptedCallReturnsAtOnce));
        tests.add(DynamicTest.dynamicTest("no thread stays blocked, no client thread is left behind", FaultMatrixTest::noThreadLeft));
        return tests.stream();
    }

    static void cell(Op op, Column column) throws InterruptedException {
        arrange();
        inject(op, column);
        long started = System.nanoTime();
        HarnessDbOps client = switch (column) {
            case DELAY -> fast;
            case REFUSED -> refused;
            case STALL -> stalled;
            default -> steady;
        };
        int stallConnections = stallServer.connections.get();
        Future<DbOpsResponse<?>> call = cells.submit(() -> op.call.apply(Suite.project(client)));
        Object outcome;
        try {
            outcome = call.get(CELL_BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            outcome = e.getCause();
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new AssertionError(op.id + " under " + column.label + " is still blocked after " + CELL_BOUND_SECONDS + " s");
        }
        long millis = Suite.elapsedMillis(started);
        int sent = standIn.requests().size();
        Secrets.inspect(outcome);
        switch (column) {
            case RESET, EMPTY, CHUNK, RANDOM -> {
                DbOpsConnectionException e = thrown(outcome, DbOpsConnectionException.class, op, column);
                assertThat(e).isNotInstanceOf(DbOpsTimeoutException.class);
                assertOneLine(e, op);
                // A create may have reached the server before the connection broke: never sent twice.
                assertThat(e.attempts()).as("attempts").isEqualTo(op.create ? 1 : 4);
                if (op.create) {
                    assertThat(sent).as("requests the stand-in received (no replay of a create)").isEqualTo(1);
                } else if (op.method == RequestMethod.GET && (column == Column.RESET || column == Column.EMPTY)) {
                    // The JDK HttpClient itself resends an idempotent GET once when the connection
                    // closes before any byte of the response: 4 SDK attempts are 4 to 8 requests.
                    assertThat(sent).as("requests the stand-in received").isBetween(4, 8);
                } else {
                    assertThat(sent).as("requests the stand-in received").isEqualTo(4);
                }
                assertThat(millis).as("ms until the typed exception").isLessThan(5_000);
            }
            case DELAY -> {
                DbOpsTimeoutException e = thrown(outcome, DbOpsTimeoutException.class, op, column);
                assertOneLine(e, op);
                int attempts = op.create ? 1 : 4;
                assertThat(e.attempts()).as("attempts").isEqualTo(attempts);
                assertThat(sent).as("requests the stand-in received").isEqualTo(attempts);
                assertThat(millis).as("ms until the timeout exception")
                        .isGreaterThanOrEqualTo(attempts * Suite.SHORT_TIMEOUT.toMillis() - 50)
                        .isLessThan(op.create ? 3_000 : 6_000);
            }
            case RATE_LIMITED -> {
                DbOpsResponse<?> r = succeeded(outcome, op, column);
                assertThat(r.attempts()).as("attempts").isEqualTo(2);
                assertThat(sent).as("requests the stand-in received").isEqualTo(2);
                // The backoff alone is at most 20 ms: a second's wait is the server's Retry-After.
                assertThat(millis).as("ms, Retry-After: 1 honoured").isBetween(1_000L, 5_000L);
                verifyDone(op, r);
            }
            case UNAVAILABLE -> {
                DbOpsResponse<?> r = succeeded(outcome, op, column);
                assertThat(r.attempts()).as("attempts").isEqualTo(4);
                assertThat(sent).as("requests the stand-in received").isEqualTo(4);
                assertThat(millis).isLessThan(5_000);
                verifyDone(op, r);
            }
            case SERVER_ERROR -> {
                if (op.create) {
                    // The server may have acted before failing: a 500 on a create is never replayed.
                    ServerErrorException e = thrown(outcome, ServerErrorException.class, op, column);
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.serverMessage()).isEqualTo("transient failure");
                    assertThat(e.attempts()).as("attempts").isEqualTo(1);
                    assertThat(sent).as("requests the stand-in received (no replay)").isEqualTo(1);
                } else {
                    DbOpsResponse<?> r = succeeded(outcome, op, column);
                    assertThat(r.attempts()).as("attempts").isEqualTo(2);
                    assertThat(sent).as("requests the stand-in received").isEqualTo(2);
                    verifyDone(op, r);
                }
                assertThat(millis).isLessThan(5_000);
            }
            case REFUSED -> {
                DbOpsConnectionException e = thrown(outcome, DbOpsConnectionException.class, op, column);
                assertThat(e).isNotInstanceOf(DbOpsTimeoutException.class);
                assertThat(e.getCause()).isInstanceOf(ConnectException.class);
                assertOneLine(e, op);
                // Refused means the request never left: even a create is safe to send again.
                assertThat(e.attempts()).as("attempts").isEqualTo(4);
                assertThat(sent).as("requests the stand-in received").isZero();
                assertThat(millis).isLessThan(5_000);
            }
            case STALL -> {
                // The JDK's request timeout ends when the headers arrive; the SDK holds the body to it
                // too. Without that, each attempt waited out the server's 3 s stall.
                DbOpsTimeoutException e = thrown(outcome, DbOpsTimeoutException.class, op, column);
                assertOneLine(e, op);
                int attempts = op.create ? 1 : 4;
                assertThat(e.attempts()).as("attempts").isEqualTo(attempts);
                assertThat(stallServer.connections.get() - stallConnections).as("requests the stalling server received")
                        .isEqualTo(attempts);
                assertThat(millis).as("ms until the timeout exception")
                        .isGreaterThanOrEqualTo(attempts * Suite.SHORT_TIMEOUT.toMillis() - 50)
                        .isLessThan(op.create ? 2_000 : 4_000);
            }
        }
    }

    static void inject(Op op, Column column) {
        String scenario = op.id + "-" + column;
        List<MappingBuilder> stubs = switch (column) {
            case RESET -> List.of(stub(op).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
            case EMPTY -> List.of(stub(op).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
            case CHUNK -> List.of(stub(op).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
            case RANDOM -> List.of(stub(op).willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
            case DELAY -> List.of(stub(op).willReturn(aResponse().withStatus(op.create ? 201 : 200)
                    .withFixedDelay(DELAY_MILLIS).withHeader("Content-Type", "application/json")
                    .withBody("{\"identifier\":\"late\",\"name\":\"late\"}")));
            case RATE_LIMITED -> List.of(stub(op).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(error(429, "slow down").withHeader("Retry-After", "1")).willSetStateTo("served"));
            case UNAVAILABLE -> IntStream.rangeClosed(1, 3).mapToObj(i -> (MappingBuilder) stub(op).inScenario(scenario)
                    .whenScenarioStateIs(i == 1 ? Scenario.STARTED : "503-" + (i - 1))
                    .willReturn(error(503, "unavailable " + i)).willSetStateTo("503-" + i)).toList();
            case SERVER_ERROR -> List.of(stub(op).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(error(500, "transient failure")).willSetStateTo("served"));
            case REFUSED, STALL -> List.<MappingBuilder>of();
        };
        // Once a scenario has run its course no fault mapping matches: the stand-in's catch-all answers.
        stubs.forEach(standIn.server()::stubFor);
    }

    /** A mapping for the operation's method and path that wins over the stand-in's catch-all. */
    static MappingBuilder stub(Op op) {
        return WireMock.request(op.method.getName(), urlPathEqualTo(op.path)).atPriority(1);
    }

    static ResponseDefinitionBuilder error(int status, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"" + message + "\"}");
    }

    static <E extends DbOpsException> E thrown(Object outcome, Class<E> type, Op op, Column column) {
        if (!type.isInstance(outcome)) {
            fail(op.id + " under " + column.label + ": expected " + type.getSimpleName() + " but got "
                    + (outcome instanceof Throwable t ? Secrets.stackTrace(t) : "a result: " + outcome));
        }
        return type.cast(outcome);
    }

    static DbOpsResponse<?> succeeded(Object outcome, Op op, Column column) {
        if (!(outcome instanceof DbOpsResponse<?> response)) {
            throw new AssertionError(op.id + " under " + column.label + " should recover, but: "
                    + (outcome instanceof Throwable t ? Secrets.stackTrace(t) : outcome));
        }
        return response;
    }

    static void assertOneLine(DbOpsException e, Op op) {
        assertThat(e.getMessage()).as("message").contains(op.id).doesNotContain("\n");
        assertThat(e.operation()).isEqualTo(op.id);
    }

    /** The recovered call did what the user asked, once: the result and the stand-in's state say so. */
    static void verifyDone(Op op, DbOpsResponse<?> r) {
        Project p = setup.project(Suite.ORG, Suite.PROJECT);
        switch (op) {
            case LIST_SCHEMAS -> assertThat((List<?>) r.body()).extracting(s -> ((DbSchema) s).getIdentifier())
                    .containsExactlyInAnyOrder("s_fixture", "s_empty");
            case CREATE_SCHEMA -> {
                assertThat(((DbSchema) r.body()).getIdentifier()).isEqualTo("s_new");
                assertThat(p.schemas().list().toList()).hasSize(3);
            }
            case GET_SCHEMA -> assertThat(((DbSchema) r.body()).getIdentifier()).isEqualTo("s_fixture");
            case UPDATE_SCHEMA -> assertThat(p.schema("s_fixture").get().execute().getName()).isEqualTo("Renamed");
            case DELETE_SCHEMA -> {
                assertThat(r.status()).isEqualTo(204);
                assertThat(p.schema("s_empty").find().execute()).isEmpty();
            }
            case LIST_INSTANCES -> assertThat((List<?>) r.body()).extracting(i -> ((DbInstance) i).getIdentifier())
                    .containsExactly("i_fixture");
            case CREATE_INSTANCE -> {
                assertThat(((DbInstance) r.body()).getIdentifier()).isEqualTo("i_new");
                assertThat(p.schema("s_fixture").instances().list().toList()).hasSize(2);
            }
            case GET_INSTANCE -> assertThat(((DbInstance) r.body()).getIdentifier()).isEqualTo("i_fixture");
            case UPDATE_INSTANCE -> assertThat(p.schema("s_fixture").instance("i_fixture").get().execute().getName())
                    .isEqualTo("Renamed");
            case DELETE_INSTANCE -> {
                assertThat(r.status()).isEqualTo(204);
                assertThat(p.schema("s_fixture").instance("i_fixture").find().execute()).isEmpty();
            }
        }
    }

    /** A caller that gives up (Future.cancel(true), shutdownNow) gets its thread back, not a 10 s wait. */
    static void interruptedCallReturnsAtOnce() throws InterruptedException {
        arrange();
        standIn.server().stubFor(stub(Op.GET_SCHEMA).willReturn(aResponse().withStatus(200).withFixedDelay(5_000)
                .withHeader("Content-Type", "application/json").withBody("{\"identifier\":\"late\"}")));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                Suite.project(fast).schema("s_fixture").get().timeout(Duration.ofSeconds(10)).execute();
            } catch (Throwable t) {
                thrown.set(t);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        }, "interrupted-caller");
        caller.start();
        Threads.settle(() -> standIn.requests().size() == 1, 2_000);
        long started = System.nanoTime();
        caller.interrupt();
        caller.join(2_000);
        long millis = Suite.elapsedMillis(started);
        Secrets.inspect(thrown.get());
        assertThat(caller.isAlive()).as("caller still blocked after the interrupt").isFalse();
        assertThat(millis).as("ms from interrupt to return").isLessThan(1_000);
        assertThat(thrown.get()).isInstanceOf(DbOpsConnectionException.class).hasMessageContaining("interrupted");
        assertThat(((DbOpsException) thrown.get()).attempts()).as("an interrupted call is not retried").isEqualTo(1);
        assertThat(stillInterrupted).as("interrupt status kept for the caller").isTrue();
    }

    static void noThreadLeft() {
        List<String> blocked = Threads.stillInsideSdk(3_000);
        Threads.settle(() -> Threads.busyHttpClientWorkers().isEmpty(), 3_000);
        List<String> busy = Threads.busyHttpClientWorkers();
        int after = Threads.httpClientSelectors();
        Figures.matrixBlockedThreads = blocked.size() + busy.size();
        Figures.matrixClientThreads = clientThreadsBefore + " → " + after + " HttpClient selectors, " + busy.size()
                + " busy workers";
        assertThat(blocked).as("threads still inside the SDK after every cell ended").isEmpty();
        assertThat(busy).as("JDK HttpClient workers still busy after every cell ended").isEmpty();
        // One selector per live HttpClient: the matrix made no new ones (earlier classes' clients may
        // have been collected meanwhile, so fewer is fine; a client per call would show hundreds).
        assertThat(after).as("HttpClient selector threads (one per client) before the matrix: " + clientThreadsBefore)
                .isLessThanOrEqualTo(clientThreadsBefore);
    }
}

package dev.dbops.sdk.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.RetryPolicy;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * An embedded stand-in for Harness Database DevOps on a loopback port, built on WireMock. In
 * {@link Mode#STATEFUL} it keeps schemas and instances in memory and behaves like the service; in
 * {@link Mode#EXAMPLES} it answers every operation with the OpenAPI document's named examples.
 *
 * <p>Between the client and the service sit {@linkplain #network(Consumer) network conditions}:
 * latency, a rate limit answering 429 with {@code Retry-After}, and seeded faults; off unless set.
 * The stand-in records every request on arrival ({@link #received()}), so tests and benchmarks can
 * count what was sent, including requests whose answer was lost.
 *
 * <p>Its clock ({@link #clock(Clock)}) stamps {@code created}/{@code updated} and times the rate
 * limit's windows; latency and held responses are real waits.
 */
public final class DbOpsStandIn implements AutoCloseable {

    /** How the stand-in answers. */
    public enum Mode {
        /** An in-memory service: what you create can be read, listed, updated and deleted. */
        STATEFUL,
        /** Every operation answers its documented example, whatever was sent. */
        EXAMPLES
    }

    /** The API key the stand-in's own clients send (the stand-in accepts any non-empty key). */
    public static final String API_KEY = "dbops-testkit-key";
    /** The account the stand-in's own clients send as Harness-Account. */
    public static final String ACCOUNT_ID = "testkit_account";

    // The one transformer's name; the stateful stub names it to say "the service answers this one".
    private static final String TRANSFORMER = "dbops-stand-in";
    // Latency and held responses block a server thread each, so allow far more than a client's usual parallelism.
    private static final int SERVER_THREADS = 128;

    private final Mode mode;
    private final OpenApiDocument document = OpenApiDocument.load();
    private final OperationIndex operations = new OperationIndex(document);
    private final Map<String, StubMapping> exampleStubs = new HashMap<>();
    private final Map<String, Queue<Fault>> queuedFaults = new ConcurrentHashMap<>();
    private final Queue<ReceivedRequest> received = new ConcurrentLinkedQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private Clock clock = Clock.systemUTC();
    private volatile Network network = new Network(NetworkConditions.NONE, clock);
    // Volatile, not guarded: server threads read them without the lock stop() holds while it waits for them.
    private volatile StatefulService service;
    private volatile CountDownLatch stopped;
    private WireMockServer server;
    private HarnessDbOps client;

    private DbOpsStandIn(Mode mode) {
        this.mode = mode;
    }

    /** A stand-in that behaves like the service, over an in-memory store. Call {@link #start()}. */
    public static DbOpsStandIn stateful() {
        return new DbOpsStandIn(Mode.STATEFUL);
    }

    /** A stand-in that answers the document's named examples. Call {@link #start()}. */
    public static DbOpsStandIn examples() {
        return new DbOpsStandIn(Mode.EXAMPLES);
    }

    /**
     * The clock for {@code created}/{@code updated} and for rate-limit windows (the system clock
     * in UTC unless set); a {@link MutableClock} lets a test move time without waiting. Set it
     * before {@link #start()}; returns this.
     */
    public synchronized DbOpsStandIn clock(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        if (server != null) {
            throw new IllegalStateException("Set the clock before start(): the service stamps times with it");
        }
        this.clock = clock;
        this.network = new Network(network.conditions(), clock);
        return this;
    }

    /** The stand-in's clock. */
    public synchronized Clock clock() {
        return clock;
    }

    /** Starts on a free loopback port; returns this. */
    public synchronized DbOpsStandIn start() {
        if (server != null) {
            return this;
        }
        service = new StatefulService(document, clock);
        stopped = new CountDownLatch(1);
        server = new WireMockServer(wireMockConfig()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(SERVER_THREADS)
                .notifier(new Slf4jNotifier(false))
                .extensions(new NetworkTransformer()));
        server.start();
        installStubs();
        return this;
    }

    /** Stops the server; requests still waiting out a latency or a timeout fault end at once. */
    public synchronized void stop() {
        if (server != null) {
            stopped.countDown();
            server.stop();
            server = null;
            client = null;
        }
    }

    /** Stops the server, as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** True between {@link #start()} and {@link #stop()}. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** The mode it was made in. */
    public Mode mode() {
        return mode;
    }

    /** The base URL to give an SDK client ({@code http://127.0.0.1:<port>}). */
    public String baseUrl() {
        return running().baseUrl();
    }

    /** A client bound to the stand-in, with quick retries; made once and shared. */
    public synchronized HarnessDbOps client() {
        if (client == null) {
            client = clientBuilder().build();
        }
        return client;
    }

    /** A client builder already bound to the stand-in, to adjust before {@code build()}. */
    public HarnessDbOps.Builder clientBuilder() {
        return HarnessDbOps.builder()
                .endpoint(baseUrl())
                .apiKey(API_KEY)
                .accountId(ACCOUNT_ID)
                .retryPolicy(RetryPolicy.DEFAULT.withBackoff(Duration.ofMillis(10), Duration.ofMillis(100)));
    }

    /**
     * Returns to the state just after {@link #start()}: forgets all schemas and instances, the
     * request journal and {@link #received()}, any {@link #respondWith} override and
     * {@link #failNext} fault, and starts the network's seeded draws and rate-limit window again.
     * The network conditions and the clock stay.
     */
    public synchronized void reset() {
        WireMockServer running = running();
        service.reset();
        running.resetAll();
        exampleStubs.clear();
        installStubs();
        queuedFaults.clear();
        synchronized (received) {
            received.clear();
            sequence.set(0);
        }
        network = new Network(network.conditions(), clock);
    }

    /**
     * Changes the network conditions: {@code change} gets a builder holding the current ones.
     * Takes effect for the next request, and starts the seeded draws and the rate-limit window
     * again. Returns this.
     *
     * <pre>{@code
     * standIn.network(n -> n.latency(Duration.ofMillis(50)).faults(0.1, Fault.RESET_AFTER_HANDLING).seed(42));
     * }</pre>
     */
    public DbOpsStandIn network(Consumer<NetworkConditions.Builder> change) {
        Objects.requireNonNull(change, "change");
        synchronized (this) {
            NetworkConditions.Builder builder = network.conditions().toBuilder();
            change.accept(builder);
            return network(builder.build());
        }
    }

    /** Replaces the network conditions ({@link NetworkConditions#NONE} removes them all); returns this. */
    public synchronized DbOpsStandIn network(NetworkConditions conditions) {
        Objects.requireNonNull(conditions, "conditions");
        conditions.faultOperations().forEach(operations::requireKnown);
        network = new Network(conditions, clock);
        return this;
    }

    /** The network conditions in effect. */
    public NetworkConditions network() {
        return network.conditions();
    }

    /**
     * At most {@code maxRequests} requests per {@code window}, keeping the other conditions; see
     * {@link NetworkConditions.Builder#rateLimit(int, Duration)}. Returns this.
     */
    public DbOpsStandIn rateLimit(int maxRequests, Duration window) {
        return network(n -> n.rateLimit(maxRequests, window));
    }

    /**
     * Injects {@code fault} into the next request for this operation that the rate limit lets
     * through, whatever the seeded draws say: for tests that need one particular failure, such as
     * "the create's answer is lost after it created the instance". Calls queue up, per operation.
     * Works with or without network conditions; {@link #reset()} drops faults not yet used.
     *
     * @param operationId an operationId of the OpenAPI document, such as {@code "createDbInstance"}
     */
    public DbOpsStandIn failNext(String operationId, Fault fault) {
        Objects.requireNonNull(fault, "fault");
        operations.requireKnown(operationId);
        queuedFaults.computeIfAbsent(operationId, k -> new ConcurrentLinkedQueue<>()).add(fault);
        return this;
    }

    /**
     * Every request received since the start or the last reset, in arrival order, recorded as it
     * arrives: a request whose response is still held (a timeout fault) or was lost (a reset) is
     * here already. Requests that match no stub (in examples mode, paths the document does not
     * declare) are answered by WireMock and not recorded.
     */
    public List<ReceivedRequest> received() {
        return List.copyOf(received);
    }

    /** The requests received for one operation, in arrival order; see {@link #received()}. */
    public List<ReceivedRequest> received(String operationId) {
        return received.stream().filter(r -> r.operationId().equals(operationId)).collect(Collectors.toUnmodifiableList());
    }

    /**
     * How many requests arrived per operationId since the start or the last reset, whatever
     * became of them (429s and faults included); operations with none are absent. The total is
     * {@code received().size()}.
     */
    public Map<String, Long> requestCounts() {
        return Collections.unmodifiableMap(received.stream()
                .collect(Collectors.groupingBy(ReceivedRequest::operationId, TreeMap::new, Collectors.counting())));
    }

    /**
     * WireMock's journal of every request since the start or the last reset, oldest first. A
     * request is journaled when its response is sent, so one still waiting is not yet here; see
     * {@link #received()}.
     */
    public List<LoggedRequest> requests() {
        return running().findAll(WireMock.anyRequestedFor(WireMock.anyUrl()));
    }

    /**
     * The underlying WireMock server, for journal queries and hand-made stubs in tests. Network
     * conditions apply to every stub's answers, yours included.
     */
    public WireMockServer server() {
        return running();
    }

    /**
     * In examples mode, makes an operation answer its documented response with this status (for
     * example {@code respondWith("getDbSchema", 404)}), until the next {@link #reset()}.
     */
    public synchronized void respondWith(String operationId, int status) {
        if (mode != Mode.EXAMPLES) {
            throw new IllegalStateException("respondWith serves documented examples: use DbOpsStandIn.examples()");
        }
        OpenApiDocument.Operation op = document.operation(operationId);
        OpenApiDocument.Response response = op.responses().get(status);
        if (response == null) {
            throw new IllegalArgumentException(operationId + " documents no " + status + " response; it documents "
                    + op.responses().keySet());
        }
        StubMapping previous = exampleStubs.remove(operationId);
        if (previous != null) {
            running().removeStub(previous);
        }
        exampleStubs.put(operationId, running().stubFor(exampleStub(op, response)));
    }

    private void installStubs() {
        if (mode == Mode.STATEFUL) {
            server.stubFor(WireMock.any(WireMock.urlPathMatching("/.*"))
                    .willReturn(ResponseDefinitionBuilder.responseDefinition().withTransformers(TRANSFORMER)));
            return;
        }
        for (OpenApiDocument.Operation op : document.operations()) {
            exampleStubs.put(op.id(), server.stubFor(exampleStub(op, op.success())));
        }
    }

    private static MappingBuilder exampleStub(OpenApiDocument.Operation op, OpenApiDocument.Response response) {
        String pathRegex = op.path().replaceAll("\\{[^}]+}", "[^/]+");
        ResponseDefinitionBuilder answer = WireMock.aResponse().withStatus(response.status());
        if (!response.examples().isEmpty()) {
            OpenApiDocument.NamedExample example = response.examples().getOrDefault("seed",
                    response.examples().values().iterator().next());
            JsonNode body = example.value();
            answer.withHeader("Content-Type", "application/json").withBody(body.toString());
            if (body.isArray()) {
                answer.withHeader("X-Total-Elements", String.valueOf(body.size()))
                        .withHeader("X-Page-Number", "0")
                        .withHeader("X-Page-Size", String.valueOf(Math.max(10, body.size())));
            }
        }
        return WireMock.request(op.method(), WireMock.urlPathMatching(pathRegex)).willReturn(answer);
    }

    private synchronized WireMockServer running() {
        if (server == null) {
            throw new IllegalStateException("The stand-in is not running: call start()");
        }
        return server;
    }

    /**
     * Waits on the server thread, ending early when the stand-in stops, so a held request never
     * outlives the server.
     */
    private static void pause(CountDownLatch stopped, long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            stopped.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Every answer passes here: the network conditions decide the request's fate, and the stateful
     * stub's answers come from the service.
     */
    private final class NetworkTransformer implements ResponseDefinitionTransformerV2 {

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            LoggedRequest request = event.getRequest();
            ResponseDefinition stubbed = event.getResponseDefinition();
            String url = request.getUrl();
            int q = url.indexOf('?');
            String path = q < 0 ? url : url.substring(0, q);
            String method = request.getMethod() == null ? RequestMethod.ANY.getName() : request.getMethod().getName();
            String body = Optional.ofNullable(request.getBodyAsString()).orElse("");
            String operationId = operations.idOf(method, path);
            CountDownLatch stopSignal = stopped;

            Network current = network;
            Network.Decision decision = current.decide(operationId, method, url, body, () -> {
                Queue<Fault> queued = queuedFaults.get(operationId);
                return queued == null ? null : queued.poll();
            });
            synchronized (received) {
                received.add(new ReceivedRequest(sequence.incrementAndGet(), operationId, method, url, body,
                        decision.rateLimited(), Optional.ofNullable(decision.fault())));
            }
            pause(stopSignal, decision.latencyNanos());

            if (decision.rateLimited()) {
                return tooManyRequests(current.conditions(), decision.retryAfterSeconds());
            }
            long timeoutDelay = current.conditions().timeoutDelay().toNanos();
            Fault fault = decision.fault();
            if (fault != null && !fault.reachesService()) {
                return switch (fault.kind()) {
                    case RESET -> reset();
                    case SERVER_ERROR -> serverError();
                    case TIMEOUT -> {
                        pause(stopSignal, timeoutDelay);
                        yield error(504, "Gateway timeout: the service did not answer in time");
                    }
                };
            }
            ResponseDefinition answer = stubbed.hasTransformer(this) ? serve(request, method, path) : stubbed;
            if (fault == null) {
                return answer;
            }
            return switch (fault.kind()) {
                case RESET -> reset();
                case SERVER_ERROR -> serverError();
                case TIMEOUT -> {
                    pause(stopSignal, timeoutDelay);
                    yield answer;
                }
            };
        }

        private ResponseDefinition serve(LoggedRequest request, String method, String path) {
            Map<String, String> query = new LinkedHashMap<>();
            for (Map.Entry<String, QueryParameter> p : request.getQueryParams().entrySet()) {
                query.put(p.getKey(), p.getValue().firstValue());
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (HttpHeader header : request.getHeaders().all()) {
                headers.put(header.key(), header.firstValue());
            }
            StatefulService.Reply reply = service.handle(method, path, query, headers, request.getBodyAsString());
            ResponseDefinitionBuilder answer = ResponseDefinitionBuilder.responseDefinition().withStatus(reply.status());
            reply.headers().forEach(answer::withHeader);
            if (!reply.body().isEmpty()) {
                answer.withHeader("Content-Type", "application/json").withBody(reply.body());
            }
            return answer.build();
        }

        private ResponseDefinition tooManyRequests(NetworkConditions conditions, long retryAfterSeconds) {
            return WireMock.aResponse().withStatus(429)
                    .withHeader("Retry-After", String.valueOf(retryAfterSeconds))
                    .withHeader("Content-Type", "application/json")
                    .withBody(message("Rate limit exceeded: at most " + conditions.maxRequests() + " requests per "
                            + conditions.rateLimitWindow() + "; retry after " + retryAfterSeconds + " s"))
                    .build();
        }

        private ResponseDefinition reset() {
            return WireMock.aResponse()
                    .withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER).build();
        }

        private ResponseDefinition serverError() {
            return WireMock.aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                    .withBody(document.example("ErrorInternal").toString()).build();
        }

        private ResponseDefinition error(int status, String message) {
            return WireMock.aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                    .withBody(message(message)).build();
        }

        private String message(String text) {
            return JsonNodeFactory.instance.objectNode().put("message", text).toString();
        }

        @Override
        public String getName() {
            return TRANSFORMER;
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }
    }
}

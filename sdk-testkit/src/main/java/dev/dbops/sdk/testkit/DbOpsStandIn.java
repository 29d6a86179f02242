package dev.dbops.sdk.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.RetryPolicy;
import dev.dbops.sdk.model.MigrationStatus;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
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
 * <p>In stateful mode a test also plays the deployment pipeline: it registers a schema's
 * changesets ({@link #changeSets}) and records what happened to them on each instance
 * ({@link #deploy}, {@link #rollback}); the migration state and the overview answer from that,
 * so code that waits for a deployment or checks a release can be tested without Harness.
 *
 * <pre>{@code
 * standIn.changeSets("my_db_schema", ChangeSet.of("create_orders_table", "changelog.yaml", "mgarcia"));
 * standIn.deploy("my_db_schema", "my_db_instance", "create_orders_table", MigrationStatus.SUCCESSFULLY_DEPLOYED);
 * }</pre>
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

    /** The API key the stand-in's own clients send (stateful mode accepts any key that is not blank; examples mode checks none). */
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
    // respondWith's answers by operationId; the transformer, which knows each request's operation, serves them.
    private final Map<String, ResponseDefinition> overrides = new ConcurrentHashMap<>();
    private final Map<String, Queue<Fault>> queuedFaults = new ConcurrentHashMap<>();
    private final Queue<ReceivedRequest> received = new ConcurrentLinkedQueue<>();
    private final Set<String> revokedKeys = ConcurrentHashMap.newKeySet();
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

    /**
     * A stand-in that behaves like the service, over an in-memory store. Call {@link #start()}.
     *
     * @return a new stand-in in {@link Mode#STATEFUL}, not yet running
     */
    public static DbOpsStandIn stateful() {
        return new DbOpsStandIn(Mode.STATEFUL);
    }

    /**
     * A stand-in that answers the document's named examples. Call {@link #start()}.
     *
     * @return a new stand-in in {@link Mode#EXAMPLES}, not yet running
     */
    public static DbOpsStandIn examples() {
        return new DbOpsStandIn(Mode.EXAMPLES);
    }

    /**
     * The clock for {@code created}/{@code updated} and for rate-limit windows (the system clock
     * in UTC unless set); a {@link MutableClock} lets a test move time without waiting. Set it
     * before {@link #start()}; returns this.
     *
     * @param clock the clock for timestamps and rate-limit windows, not null
     * @return this stand-in
     * @throws IllegalStateException when the stand-in is running
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

    /**
     * The stand-in's clock.
     *
     * @return the clock set with {@link #clock(Clock)}, else the system clock in UTC
     */
    public synchronized Clock clock() {
        return clock;
    }

    /**
     * Starts on a free loopback port; returns this.
     *
     * @return this stand-in, running; calling it again while running changes nothing
     */
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
        // A restart starts afresh, as reset() does: nothing recorded or queued before it carries over.
        forgetRequests();
        installStubs();
        return this;
    }

    /**
     * Stops the server, and closes the client {@link #client()} made; requests still waiting out a
     * latency or a timeout fault end at once.
     */
    public synchronized void stop() {
        if (server != null) {
            stopped.countDown();
            server.stop();
            server = null;
            if (client != null) {
                client.close();
                client = null;
            }
        }
    }

    /** Stops the server, as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * True between {@link #start()} and {@link #stop()}.
     *
     * @return whether the server is running
     */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * The mode it was made in.
     *
     * @return {@link Mode#STATEFUL} for {@link #stateful()}, {@link Mode#EXAMPLES} for {@link #examples()}
     */
    public Mode mode() {
        return mode;
    }

    /**
     * The base URL to give an SDK client ({@code http://127.0.0.1:<port>}).
     *
     * @return the URL, without a trailing slash; the port changes with each start
     * @throws IllegalStateException when the stand-in is not running
     */
    public String baseUrl() {
        // The address the server is bound to: "localhost" may resolve to ::1 first.
        return "http://127.0.0.1:" + running().port();
    }

    /**
     * A client bound to the stand-in, with quick retries; made once and shared, and closed by
     * {@link #stop()} (a client from {@link #clientBuilder()} is yours to close).
     *
     * @return the client, sending {@link #API_KEY} and {@link #ACCOUNT_ID}; the same one until
     *     {@link #stop()}, a new one after the next start
     * @throws IllegalStateException when the stand-in is not running
     */
    public synchronized HarnessDbOps client() {
        if (client == null) {
            client = clientBuilder().build();
        }
        return client;
    }

    /**
     * A client builder already bound to the stand-in, to adjust before {@code build()}.
     *
     * @return a new builder with the stand-in's endpoint, {@link #API_KEY}, {@link #ACCOUNT_ID}
     *     and retries backing off from 10 ms to at most 100 ms
     * @throws IllegalStateException when the stand-in is not running
     */
    public HarnessDbOps.Builder clientBuilder() {
        return HarnessDbOps.builder()
                .endpoint(baseUrl())
                .apiKey(API_KEY)
                .accountId(ACCOUNT_ID)
                .retryPolicy(RetryPolicy.DEFAULT.withBackoff(Duration.ofMillis(10), Duration.ofMillis(100)));
    }

    /**
     * Returns to the state just after {@link #start()}: forgets all schemas and instances (their
     * changesets and deployments too), the request journal and {@link #received()}, any
     * {@link #respondWith} override, {@link #revokeApiKey revoked key} and {@link #failNext}
     * fault, and starts the network's seeded draws and rate-limit window again.
     * The network conditions and the clock stay. Stubs you added through {@link #server()} are
     * removed too.
     *
     * @throws IllegalStateException when the stand-in is not running
     */
    public synchronized void reset() {
        WireMockServer running = running();
        service.reset();
        running.resetAll();
        forgetRequests();
        installStubs();
    }

    /** Forgets what requests were received and what was queued or overridden for the next ones. */
    private void forgetRequests() {
        overrides.clear();
        queuedFaults.clear();
        revokedKeys.clear();
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
     *
     * @param change sets the conditions on a builder holding the ones in effect, not null
     * @return this stand-in
     * @throws IllegalArgumentException when the conditions limit faults to an operationId the
     *     document does not declare
     */
    public DbOpsStandIn network(Consumer<NetworkConditions.Builder> change) {
        Objects.requireNonNull(change, "change");
        synchronized (this) {
            NetworkConditions.Builder builder = network.conditions().toBuilder();
            change.accept(builder);
            return network(builder.build());
        }
    }

    /**
     * Replaces the network conditions ({@link NetworkConditions#NONE} removes them all); returns this.
     *
     * @param conditions the new conditions, not null
     * @return this stand-in
     * @throws IllegalArgumentException when {@code conditions} limit faults to an operationId the
     *     document does not declare
     */
    public synchronized DbOpsStandIn network(NetworkConditions conditions) {
        Objects.requireNonNull(conditions, "conditions");
        conditions.faultOperations().forEach(operations::requireKnown);
        network = new Network(conditions, clock);
        return this;
    }

    /**
     * The network conditions in effect.
     *
     * @return the conditions, {@link NetworkConditions#NONE} unless set
     */
    public NetworkConditions network() {
        return network.conditions();
    }

    /**
     * At most {@code maxRequests} requests per {@code window}, keeping the other conditions; see
     * {@link NetworkConditions.Builder#rateLimit(int, Duration)}. Returns this.
     *
     * @param maxRequests the most requests let through per window, 1 or more
     * @param window the window's length by the stand-in's clock, longer than zero
     * @return this stand-in
     * @throws IllegalArgumentException when {@code maxRequests} is below 1 or {@code window} is not
     *     longer than zero
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
     * @param fault the fault to inject, not null
     * @return this stand-in
     * @throws IllegalArgumentException when the document declares no such operation
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
     * here already, and so is a request the document does not declare (recorded as
     * {@code undocumented}).
     *
     * @return an unmodifiable snapshot, oldest first; later requests do not change it
     */
    public List<ReceivedRequest> received() {
        return List.copyOf(received);
    }

    /**
     * The requests received for one operation, in arrival order; see {@link #received()}.
     *
     * @param operationId an operationId of the document, or {@link ReceivedRequest#UNDOCUMENTED}
     * @return an unmodifiable snapshot; empty when none arrived (or the operationId is unknown)
     */
    public List<ReceivedRequest> received(String operationId) {
        return received.stream().filter(r -> r.operationId().equals(operationId)).collect(Collectors.toUnmodifiableList());
    }

    /**
     * How many requests arrived per operationId since the start or the last reset, whatever
     * became of them (429s and faults included); operations with none are absent. The total is
     * {@code received().size()}.
     *
     * @return an unmodifiable snapshot, counts by operationId sorted by operationId
     */
    public Map<String, Long> requestCounts() {
        return Collections.unmodifiableMap(received.stream()
                .collect(Collectors.groupingBy(ReceivedRequest::operationId, TreeMap::new, Collectors.counting())));
    }

    /**
     * WireMock's journal of every request since the start or the last reset, oldest first. A
     * request is journaled when its response is sent, so one still waiting is not yet here; see
     * {@link #received()}.
     *
     * @return WireMock's logged requests, oldest first
     * @throws IllegalStateException when the stand-in is not running
     */
    public List<LoggedRequest> requests() {
        return running().findAll(WireMock.anyRequestedFor(WireMock.anyUrl()));
    }

    /**
     * The underlying WireMock server, for journal queries and hand-made stubs in tests. Network
     * conditions apply to every stub's answers, yours included.
     *
     * @return the running server; a new one after each start
     * @throws IllegalStateException when the stand-in is not running
     */
    public WireMockServer server() {
        return running();
    }

    /**
     * Makes an operation answer its documented response with this status (for example
     * {@code respondWith("getDbSchema", 404)}), until the next {@link #reset()}. In stateful mode
     * the service then never sees that operation's requests (nothing is stored or changed): for
     * conditions the stand-in does not model, such as a missing permission.
     *
     * @param operationId an operationId of the document, such as {@code "getDbSchema"}
     * @param status a status the document declares for that operation; the answer carries that
     *     response's first example (or its {@code seed} one), if it has any
     * @throws IllegalArgumentException when the document declares no such operation, or no such
     *     response for it
     * @throws IllegalStateException when the stand-in is not running
     */
    public synchronized void respondWith(String operationId, int status) {
        OpenApiDocument.Operation op = document.operation(operationId);
        OpenApiDocument.Response response = op.responses().get(status);
        if (response == null) {
            throw new IllegalArgumentException(operationId + " documents no " + status + " response; it documents "
                    + op.responses().keySet());
        }
        running(); // refuses when not started, as every other setting of a running stand-in does
        overrides.put(operationId, exampleAnswer(response).build());
    }

    /**
     * Makes requests with this API key answer 401, as the service answers a revoked or invalid
     * key (other keys still work), until the next {@link #reset()}. Returns this.
     *
     * @param apiKey the key to refuse, as sent in {@code x-api-key}; {@link #API_KEY} for the
     *     stand-in's own clients
     * @return this stand-in
     */
    public DbOpsStandIn revokeApiKey(String apiKey) {
        Objects.requireNonNull(apiKey, "apiKey");
        revokedKeys.add(apiKey);
        return this;
    }

    // ---- migration state (stateful mode) ----

    /**
     * Appends changesets to the changelog of schema {@code schema}, in order: the migration state
     * lists them in this order, each {@code Not_Deployed} on every instance until {@link #deploy}
     * says otherwise. The schema must exist (in any account or project; its identifier must be
     * unique on the stand-in). Returns this.
     *
     * @param schema the schema's identifier, not null
     * @param changeSets the changesets to append, in changelog order
     * @return this stand-in
     * @throws IllegalArgumentException for an unknown schema or a changeset registered already
     * @throws IllegalStateException when the stand-in is not running or not {@link Mode#STATEFUL}
     */
    public DbOpsStandIn changeSets(String schema, ChangeSet... changeSets) {
        Objects.requireNonNull(schema, "schema");
        statefulService("changeSets").registerChangeSets(schema, List.of(changeSets));
        return this;
    }

    /**
     * Records that changeset {@code changeSet} of schema {@code schema} now has {@code status} on
     * instance {@code instance}, at the stand-in's clock's time; see {@link #deploy(Deployment)}.
     * Returns this.
     *
     * @param schema the schema's identifier
     * @param instance the identifier of one of the schema's instances
     * @param changeSet the id of a changeset registered with {@link #changeSets}
     * @param status the changeset's new status on the instance; {@code NOT_DEPLOYED} forgets what
     *     the instance recorded for it
     * @return this stand-in
     * @throws IllegalArgumentException for an unknown schema, instance or changeset, or for
     *     {@link MigrationStatus#UNKNOWN_DEFAULT_OPEN_API}
     * @throws IllegalStateException when the stand-in is not running or not {@link Mode#STATEFUL}
     */
    public DbOpsStandIn deploy(String schema, String instance, String changeSet, MigrationStatus status) {
        return deploy(Deployment.of(schema, instance, changeSet, status));
    }

    /**
     * As {@link #deploy(String, String, String, MigrationStatus)}, with the service's error text
     * (for {@code DEPLOYMENT_FAILED}, what the migration tool reported).
     *
     * @param schema the schema's identifier
     * @param instance the identifier of one of the schema's instances
     * @param changeSet the id of a changeset registered with {@link #changeSets}
     * @param status the changeset's new status on the instance; {@code NOT_DEPLOYED} forgets what
     *     the instance recorded for it
     * @param error the error text the migration state shows, or null for none
     * @return this stand-in
     * @throws IllegalArgumentException for an unknown schema, instance or changeset, or for
     *     {@link MigrationStatus#UNKNOWN_DEFAULT_OPEN_API}
     * @throws IllegalStateException when the stand-in is not running or not {@link Mode#STATEFUL}
     */
    public DbOpsStandIn deploy(String schema, String instance, String changeSet, MigrationStatus status, String error) {
        return deploy(Deployment.of(schema, instance, changeSet, status).error(error));
    }

    /**
     * Records a deployment with everything the migration state shows of it (tag, pipeline,
     * execution ids, time, error). The schema, its instance and the changeset must exist. A
     * deployment that is not a rollback becomes the instance's last one in the overview and ends
     * its {@code toOnboard}; a successful one with a tag becomes its {@code lastAppliedTag}.
     * Safe to call from any thread, while clients are polling. Returns this.
     *
     * @param deployment what happened, made with {@link Deployment#of} or {@link Deployment#withStatus}
     * @return this stand-in
     * @throws IllegalArgumentException for an unknown schema, instance or changeset
     * @throws IllegalStateException when the stand-in is not running or not {@link Mode#STATEFUL}
     */
    public DbOpsStandIn deploy(Deployment deployment) {
        Objects.requireNonNull(deployment, "deployment");
        statefulService("deploy").deploy(deployment);
        return this;
    }

    /**
     * Records that changeset {@code changeSet} was rolled back on the instance ({@code Rolled_Back}). Returns this.
     *
     * @param schema the schema's identifier
     * @param instance the identifier of one of the schema's instances
     * @param changeSet the id of a changeset registered with {@link #changeSets}
     * @return this stand-in
     * @throws IllegalArgumentException for an unknown schema, instance or changeset
     * @throws IllegalStateException when the stand-in is not running or not {@link Mode#STATEFUL}
     */
    public DbOpsStandIn rollback(String schema, String instance, String changeSet) {
        return deploy(Deployment.of(schema, instance, changeSet, MigrationStatus.ROLLED_BACK));
    }

    private StatefulService statefulService(String what) {
        if (mode != Mode.STATEFUL) {
            throw new IllegalStateException(what + " drives the stateful service: use DbOpsStandIn.stateful()");
        }
        StatefulService running = service;
        if (running == null) {
            throw new IllegalStateException("The stand-in is not running: call start()");
        }
        return running;
    }

    private void installStubs() {
        if (mode == Mode.STATEFUL) {
            server.stubFor(WireMock.any(WireMock.urlPathMatching("/.*"))
                    .willReturn(ResponseDefinitionBuilder.responseDefinition().withTransformers(TRANSFORMER)));
            return;
        }
        for (OpenApiDocument.Operation op : document.operations()) {
            String pathRegex = op.path().replaceAll("\\{[^}]+}", "[^/]+");
            // GET .../dbschema/overview also matches GET .../dbschema/{dbschema}: a path with fewer
            // parameters is the more specific one, so it gets the higher priority (the lower number).
            int parameters = op.path().split("\\{", -1).length - 1;
            server.stubFor(WireMock.request(op.method(), WireMock.urlPathMatching(pathRegex)).atPriority(parameters)
                    .willReturn(exampleAnswer(op.success())));
        }
    }

    /** A documented response: its status, and its (first, or "seed") example with the paging headers it implies. */
    private static ResponseDefinitionBuilder exampleAnswer(OpenApiDocument.Response response) {
        ResponseDefinitionBuilder answer = WireMock.aResponse().withStatus(response.status());
        if (!response.examples().isEmpty()) {
            OpenApiDocument.NamedExample example = response.examples().getOrDefault("seed",
                    response.examples().values().iterator().next());
            JsonNode body = example.value();
            answer.withHeader("Content-Type", "application/json").withBody(body.toString());
            if (response.headers().contains("X-Total-Elements")) {
                int items = OpenApiDocument.pageItems(body).size();
                answer.withHeader("X-Total-Elements", String.valueOf(items))
                        .withHeader("X-Page-Number", "0")
                        .withHeader("X-Page-Size", String.valueOf(Math.max(10, items)));
            }
        }
        return answer;
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
            ResponseDefinition override = overrides.get(operationId);
            ResponseDefinition answer = revoked(request) ? error(401, "Token is not valid: the API key was revoked")
                    : override != null ? override
                    : stubbed.hasTransformer(this) ? serve(request, method, path) : stubbed;
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

        private boolean revoked(LoggedRequest request) {
            HttpHeader key = request.getHeaders().getHeader("x-api-key");
            return key.isPresent() && revokedKeys.contains(key.firstValue());
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

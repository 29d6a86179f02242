package dev.dbops.sdk.testkit;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * An embedded stand-in for Harness Database DevOps on a loopback port, built on WireMock. In
 * {@link Mode#STATEFUL} it keeps schemas and instances in memory and behaves like the service; in
 * {@link Mode#EXAMPLES} it answers every operation with the OpenAPI document's named examples.
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

    private static final String TRANSFORMER = "dbops-stateful";

    private final Mode mode;
    private final OpenApiDocument document = OpenApiDocument.load();
    private final StatefulService service = new StatefulService(document, Clock.systemUTC());
    private final Map<String, StubMapping> exampleStubs = new HashMap<>();
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

    /** Starts on a free loopback port; returns this. */
    public synchronized DbOpsStandIn start() {
        if (server != null) {
            return this;
        }
        server = new WireMockServer(wireMockConfig()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .notifier(new Slf4jNotifier(false))
                .extensions(new StatefulTransformer()));
        server.start();
        installStubs();
        return this;
    }

    /** Stops the server. */
    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
            client = null;
        }
    }

    @Override
    public void close() {
        stop();
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

    /** Forgets all schemas and instances, the request journal, and any {@link #respondWith} override. */
    public synchronized void reset() {
        service.reset();
        WireMockServer running = running();
        running.resetAll();
        exampleStubs.clear();
        installStubs();
    }

    /** Every request received since the start or the last reset, oldest first. */
    public List<LoggedRequest> requests() {
        return running().findAll(WireMock.anyRequestedFor(WireMock.anyUrl()));
    }

    /** The underlying WireMock server, for journal queries and fault injection in tests. */
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

    private WireMockServer running() {
        if (server == null) {
            throw new IllegalStateException("The stand-in is not running: call start()");
        }
        return server;
    }

    /** Hands each request to the stateful service and turns its reply into WireMock's. */
    private final class StatefulTransformer implements ResponseDefinitionTransformerV2 {

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            LoggedRequest request = event.getRequest();
            String url = request.getUrl();
            int q = url.indexOf('?');
            String path = q < 0 ? url : url.substring(0, q);
            Map<String, String> query = new LinkedHashMap<>();
            for (Map.Entry<String, QueryParameter> p : request.getQueryParams().entrySet()) {
                query.put(p.getKey(), p.getValue().firstValue());
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (HttpHeader header : request.getHeaders().all()) {
                headers.put(header.key(), header.firstValue());
            }
            String method = request.getMethod() == null ? RequestMethod.ANY.getName() : request.getMethod().getName();
            StatefulService.Reply reply = service.handle(method, path, query, headers, request.getBodyAsString());
            ResponseDefinitionBuilder answer = ResponseDefinitionBuilder.responseDefinition().withStatus(reply.status());
            reply.headers().forEach(answer::withHeader);
            if (!reply.body().isEmpty()) {
                answer.withHeader("Content-Type", "application/json").withBody(reply.body());
            }
            return answer.build();
        }

        @Override
        public String getName() {
            return TRANSFORMER;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }
    }
}

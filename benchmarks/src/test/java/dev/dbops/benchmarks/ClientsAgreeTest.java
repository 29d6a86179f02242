package dev.dbops.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.testkit.OpenApiDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three benchmarked clients do the same work: each scenario once per client, checked against
 * the document's examples, and the requests they send compared on the server's side. A benchmark
 * whose client silently did less (or failed) would otherwise still produce a number.
 */
class ClientsAgreeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static LoopbackServer server;
    private static Seed seed;
    private static SdkClient sdk;
    private static RawClient raw;
    private static PeerClient peer;

    @BeforeAll
    static void start() {
        seed = Seed.fromSpec();
        server = LoopbackServer.start(CannedResponses.fromSpec());
        sdk = new SdkClient(server.baseUrl(), seed);
        raw = new RawClient(server.baseUrl(), seed);
        peer = new PeerClient(server.baseUrl(), seed);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyClientCreatesTheSchemaFromTheSeedBody() throws Exception {
        JsonNode seedBody = OpenApiDocument.load().example("SeedCreateSchemaRequest");
        JsonNode created = OpenApiDocument.load().example("SeedCreateSchemaResponse");
        for (Map.Entry<String, Call> client : Map.<String, Call>of(
                "sdk", sdk::createSchema, "raw", raw::createSchema, "peer", peer::createSchema).entrySet()) {
            server.recordRequests(true);
            Object schema = client.getValue().call();
            List<LoopbackServer.Request> sent = server.recorded();
            server.recordRequests(false);

            assertThat(sent).as(client.getKey()).hasSize(1);
            LoopbackServer.Request request = sent.get(0);
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.target()).isEqualTo("/v1/orgs/default/projects/default_project/dbschema");
            assertThat(JSON.readTree(request.body())).as(client.getKey() + " body").isEqualTo(seedBody);
            assertThat(request.headerLines()).as(client.getKey() + " headers")
                    .contains("x-api-key: " + seed.apiKey())
                    .anyMatch(h -> h.equalsIgnoreCase("Harness-Account: " + seed.accountId()));
            assertThat(asTree(schema)).as(client.getKey() + " parsed").isEqualTo(created);
        }
    }

    @Test
    void everyClientReadsTheSchema() throws Exception {
        JsonNode expected = OpenApiDocument.load().example("SeedCreateSchemaResponse");
        server.recordRequests(true);
        assertThat(asTree(sdk.getSchema())).isEqualTo(expected);
        assertThat(asTree(raw.getSchema())).isEqualTo(expected);
        assertThat(asTree(peer.getSchema())).isEqualTo(expected);
        List<LoopbackServer.Request> sent = server.recorded();
        server.recordRequests(false);
        assertThat(sent).extracting(LoopbackServer.Request::target)
                .containsOnly("/v1/orgs/default/projects/default_project/dbschema/my_db_schema");
        // raw sends what the SDK sends, so that it is the floor of the same work.
        assertThat(sent.get(1).headerLines()).containsAll(sent.get(0).headerLines().stream()
                .filter(h -> !h.toLowerCase().startsWith("host:")).toList());
    }

    @Test
    void everyClientListsTheTenThousandInstancesInOrder() throws Exception {
        JsonNode item = OpenApiDocument.load().example("InstanceListPage").get(0);
        for (Map.Entry<String, Lister> client : Map.<String, Lister>of(
                "sdk", sdk::listInstances, "raw", raw::listInstances, "peer", peer::listInstances).entrySet()) {
            List<Object> seen = new ArrayList<>();
            int requestsBefore = server.requestsServed();
            int n = client.getValue().list(seen::add);

            assertThat(n).as(client.getKey()).isEqualTo(CannedResponses.TOTAL_INSTANCES);
            assertThat(seen).hasSize(CannedResponses.TOTAL_INSTANCES);
            assertThat(server.requestsServed() - requestsBefore).as(client.getKey() + " pages fetched")
                    .isEqualTo(CannedResponses.PAGES);
            for (int i : new int[] {0, 99, 100, 5_555, 9_999}) {
                JsonNode expected = item.deepCopy();
                ((com.fasterxml.jackson.databind.node.ObjectNode) expected)
                        .put("identifier", CannedResponses.instanceIdentifier(i));
                assertThat(asTree(seen.get(i))).as(client.getKey() + " item " + i).isEqualTo(expected);
            }
        }
    }

    @Test
    void sixteenThreadsShareEachClient() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            for (Call call : List.<Call>of(sdk::getSchema, raw::getSchema, peer::getSchema)) {
                List<Future<Object>> results = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    results.add(threads.submit(call::call));
                }
                for (Future<Object> result : results) {
                    assertThat(asTree(result.get()).path("identifier").asText()).isEqualTo(seed.identifier());
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theServerAnswersUnknownPathsWithTheDocumentedNotFound() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.baseUrl() + "/v1/nothing")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body())).isEqualTo(OpenApiDocument.load().example("ErrorNotFound"));
    }

    /** The client's model as JSON, read back through each client's own serializer. */
    private static JsonNode asTree(Object model) throws Exception {
        if (model instanceof dev.dbops.benchmarks.peer.model.DbSchema s) {
            return JSON.readTree(s.toJson());
        }
        if (model instanceof dev.dbops.benchmarks.peer.model.DbInstance i) {
            return JSON.readTree(i.toJson());
        }
        if (model instanceof DbInstance || model instanceof dev.dbops.sdk.model.DbSchema) {
            // Written and read back, so that numbers get the node types the document's do.
            return JSON.readTree(JSON.copy()
                    .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                    .writeValueAsString(model));
        }
        throw new IllegalArgumentException(String.valueOf(model));
    }

    @FunctionalInterface
    interface Call {
        Object call() throws Exception;
    }

    @FunctionalInterface
    interface Lister {
        int list(java.util.function.Consumer<Object> sink) throws Exception;
    }
}

package dev.dbops.benchmarks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.model.ChangelogCreate;
import dev.dbops.sdk.model.ChangelogScriptCreate;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbInstanceFilter;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.model.DbSchemaCreate;
import dev.dbops.sdk.model.DbSchemaType;
import dev.dbops.sdk.model.MigrationType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code raw}: the floor of this stack. One {@link HttpClient} and one Jackson {@link ObjectMapper},
 * shared, configured as the SDK configures its own (HTTP/1.1 on plain http, no redirects, the
 * same executor); the same requests (URLs built per call, the same headers and User-Agent, the
 * same timeouts); bodies written and read as bytes into the SDK's generated models. No
 * validation, retries, error mapping or paging helper: what is left is the transport and Jackson.
 */
public final class RawClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final Seed seed;
    private final HttpClient http;
    private final ObjectMapper mapper;
    private final JavaType instanceList;
    private final String baseUrl;
    /** The SDK's User-Agent, so that both send the same bytes. */
    private final String userAgent = "dbops-java/" + HarnessDbOps.VERSION + " (Java " + Runtime.version() + ")";

    public RawClient(String baseUrl, Seed seed) {
        this.seed = seed;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                // As the SDK configures its client: no hand-off of each response step to a pool
                // thread (TransportBenchmarks measures what the default executor costs).
                .executor(Runnable::run)
                .build();
        this.mapper = JsonMapper.builder()
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .addModule(new JavaTimeModule())
                .build();
        this.instanceList = mapper.getTypeFactory().constructCollectionType(List.class, DbInstance.class);
        this.baseUrl = baseUrl;
    }

    public DbSchema createSchema() {
        DbSchemaCreate body = new DbSchemaCreate()
                .identifier(seed.identifier())
                .name(seed.name())
                .changeLogScript(new ChangelogScriptCreate()
                        .command(seed.scriptCommand())
                        .image(seed.scriptImage())
                        .location(seed.scriptLocation())
                        .shell(seed.scriptShell()))
                .changelog(new ChangelogCreate()
                        .connector(seed.changelogConnector())
                        .location(seed.changelogLocation())
                        .repo(seed.changelogRepo()))
                .migrationType(MigrationType.fromValue(seed.migrationType()))
                .type(DbSchemaType.fromValue(seed.type()));
        HttpRequest request = request(baseUrl + "/v1/orgs/" + seed.org() + "/projects/" + seed.project() + "/dbschema")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(write(body)))
                .build();
        return read(send(request, 201), DbSchema.class);
    }

    public DbSchema getSchema() {
        String uri = baseUrl + "/v1/orgs/" + seed.org() + "/projects/" + seed.project() + "/dbschema/" + seed.identifier();
        return read(send(request(uri).GET().build(), 200), DbSchema.class);
    }

    /** Every instance, page after page, as long as the headers say there are more. */
    public int listInstances(Consumer<Object> sink) {
        byte[] filter = write(new DbInstanceFilter());
        int n = 0;
        for (int page = 0; ; page++) {
            HttpRequest request = request(baseUrl + "/v1/orgs/" + seed.org() + "/projects/" + seed.project()
                    + "/dbschema/" + seed.identifier() + "/instancelist?page=" + page + "&limit=100")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(filter))
                    .build();
            HttpResponse<byte[]> response = send(request, 200);
            List<DbInstance> items = read(response, instanceList);
            for (DbInstance item : items) {
                sink.accept(item);
            }
            n += items.size();
            long total = response.headers().firstValueAsLong("X-Total-Elements").orElse(Long.MAX_VALUE);
            if (items.size() < 100 || (long) (page + 1) * 100 >= total) {
                return n;
            }
        }
    }

    private HttpRequest.Builder request(String uri) {
        return HttpRequest.newBuilder(URI.create(uri))
                .timeout(REQUEST_TIMEOUT)
                .header("x-api-key", seed.apiKey())
                .header("Harness-Account", seed.accountId())
                .header("User-Agent", userAgent)
                .header("Accept", "application/json");
    }

    private HttpResponse<byte[]> send(HttpRequest request, int expected) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " -> " + response.statusCode());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private byte[] write(Object body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(HttpResponse<byte[]> response, Class<T> type) {
        try {
            return mapper.readValue(response.body(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(HttpResponse<byte[]> response, JavaType type) {
        try {
            return mapper.readValue(response.body(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

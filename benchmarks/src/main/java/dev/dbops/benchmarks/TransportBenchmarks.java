package dev.dbops.benchmarks;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The transports alone: one GET of the schema's canned bytes, no JSON, no SDK. It separates what
 * the JDK's HttpClient costs (the SDK's and {@code raw}'s transport) from what OkHttp costs (the
 * peer's), and shows what the HttpClient's executor hand-offs cost: {@code jdkDirectExecutor}
 * runs the client's dependent tasks on the selector thread instead of handing them to its pool.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 15, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class TransportBenchmarks {

    private LoopbackServer server;
    private URI uri;
    private HttpClient jdk;
    private HttpClient jdkDirect;
    private OkHttpClient okhttp;
    private Request okRequest;

    @Setup(Level.Trial)
    public void setUp() {
        Seed seed = Seed.fromSpec();
        server = LoopbackServer.start(CannedResponses.fromSpec());
        uri = URI.create(server.baseUrl() + "/v1/orgs/" + seed.org() + "/projects/" + seed.project()
                + "/dbschema/" + seed.identifier());
        jdk = jdkClient().build();
        jdkDirect = jdkClient().executor(Runnable::run).build();
        okhttp = new OkHttpClient();
        okRequest = new Request.Builder().url(uri.toString()).header("Accept", "application/json").build();
    }

    private static HttpClient.Builder jdkClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        okhttp.dispatcher().executorService().shutdown();
        okhttp.connectionPool().evictAll();
        server.close();
    }

    @Benchmark
    public byte[] roundTrip_jdk() throws IOException, InterruptedException {
        return send(jdk);
    }

    @Benchmark
    public byte[] roundTrip_jdkDirectExecutor() throws IOException, InterruptedException {
        return send(jdkDirect);
    }

    @Benchmark
    public byte[] roundTrip_okhttp() throws IOException {
        try (Response response = okhttp.newCall(okRequest).execute()) {
            return response.body().bytes();
        }
    }

    @Benchmark
    @Threads(16)
    public byte[] concurrentRoundTrip_jdk() throws IOException, InterruptedException {
        return send(jdk);
    }

    @Benchmark
    @Threads(16)
    public byte[] concurrentRoundTrip_jdkDirectExecutor() throws IOException, InterruptedException {
        return send(jdkDirect);
    }

    @Benchmark
    @Threads(16)
    public byte[] concurrentRoundTrip_okhttp() throws IOException {
        return roundTrip_okhttp();
    }

    private byte[] send(HttpClient client) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "application/json").GET().build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray()).body();
    }
}

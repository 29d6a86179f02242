package dev.dbops.benchmarks;

import dev.dbops.benchmarks.peer.invoker.ApiException;
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
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * The three clients doing the same four things against one loopback server that answers with
 * canned bytes. Methods are named {@code <scenario>_<client>}; {@link RatioTable} reads them so.
 *
 * <ul>
 *   <li>{@code createSchema}: POST the documented seed body, parse the created schema;</li>
 *   <li>{@code getSchema}: GET one schema;</li>
 *   <li>{@code listInstances10k}: iterate 10,000 instances in pages of 100 to the end;</li>
 *   <li>{@code concurrentGet}: {@code getSchema} from 16 threads sharing one client.</li>
 * </ul>
 *
 * Every client is built once per fork (its connections are then kept alive across calls), so the
 * numbers are the steady state of a long-lived client.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Long warm-up: on this 2-core machine, shared with other builds, C2 needs 10 to 15 s to reach
// steady state (cpu.time.norm per iteration kept falling until then with 5 s of warm-up).
@Warmup(iterations = 15, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ClientBenchmarks {

    /** One server per fork, shared by whichever client the benchmark measures. */
    @State(Scope.Benchmark)
    public static class Server {
        LoopbackServer server;
        Seed seed;

        @Setup(Level.Trial)
        public void start() {
            seed = Seed.fromSpec();
            server = LoopbackServer.start(CannedResponses.fromSpec());
        }

        @TearDown(Level.Trial)
        public void stop() {
            server.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Sdk {
        SdkClient client;

        @Setup(Level.Trial)
        public void setUp(Server server) {
            client = new SdkClient(server.server.baseUrl(), server.seed);
        }
    }

    @State(Scope.Benchmark)
    public static class Raw {
        RawClient client;

        @Setup(Level.Trial)
        public void setUp(Server server) {
            client = new RawClient(server.server.baseUrl(), server.seed);
        }
    }

    @State(Scope.Benchmark)
    public static class Peer {
        PeerClient client;

        @Setup(Level.Trial)
        public void setUp(Server server) {
            client = new PeerClient(server.server.baseUrl(), server.seed);
        }
    }

    // ---- createSchema ----

    @Benchmark
    public Object createSchema_sdk(Sdk s) {
        return s.client.createSchema();
    }

    @Benchmark
    public Object createSchema_raw(Raw s) {
        return s.client.createSchema();
    }

    @Benchmark
    public Object createSchema_peer(Peer s) throws ApiException {
        return s.client.createSchema();
    }

    // ---- getSchema ----

    @Benchmark
    public Object getSchema_sdk(Sdk s) {
        return s.client.getSchema();
    }

    @Benchmark
    public Object getSchema_raw(Raw s) {
        return s.client.getSchema();
    }

    @Benchmark
    public Object getSchema_peer(Peer s) throws ApiException {
        return s.client.getSchema();
    }

    // ---- listInstances10k: 100 pages of 100 ----

    @Benchmark
    public int listInstances10k_sdk(Sdk s, Blackhole bh) {
        return s.client.listInstances(bh::consume);
    }

    @Benchmark
    public int listInstances10k_raw(Raw s, Blackhole bh) {
        return s.client.listInstances(bh::consume);
    }

    @Benchmark
    public int listInstances10k_peer(Peer s, Blackhole bh) throws ApiException {
        return s.client.listInstances(bh::consume);
    }

    // ---- concurrentGet: 16 threads, one client ----

    @Benchmark
    @Threads(16)
    public Object concurrentGet_sdk(Sdk s) {
        return s.client.getSchema();
    }

    @Benchmark
    @Threads(16)
    public Object concurrentGet_raw(Raw s) {
        return s.client.getSchema();
    }

    @Benchmark
    @Threads(16)
    public Object concurrentGet_peer(Peer s) throws ApiException {
        return s.client.getSchema();
    }
}

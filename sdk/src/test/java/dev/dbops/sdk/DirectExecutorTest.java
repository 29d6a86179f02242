package dev.dbops.sdk;

import dev.dbops.sdk.model.DbSchema;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client's own HttpClient completes responses on its selector thread instead of handing them
 * to a pool: no worker threads appear, and what the pool used to carry still works (timeouts,
 * refused connections, many threads sharing one client).
 */
class DirectExecutorTest {

    private static long workerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("HttpClient-") && t.getName().contains("-Worker-"))
                .count();
    }

    @Test
    void sixteenThreadsShareOneClientWithoutAWorkerPool() throws Exception {
        try (CannedServer server = new CannedServer()) {
            server.answer(200, ResponseDecodingTest.schemaJson(), Map.of());
            HarnessDbOps dbops = server.client();
            long workersBefore = workerThreads();
            ExecutorService threads = Executors.newFixedThreadPool(16);
            try {
                List<Future<DbSchema>> results = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    results.add(threads.submit(() -> dbops.project("o", "p").schema("my_db_schema").get().execute()));
                }
                for (Future<DbSchema> result : results) {
                    assertThat(result.get().getName()).isEqualTo(ResponseDecodingTest.NAME);
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(workerThreads()).isEqualTo(workersBefore);
        }
    }

    @Test
    void theRequestTimeoutStillFires() throws Exception {
        try (CannedServer server = new CannedServer().hang()) {
            HarnessDbOps dbops = HarnessDbOps.builder().apiKey("k").endpoint(server.url()).maxRetries(0)
                    .requestTimeout(Duration.ofMillis(300)).build();
            long started = System.nanoTime();
            assertThatThrownBy(() -> dbops.project("o", "p").schema("my_db_schema").get().execute())
                    .isInstanceOf(DbOpsTimeoutException.class)
                    .hasMessageContaining("timed out waiting for the response");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aRefusedConnectionIsStillAConnectionFailure() throws Exception {
        String url;
        try (CannedServer server = new CannedServer()) {
            url = server.url();
        }
        HarnessDbOps dbops = HarnessDbOps.builder().apiKey("k").endpoint(url).maxRetries(0).build();
        assertThatThrownBy(() -> dbops.project("o", "p").schema("my_db_schema").get().execute())
                .isInstanceOf(DbOpsConnectionException.class);
    }
}

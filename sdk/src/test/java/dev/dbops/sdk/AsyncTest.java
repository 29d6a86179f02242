package dev.dbops.sdk;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dbops.sdk.model.DbSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static dev.dbops.sdk.Fixtures.SCHEMA;
import static dev.dbops.sdk.Fixtures.firstThen;
import static dev.dbops.sdk.Fixtures.journal;
import static dev.dbops.sdk.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * executeAsync() has the synchronous call's retries, errors and bounds, and completes on the
 * client's executor: never on the common ForkJoin pool, where the JDK's own sendAsync completes.
 */
class AsyncTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wireMock();

    @Test
    void aCallCompletesOnTheSdksThreadsWithItsRetries() throws Exception {
        firstThen(wm, Op.GET_SCHEMA.stub().willReturn(status(503)), Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success()));
        HarnessDbOps client = Fixtures.client(wm);
        AtomicReference<Thread> completedOn = new AtomicReference<>();

        DbSchema schema = project(client).schema(SCHEMA).get().executeAsync()
                .whenComplete((s, e) -> completedOn.set(Thread.currentThread())).get(10, TimeUnit.SECONDS);

        assertThat(schema.getIdentifier()).isEqualTo(SCHEMA);
        assertThat(journal(wm)).hasSize(2);
        assertThat(completedOn.get().getName()).startsWith("dbops-sdk-async-");
        assertThat(completedOn.get().isDaemon()).isTrue();
    }

    @Test
    void aFailureCompletesTheFutureWithTheSdksException() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(status(404)));

        ExecutionException e = catchThrowableOfType(ExecutionException.class,
                () -> project(Fixtures.client(wm)).schema(SCHEMA).get().executeAsync().get(10, TimeUnit.SECONDS));

        assertThat(e.getCause()).isInstanceOf(NotFoundException.class);
    }

    @Test
    void badInputFailsTheFutureAtOnceAndSendsNothing() {
        CompletableFuture<DbSchema> future = project(Fixtures.client(wm)).schema("not-valid").get().executeAsync();

        assertThat(future).isCompletedExceptionally();
        assertThat(catchThrowableOfType(ExecutionException.class, future::get).getCause())
                .isInstanceOf(DbOpsValidationException.class);
        assertThat(journal(wm)).isEmpty();
    }

    @Test
    void aRefusedPageFailsItsFutureToo() {
        CompletableFuture<Page<DbSchema>> future = project(Fixtures.client(wm)).schemas().list().pageAsync(-1);

        assertThat(future).isCompletedExceptionally();
        assertThat(catchThrowableOfType(ExecutionException.class, future::get).getCause())
                .isInstanceOf(DbOpsValidationException.class);
    }

    @Test
    void aUsersExecutorRunsTheCalls() throws Exception {
        wm.stubFor(Op.LIST_SCHEMAS.stub().willReturn(Op.LIST_SCHEMAS.success()));
        ExecutorService mine = Executors.newSingleThreadExecutor(task -> new Thread(task, "users-executor"));
        try {
            HarnessDbOps client = Fixtures.builder(wm).asyncExecutor(mine).build();
            AtomicReference<String> thread = new AtomicReference<>();

            Page<DbSchema> page = project(client).schemas().list().pageAsync(0)
                    .whenComplete((p, e) -> thread.set(Thread.currentThread().getName())).get(10, TimeUnit.SECONDS);

            assertThat(page.items()).isNotEmpty();
            assertThat(thread.get()).isEqualTo("users-executor");
            client.close();
            assertThat(mine.isShutdown()).as("the user's executor is theirs to shut down").isFalse();
        } finally {
            mine.shutdownNow();
        }
    }

    @Test
    void cancellingTheFutureInterruptsACallWaitingToRetry() throws Exception {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(status(503)));
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Sleeper blocking = d -> {
            waiting.countDown();
            try {
                new CountDownLatch(1).await();
            } finally {
                interrupted.countDown();
            }
        };
        HarnessDbOps client = Fixtures.builder(wm).sleeper(blocking).build();

        CompletableFuture<DbSchema> future = project(client).schema(SCHEMA).get().executeAsync();
        assertThat(waiting.await(10, TimeUnit.SECONDS)).as("the call reached its retry wait").isTrue();
        future.cancel(true);

        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the wait was interrupted").isTrue();
        assertThat(future).isCancelled();
        assertThat(journal(wm)).as("no retry after the cancel").hasSize(1);
    }

    @Test
    void manyCallsRunAtOnce() throws Exception {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success().withFixedDelay(100)));
        HarnessDbOps client = Fixtures.client(wm);

        List<CompletableFuture<DbSchema>> calls = java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> project(client).schema(SCHEMA).get().executeAsync()).toList();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

        assertThat(calls).allSatisfy(c -> assertThat(c.join().getIdentifier()).isEqualTo(SCHEMA));
        assertThat(journal(wm)).hasSize(20);
    }
}

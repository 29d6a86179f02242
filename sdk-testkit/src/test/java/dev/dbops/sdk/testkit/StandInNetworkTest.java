package dev.dbops.sdk.testkit;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.dbops.sdk.DbOpsApiException;
import dev.dbops.sdk.DbOpsConnectionException;
import dev.dbops.sdk.DbOpsException;
import dev.dbops.sdk.DbOpsTimeoutException;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.RateLimitedException;
import dev.dbops.sdk.RetryPolicy;
import dev.dbops.sdk.ServerErrorException;
import dev.dbops.sdk.model.DbSchema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Latency, the rate limit and injected faults, as a client of the stand-in notices them: the
 * time a call takes, the status and {@code Retry-After} it gets, the exception it throws, and
 * what the service holds afterwards. Clients here do not retry, so each fault reaches the test.
 */
class StandInNetworkTest {

    static final Instant START = Instant.parse("2025-06-01T00:00:00Z");
    static final MutableClock CLOCK = MutableClock.at(START);

    @RegisterExtension
    static DbOpsStandInExtension extension = DbOpsStandInExtension.stateful().withClock(CLOCK);

    DbOpsStandIn standIn;
    HarnessDbOps noRetries;

    @BeforeEach
    void clientWithoutRetries() {
        CLOCK.set(START);
        standIn = extension.standIn();
        noRetries = standIn.clientBuilder().retryPolicy(RetryPolicy.NONE).requestTimeout(Duration.ofSeconds(2)).build();
    }

    // ---- latency ----

    @Test
    void aFixedLatencyDelaysEveryAnswerAtLeastThatLong() {
        standIn.network(n -> n.latency(Duration.ofMillis(300)));
        long started = System.nanoTime();
        find(noRetries, "anything");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aLatencyRangeDelaysEveryAnswerAtLeastItsLowerBound() {
        standIn.network(n -> n.latency(Duration.ofMillis(200), Duration.ofMillis(400)).seed(7));
        long started = System.nanoTime();
        find(noRetries, "anything");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    // ---- rate limit ----

    @Test
    void beyondTheLimitTheGatewayAnswers429WithTheSecondsLeftInTheWindow() {
        standIn.rateLimit(2, Duration.ofMinutes(1));
        create(noRetries, "a");
        create(noRetries, "b");

        RateLimitedException refused = catchThrowableOfType(RateLimitedException.class, () -> create(noRetries, "c"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.retryAfter()).contains(Duration.ofSeconds(60));
        assertThat(lastRetryAfterHeader()).isEqualTo("60");

        CLOCK.advance(Duration.ofSeconds(45));
        assertThat(catchThrowableOfType(RateLimitedException.class, () -> find(noRetries, "c")).retryAfter())
                .as("the window closes 15 s from now").contains(Duration.ofSeconds(15));

        CLOCK.advance(Duration.ofSeconds(15));
        assertThat(find(noRetries, "c")).as("the refused create never reached the service").isFalse();
        assertThat(standIn.received("createDbSchema")).extracting(ReceivedRequest::rateLimited)
                .containsExactly(false, false, true);
    }

    @Test
    void aFixedRetryAfterIsSentAsConfiguredInWholeSeconds() {
        standIn.network(n -> n.rateLimit(1, Duration.ofSeconds(1)).retryAfter(Duration.ofMillis(6500)));
        find(noRetries, "x");
        RateLimitedException refused = catchThrowableOfType(RateLimitedException.class, () -> find(noRetries, "x"));
        assertThat(refused.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(lastRetryAfterHeader()).isEqualTo("7");
    }

    // ---- faults ----

    @ParameterizedTest
    @EnumSource(Fault.class)
    void eachFaultLosesTheAnswerAndOnlyAnAfterHandlingFaultLeavesTheChange(Fault fault) {
        HarnessDbOps impatient = standIn.clientBuilder().retryPolicy(RetryPolicy.NONE)
                .requestTimeout(Duration.ofMillis(500)).build();
        standIn.network(n -> n.timeoutDelay(Duration.ofSeconds(5)));
        standIn.failNext("createDbSchema", fault);

        DbOpsException failure = catchThrowableOfType(DbOpsException.class, () -> create(impatient, "lost"));
        switch (fault) {
            case RESET_BEFORE_HANDLING, RESET_AFTER_HANDLING -> assertThat(failure)
                    .isInstanceOf(DbOpsConnectionException.class).isNotInstanceOf(DbOpsTimeoutException.class);
            case SERVER_ERROR_BEFORE_HANDLING, SERVER_ERROR_AFTER_HANDLING -> {
                assertThat(failure).isInstanceOf(ServerErrorException.class);
                assertThat(((ServerErrorException) failure).status()).isEqualTo(500);
                assertThat(failure).hasMessageContaining(
                        OpenApiDocument.load().example("ErrorInternal").path("message").asText());
            }
            case TIMEOUT_BEFORE_HANDLING, TIMEOUT_AFTER_HANDLING -> assertThat(failure)
                    .isInstanceOf(DbOpsTimeoutException.class);
        }

        assertThat(find(noRetries, "lost")).as("the schema exists after %s", fault).isEqualTo(fault.reachesService());
        ReceivedRequest create = standIn.received("createDbSchema").get(0);
        assertThat(create.fault()).contains(fault);
        assertThat(create.reachedService()).isEqualTo(fault.reachesService());
    }

    @Test
    void aTimeoutBeforeHandlingEndsInA504ForAClientThatWaitsLongEnough() {
        standIn.network(n -> n.timeoutDelay(Duration.ofMillis(200)));
        standIn.failNext("createDbSchema", Fault.TIMEOUT_BEFORE_HANDLING);

        assertThat(catchThrowableOfType(DbOpsApiException.class, () -> create(noRetries, "late")).status())
                .isEqualTo(504);
        assertThat(find(noRetries, "late")).isFalse();
    }

    @Test
    void failNextQueuesFaultsPerOperationAndEachStrikesOnce() {
        standIn.failNext("createDbSchema", Fault.SERVER_ERROR_BEFORE_HANDLING)
                .failNext("createDbSchema", Fault.SERVER_ERROR_AFTER_HANDLING);

        assertThat(find(noRetries, "s")).as("another operation is untouched").isFalse();
        assertThatThrownBy(() -> create(noRetries, "s")).isInstanceOf(ServerErrorException.class);
        assertThatThrownBy(() -> create(noRetries, "s")).isInstanceOf(ServerErrorException.class);
        assertThat(find(noRetries, "s")).isTrue();
        assertThatThrownBy(() -> create(noRetries, "s")).as("no fault left: the service's own answer")
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> standIn.failNext("createSchema", Fault.RESET_AFTER_HANDLING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("createDbSchema");
    }

    @Test
    void aSeededShareOfRequestsFailsAndTheSameSeedFailsTheSameOnes() {
        standIn.network(n -> n.faults(0.2, Fault.SERVER_ERROR_BEFORE_HANDLING).seed(42));
        List<String> ids = ids(200);

        Set<String> failed = createAllSequentially(ids);
        assertThat(failed).hasSizeBetween(20, 60);
        standIn.network(NetworkConditions.NONE);
        assertThat(listIds(noRetries)).as("exactly the creates that did not fail were made")
                .isEqualTo(without(ids, failed));

        standIn.reset();
        standIn.network(n -> n.faults(0.2, Fault.SERVER_ERROR_BEFORE_HANDLING).seed(42));
        assertThat(createAllSequentially(ids)).as("same seed, same requests: same failures").isEqualTo(failed);

        standIn.reset();
        standIn.network(n -> n.seed(43));
        assertThat(createAllSequentially(ids)).as("another seed").isNotEqualTo(failed);
    }

    @Test
    void fatesDoNotDependOnWhichThreadSendsARequestOrWhen() throws Exception {
        NetworkConditions conditions = NetworkConditions.builder()
                .faults(0.25, Fault.SERVER_ERROR_BEFORE_HANDLING, Fault.SERVER_ERROR_AFTER_HANDLING).seed(5).build();
        List<String> ids = ids(120);
        standIn.network(conditions);
        Set<String> sequential = createAllSequentially(ids);

        standIn.reset();
        assertThat(standIn.network()).as("reset keeps the conditions").isEqualTo(conditions);
        Set<String> concurrent = new ConcurrentSkipListSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (String id : ids) {
                sent.add(pool.submit(() -> {
                    try {
                        create(noRetries, id);
                    } catch (ServerErrorException e) {
                        concurrent.add(id);
                    }
                }));
            }
            for (Future<?> f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(concurrent).isNotEmpty().isEqualTo(sequential);
    }

    @Test
    void faultsCanBeLimitedToSomeOperations() {
        standIn.network(n -> n.faults(1.0, Fault.SERVER_ERROR_BEFORE_HANDLING).faultsOnly("createDbSchema"));

        assertThat(listIds(noRetries)).isEmpty();
        assertThatThrownBy(() -> create(noRetries, "never")).isInstanceOf(ServerErrorException.class);
        assertThatThrownBy(() -> standIn.network(n -> n.faultsOnly("createSchema")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("createSchema");
    }

    // ---- counting ----

    @Test
    void countsEveryRequestPerOperationOnArrivalWhateverBecameOfIt() {
        standIn.failNext("createDbSchema", Fault.RESET_AFTER_HANDLING);
        assertThatThrownBy(() -> create(noRetries, "one")).isInstanceOf(DbOpsConnectionException.class);
        create(noRetries, "two");
        find(noRetries, "one");
        listIds(noRetries);

        assertThat(standIn.requestCounts()).isEqualTo(Map.of("createDbSchema", 2L, "getDbSchema", 1L, "listDbSchemas", 1L));
        assertThat(standIn.received()).extracting(ReceivedRequest::sequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(standIn.received("createDbSchema")).extracting(ReceivedRequest::body)
                .allMatch(body -> body.contains("\"identifier\""))
                .anyMatch(body -> body.contains("\"one\"")).anyMatch(body -> body.contains("\"two\""));

        standIn.reset();
        assertThat(standIn.requestCounts()).isEmpty();
        assertThat(standIn.received()).isEmpty();
    }

    // ---- settings ----

    @Test
    void conditionsRefuseSettingsThatMeanNothing() {
        NetworkConditions.Builder builder = NetworkConditions.builder();
        assertThatThrownBy(() -> builder.faults(1.5, Fault.RESET_AFTER_HANDLING)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.faults(0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.latency(Duration.ofMillis(10), Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.rateLimit(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.rateLimit(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> standIn.clock(CLOCK)).as("the clock is set before start")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void networkChangesKeepWhatTheyDoNotMention() {
        standIn.network(n -> n.latency(Duration.ofMillis(1)).faults(0.5, Fault.afterHandling()).seed(9));
        standIn.rateLimit(100, Duration.ofSeconds(1));

        NetworkConditions now = standIn.network();
        assertThat(now.minLatency()).isEqualTo(Duration.ofMillis(1));
        assertThat(now.faults()).containsExactlyInAnyOrderElementsOf(Fault.afterHandling());
        assertThat(now.seed()).isEqualTo(9);
        assertThat(now.maxRequests()).isEqualTo(100);
        assertThat(standIn.network(NetworkConditions.NONE).network().isNone()).isTrue();
    }

    // ---- helpers: the SDK calls, in one place ----

    private static void create(HarnessDbOps client, String id) {
        client.project("default", "default_project").schemas().create(id).name("Schema " + id)
                .changelog(c -> c.connector("git").location("changelog.yaml")).execute();
    }

    private static boolean find(HarnessDbOps client, String id) {
        return client.project("default", "default_project").schema(id).find().execute().isPresent();
    }

    private static Set<String> listIds(HarnessDbOps client) {
        return client.project("default", "default_project").schemas().list().pageSize(100).stream()
                .map(DbSchema::getIdentifier).collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<String> createAllSequentially(List<String> ids) {
        Set<String> failed = new TreeSet<>();
        for (String id : ids) {
            try {
                create(noRetries, id);
            } catch (ServerErrorException e) {
                failed.add(id);
            }
        }
        return failed;
    }

    private static List<String> ids(int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("schema_%03d", i)).collect(Collectors.toList());
    }

    private static Set<String> without(List<String> all, Set<String> removed) {
        Set<String> rest = new TreeSet<>(all);
        rest.removeAll(removed);
        return rest;
    }

    /** The Retry-After header as it went on the wire, on the newest answer. */
    private String lastRetryAfterHeader() {
        ServeEvent newest = standIn.server().getAllServeEvents().get(0);
        return newest.getResponse().getHeaders().getHeader("Retry-After").firstValue();
    }
}

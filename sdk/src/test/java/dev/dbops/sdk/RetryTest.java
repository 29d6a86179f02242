package dev.dbops.sdk;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static dev.dbops.sdk.Fixtures.closedPort;
import static dev.dbops.sdk.Fixtures.firstThen;
import static dev.dbops.sdk.Fixtures.journal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Which failures are answered by sending the request again, per operation kind: reads and
 * idempotent writes on connection faults and 408/429/500/502/503/504; creates only when the server
 * cannot have acted (connection refused, 429, 503). WireMock's journal shows what was really sent.
 */
class RetryTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wireMock();

    private static final Set<Integer> READ_RETRY = Set.of(408, 429, 500, 502, 503, 504);
    private static final Set<Integer> CREATE_RETRY = Set.of(429, 503);
    private static final List<Integer> STATUSES = List.of(400, 401, 403, 404, 408, 409, 429, 500, 502, 503, 504);

    static Stream<Arguments> operationsAndStatuses() {
        return Stream.of(Op.values()).flatMap(op -> STATUSES.stream().map(status -> Arguments.of(op, status)));
    }

    @ParameterizedTest(name = "{0} answered {1}")
    @MethodSource("operationsAndStatuses")
    void retriesExactlyTheStatusesItsOperationKindAllows(Op op, int status) {
        wm.stubFor(op.stub().willReturn(status(status)));

        DbOpsApiException e = catchThrowableOfType(DbOpsApiException.class, () -> op.run(Fixtures.client(wm)));

        boolean retried = (op.create ? CREATE_RETRY : READ_RETRY).contains(status);
        int expected = retried ? 1 + RetryPolicy.DEFAULT.maxRetries() : 1;
        assertThat(e).as("%s after HTTP %d", op, status).isNotNull();
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.attempts()).isEqualTo(expected);
        assertThat(journal(wm)).hasSize(expected);
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void anOperationSucceedsWhenA503IsFollowedBySuccess(Op op) {
        firstThen(wm, op.stub().willReturn(status(503)), op.stub().willReturn(op.success()));

        DbOpsResponse<?> response = op.run(Fixtures.client(wm));

        assertThat(response.status()).isEqualTo(op.successStatus);
        assertThat(response.attempts()).isEqualTo(2);
        assertThat(journal(wm)).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void aCreateIsNeverReplayedAfterA500ButOtherOperationsAre(Op op) {
        firstThen(wm, op.stub().willReturn(status(500)), op.stub().willReturn(op.success()));

        if (op.create) {
            ServerErrorException e = catchThrowableOfType(ServerErrorException.class, () -> op.run(Fixtures.client(wm)));
            assertThat(e).isNotNull();
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(journal(wm)).hasSize(1);
        } else {
            assertThat(op.run(Fixtures.client(wm)).attempts()).isEqualTo(2);
            assertThat(journal(wm)).hasSize(2);
        }
    }

    static Stream<Arguments> operationsAndFaults() {
        return Stream.of(Op.values()).flatMap(op -> Stream.of(Fault.CONNECTION_RESET_BY_PEER, Fault.EMPTY_RESPONSE)
                .map(fault -> Arguments.of(op, fault)));
    }

    // The JDK's HttpClient itself sends a GET once more when the connection closes before any
    // response byte (it cannot be switched off per client), so a GET's journal may show up to two
    // requests per attempt of the SDK; every other method is sent exactly once per attempt.
    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("operationsAndFaults")
    void aConnectionFaultIsRetriedExceptForCreates(Op op, Fault fault) {
        wm.stubFor(op.stub().willReturn(aResponse().withFault(fault)));

        DbOpsConnectionException e = catchThrowableOfType(DbOpsConnectionException.class, () -> op.run(Fixtures.client(wm)));

        assertThat(e).as("%s with %s", op, fault).isNotNull().isNotInstanceOf(DbOpsTimeoutException.class);
        int expected = op.create ? 1 : 1 + RetryPolicy.DEFAULT.maxRetries();
        assertThat(e.attempts()).isEqualTo(expected);
        if (op.method.equals("GET")) {
            assertThat(journal(wm)).hasSizeBetween(expected, 2 * expected);
        } else {
            assertThat(journal(wm)).hasSize(expected);
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("operationsAndFaults")
    void aReadRecoversFromConnectionFaults(Op op, Fault fault) {
        if (op.create) {
            return;
        }
        // Two faults: more than the JDK's own single GET replay absorbs, within the SDK's 2 retries.
        String scenario = "faults-" + op + fault;
        wm.stubFor(op.stub().willReturn(aResponse().withFault(fault))
                .inScenario(scenario).whenScenarioStateIs("Started").willSetStateTo("one fault"));
        wm.stubFor(op.stub().willReturn(aResponse().withFault(fault))
                .inScenario(scenario).whenScenarioStateIs("one fault").willSetStateTo("two faults"));
        wm.stubFor(op.stub().willReturn(op.success()).inScenario(scenario).whenScenarioStateIs("two faults"));

        DbOpsResponse<?> response = op.run(Fixtures.client(wm));

        assertThat(response.status()).isEqualTo(op.successStatus);
        assertThat(response.attempts()).isBetween(2, 3);
        assertThat(journal(wm)).hasSize(3);
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void everyOperationRetriesARefusedConnection(Op op) {
        HarnessDbOps client = HarnessDbOps.builder().apiKey(Fixtures.KEY)
                .endpoint("http://127.0.0.1:" + closedPort()).retryPolicy(Fixtures.FAST).build();

        DbOpsConnectionException e = catchThrowableOfType(DbOpsConnectionException.class, () -> op.run(client));

        assertThat(e).isNotNull().isNotInstanceOf(DbOpsTimeoutException.class);
        assertThat(e.attempts()).isEqualTo(3);
        assertThat(e.getMessage()).contains(e.operation()).contains("3 attempts");
    }

    @Test
    void maxRetriesZeroSendsOnce() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(status(503)));

        ServerErrorException e = catchThrowableOfType(ServerErrorException.class,
                () -> Op.GET_SCHEMA.run(Fixtures.builder(wm).maxRetries(0).build()));

        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.getMessage()).contains("1 attempt)");
        assertThat(journal(wm)).hasSize(1);
    }

    @Test
    void maxRetriesCountsRetriesAfterTheFirstAttempt() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(status(503)));

        ServerErrorException e = catchThrowableOfType(ServerErrorException.class,
                () -> Op.GET_SCHEMA.run(Fixtures.builder(wm).maxRetries(4).build()));

        assertThat(e.attempts()).isEqualTo(5);
        assertThat(journal(wm)).hasSize(5);
    }

    @Test
    void theNonePolicyDisablesRetriesOfConnectionFaults() {
        // A PUT: the JDK's own replay of a GET after a dropped connection is beyond the SDK's control.
        wm.stubFor(Op.UPDATE_SCHEMA.stub().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        DbOpsConnectionException e = catchThrowableOfType(DbOpsConnectionException.class,
                () -> Op.UPDATE_SCHEMA.run(Fixtures.builder(wm).retryPolicy(RetryPolicy.NONE).build()));

        assertThat(e.attempts()).isEqualTo(1);
        assertThat(journal(wm)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(value = Op.class, names = {"CREATE_SCHEMA", "CREATE_INSTANCE"})
    void aCreateThatTimedOutIsNotSentAgain(Op op) throws InterruptedException {
        wm.stubFor(op.stub().willReturn(op.success().withFixedDelay(2_000)));
        HarnessDbOps client = Fixtures.builder(wm).requestTimeout(Duration.ofMillis(500)).build();

        DbOpsTimeoutException e = catchThrowableOfType(DbOpsTimeoutException.class, () -> op.run(client));

        assertThat(e).isNotNull();
        Thread.sleep(300); // a replay, if there were one, would have reached WireMock by now
        // Judged by what reached the server: on a loaded machine the connect itself can time out,
        // and that attempt (which never arrived) is rightly retried.
        assertThat(journal(wm)).hasSize(1);
    }

    @Test
    void aReadThatTimedOutIsSentAgain() {
        firstThen(wm, Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success().withFixedDelay(2_000)),
                Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success()));
        HarnessDbOps client = Fixtures.builder(wm).requestTimeout(Duration.ofMillis(500)).build();

        DbOpsResponse<?> response = Op.GET_SCHEMA.run(client);

        assertThat(response.attempts()).isGreaterThanOrEqualTo(2);
        assertThat(journal(wm)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void retryAfterInSecondsIsHonoured() {
        firstThen(wm, Op.GET_SCHEMA.stub().willReturn(status(503).withHeader("Retry-After", "1")),
                Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success()));

        assertThat(Op.GET_SCHEMA.run(Fixtures.client(wm)).attempts()).isEqualTo(2);

        // The backoff alone would wait at most 20 ms.
        assertThat(gapBetweenTheTwoRequests()).isBetween(Duration.ofMillis(950), Duration.ofSeconds(5));
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() {
        ZonedDateTime at = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        firstThen(wm, Op.CREATE_SCHEMA.stub().willReturn(status(429)
                        .withHeader("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(at))),
                Op.CREATE_SCHEMA.stub().willReturn(Op.CREATE_SCHEMA.success()));

        assertThat(Op.CREATE_SCHEMA.run(Fixtures.client(wm)).attempts()).isEqualTo(2);

        // The date is 1 to 2 s ahead of the first answer.
        assertThat(gapBetweenTheTwoRequests()).isBetween(Duration.ofMillis(800), Duration.ofSeconds(5));
    }

    @Test
    void retryAfterIsCappedByThePolicy() {
        firstThen(wm, Op.GET_SCHEMA.stub().willReturn(status(429).withHeader("Retry-After", "3600")),
                Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success()));
        HarnessDbOps client = Fixtures.builder(wm)
                .retryPolicy(Fixtures.FAST.withMaxRetryAfter(Duration.ofMillis(300))).build();

        assertThat(Op.GET_SCHEMA.run(client).attempts()).isEqualTo(2);

        assertThat(gapBetweenTheTwoRequests()).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
    }

    @Test
    void aRateLimitAfterTheRetriesCarriesRetryAfter() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(status(429).withHeader("Retry-After", "7")));

        RateLimitedException e = catchThrowableOfType(RateLimitedException.class,
                () -> Op.GET_SCHEMA.run(Fixtures.builder(wm).maxRetries(0).build()));

        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void aRateLimitWithoutRetryAfterHasNone() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(status(429)));

        RateLimitedException e = catchThrowableOfType(RateLimitedException.class,
                () -> Op.GET_SCHEMA.run(Fixtures.builder(wm).maxRetries(0).build()));

        assertThat(e.retryAfter()).isEmpty();
    }

    @Test
    void theDefaultPolicyIsTwoRetriesFromHalfASecondUpToEight() {
        RetryPolicy policy = RetryPolicy.DEFAULT;
        assertThat(policy.maxRetries()).isEqualTo(2);
        for (int i = 0; i < 50; i++) {
            // base × 2^(retry-1), capped at 8 s, jittered within its upper half
            assertThat(policy.delayBefore(1, null)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
            assertThat(policy.delayBefore(2, null)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
            assertThat(policy.delayBefore(3, null)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
            assertThat(policy.delayBefore(40, null)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
        }
        assertThat(policy.delayBefore(1, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(policy.delayBefore(1, Duration.ofMinutes(5))).isEqualTo(policy.maxRetryAfter());
    }

    @Test
    void aNegativeRetryCountIsRefused() {
        assertThatThrownBy(() -> RetryPolicy.DEFAULT.withMaxRetries(-1))
                .isInstanceOf(DbOpsValidationException.class).hasMessageContaining("maxRetries");
    }

    private static Duration gapBetweenTheTwoRequests() {
        List<LoggedRequest> requests = journal(wm);
        assertThat(requests).hasSize(2);
        long first = requests.get(0).getLoggedDate().getTime();
        long second = requests.get(1).getLoggedDate().getTime();
        return Duration.ofMillis(Math.abs(second - first));
    }
}

package dev.dbops.sdk;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static dev.dbops.sdk.Fixtures.SCHEMA;
import static dev.dbops.sdk.Fixtures.closedPort;
import static dev.dbops.sdk.Fixtures.firstThen;
import static dev.dbops.sdk.Fixtures.journal;
import static dev.dbops.sdk.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Extra headers, the retry condition and the API-key supplier: what users plug in without forking. */
class ExtensionPointsTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wireMock();

    @Test
    void clientHeadersGoOnEveryRequestAndACallsOwnOnThatCallOnly() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success()));
        HarnessDbOps client = Fixtures.builder(wm).header("X-Tenant", "blue").header("X-Team", "platform").build();

        project(client).schema(SCHEMA).get().header("X-Team", "release").header("X-Request-Reason", "audit").execute();
        project(client).schema(SCHEMA).get().execute();

        List<LoggedRequest> requests = journal(wm);
        assertThat(requests.get(0).getHeader("X-Tenant")).isEqualTo("blue");
        assertThat(requests.get(0).getHeader("X-Team")).as("the call's wins").isEqualTo("release");
        assertThat(requests.get(0).getHeader("X-Request-Reason")).isEqualTo("audit");
        assertThat(requests.get(1).getHeader("X-Team")).isEqualTo("platform");
        assertThat(requests.get(1).containsHeader("X-Request-Reason")).isFalse();
    }

    @Test
    void listsAndTheirPagesCarryTheListsHeaders() {
        wm.stubFor(Op.LIST_SCHEMAS.stub().willReturn(Op.LIST_SCHEMAS.success()));

        project(Fixtures.client(wm)).schemas().list().header("X-Tenant", "green").toList();

        assertThat(journal(wm)).isNotEmpty().allSatisfy(r -> assertThat(r.getHeader("X-Tenant")).isEqualTo("green"));
    }

    @Test
    void aRetryConditionDecidesWhatIsRetried() {
        // Retry 409 on updates too (a user whose proxy answers 409 on a lock), keep the default otherwise.
        RetryCondition condition = RetryCondition.DEFAULT.or(c -> c.status() == 409 && c.operation() == Operation.UPDATE_SCHEMA);
        firstThen(wm, Op.UPDATE_SCHEMA.stub().willReturn(status(409)), Op.UPDATE_SCHEMA.stub().willReturn(Op.UPDATE_SCHEMA.success()));
        HarnessDbOps client = Fixtures.builder(wm).retryPolicy(Fixtures.FAST.withRetryCondition(condition)).build();

        DbOpsResponse<?> response = Op.UPDATE_SCHEMA.run(client);

        assertThat(response.attempts()).isEqualTo(2);
        assertThat(journal(wm)).hasSize(2);
    }

    @Test
    void aConditionThatRetriesNothingIsObeyedAndSeesTheFailure() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(status(503)));
        List<RetryContext> seen = new ArrayList<>();
        HarnessDbOps client = Fixtures.builder(wm).retryPolicy(Fixtures.FAST.withRetryCondition(c -> {
            seen.add(c);
            return false;
        })).build();

        ServerErrorException e = catchThrowableOfType(ServerErrorException.class, () -> Op.GET_SCHEMA.run(client));

        assertThat(e.attempts()).isEqualTo(1);
        assertThat(seen).singleElement().satisfies(c -> {
            assertThat(c.operation()).isEqualTo(Operation.GET_SCHEMA);
            assertThat(c.attempt()).isEqualTo(1);
            assertThat(c.status()).isEqualTo(503);
            assertThat(c.failure()).isSameAs(e);
            assertThat(c.mayHaveReachedServer()).isTrue();
        });
    }

    @Test
    void theDefaultConditionReplaysACreateOnlyWhenItCannotHaveArrived() {
        List<RetryContext> seen = new ArrayList<>();
        HarnessDbOps client = HarnessDbOps.builder().apiKey("pat.k").endpoint("http://127.0.0.1:" + closedPort())
                .retryPolicy(Fixtures.FAST.withRetryCondition(c -> {
                    seen.add(c);
                    return RetryCondition.DEFAULT.shouldRetry(c);
                })).build();

        DbOpsConnectionException e = catchThrowableOfType(DbOpsConnectionException.class,
                () -> project(client).schemas().create(SCHEMA).name("n").changelog(c -> c.connector("git").location("c.yaml")).execute());

        assertThat(e.attempts()).as("refused connections are replayed, even for a create").isEqualTo(3);
        assertThat(seen).allSatisfy(c -> assertThat(c.mayHaveReachedServer()).isFalse());
    }

    @Test
    void aRotatedKeyIsUsedFromTheNextRequestOn() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success()));
        AtomicReference<String> vault = new AtomicReference<>("pat.first.key");
        HarnessDbOps client = Fixtures.builder(wm).apiKey(vault::get).build();

        project(client).schema(SCHEMA).get().execute();
        vault.set("pat.rotated.key");
        project(client).schema(SCHEMA).get().execute();

        assertThat(journal(wm)).extracting(r -> r.getHeader("x-api-key")).containsExactly("pat.first.key", "pat.rotated.key");
    }

    @Test
    void aKeyFromTheSupplierIsRedactedFromWhatTheServerEchoes() {
        AtomicReference<String> vault = new AtomicReference<>("pat.first.key");
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(aResponse().withStatus(401)
                .withBody("{\"message\":\"key pat.first.key is revoked\"}")));
        HarnessDbOps client = Fixtures.builder(wm).apiKey(vault::get).build();

        UnauthorizedException e = catchThrowableOfType(UnauthorizedException.class, () -> project(client).schema(SCHEMA).get().execute());
        vault.set("pat.rotated.key");

        assertThat(e.getMessage()).doesNotContain("pat.first.key").contains("[REDACTED]");
        assertThat(e.body()).doesNotContain("pat.first.key");
    }

    @Test
    void aSupplierWithoutAKeyFailsBeforeSending() {
        HarnessDbOps client = Fixtures.builder(wm).apiKey(() -> "  ").build();

        DbOpsValidationException e = catchThrowableOfType(DbOpsValidationException.class,
                () -> project(client).schema(SCHEMA).get().execute());

        assertThat(e.field()).isEqualTo("apiKey");
        assertThat(e.operation()).isEqualTo("getDbSchema");
        assertThat(journal(wm)).isEmpty();
    }

    @Test
    void whatPluggedInCodeThrowsReachesTheCallerAsOurs() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(status(503)));
        HarnessDbOps brokenCondition = Fixtures.builder(wm).retryPolicy(Fixtures.FAST.withRetryCondition(c -> {
            throw new IllegalStateException("condition bug");
        })).build();
        HarnessDbOps brokenVault = Fixtures.builder(wm).apiKey(() -> {
            throw new IllegalStateException("vault unreachable");
        }).build();

        DbOpsException condition = catchThrowableOfType(DbOpsException.class, () -> Op.GET_SCHEMA.run(brokenCondition));
        DbOpsException vault = catchThrowableOfType(DbOpsException.class, () -> Op.GET_SCHEMA.run(brokenVault));

        assertThat(condition).hasMessageContaining("condition bug").hasCauseInstanceOf(IllegalStateException.class);
        assertThat(condition.attempts()).isEqualTo(1);
        assertThat(vault).hasMessageContaining("vault unreachable");
        assertThat(vault.attempts()).isZero();
    }

    @Test
    void retriesWaitOnTheInjectedSleeperAndHonourRetryAfter() {
        firstThen(wm, Op.GET_SCHEMA.stub().willReturn(status(429).withHeader("Retry-After", "7")),
                Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success()));
        FakeTime time = new FakeTime();

        Op.GET_SCHEMA.run(time.client(wm).build());

        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(7));
    }
}

package dev.dbops.sdk;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static dev.dbops.sdk.Fixtures.KEY;
import static dev.dbops.sdk.Fixtures.SCHEMA;
import static dev.dbops.sdk.Fixtures.firstThen;
import static dev.dbops.sdk.Fixtures.journal;
import static dev.dbops.sdk.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Interceptors see every call and attempt, can add headers per attempt, and cannot break calls from after*. */
class InterceptorTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wireMock();

    /** Records what a metrics interceptor would. */
    static final class Recorder implements DbOpsInterceptor {
        final List<String> events = new ArrayList<>();

        @Override
        public void beforeCall(CallContext call) {
            events.add("beforeCall " + call.operation().id() + " " + call.target() + " attempt " + call.attempt());
            call.attributes().put("span", "span-1");
        }

        @Override
        public void beforeAttempt(CallContext call) {
            events.add("beforeAttempt " + call.attempt() + " " + call.method() + " " + call.uri().getPath());
            call.setRequestHeader("traceparent", "00-trace-" + call.attempt() + "-01");
        }

        @Override
        public void afterAttempt(CallContext call) {
            events.add("afterAttempt " + call.attempt() + " status " + call.status().orElse(-1)
                    + " failure " + call.failure().map(f -> f.getClass().getSimpleName()).orElse("none"));
        }

        @Override
        public void afterCall(CallContext call) {
            events.add("afterCall " + call.operation().id() + " attempts " + call.attempt() + " status "
                    + call.status().orElse(-1) + " failure " + call.failure().map(f -> f.getClass().getSimpleName())
                    .orElse("none") + " span " + call.attributes().get("span"));
        }
    }

    @Test
    void anInterceptorTracesEachAttemptAndMeasuresTheCall() {
        firstThen(wm, Op.GET_SCHEMA.stub().willReturn(status(503)), Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success()));
        Recorder recorder = new Recorder();
        HarnessDbOps client = new FakeTime().client(wm).interceptor(recorder).build();

        project(client).schema(SCHEMA).get().execute();

        assertThat(recorder.events).containsExactly(
                "beforeCall getDbSchema default/default_project/my_db_schema attempt 0",
                "beforeAttempt 1 GET " + Fixtures.SCHEMA_PATH,
                "afterAttempt 1 status 503 failure ServerErrorException",
                "beforeAttempt 2 GET " + Fixtures.SCHEMA_PATH,
                "afterAttempt 2 status 200 failure none",
                "afterCall getDbSchema attempts 2 status 200 failure none span span-1");
        assertThat(journal(wm)).extracting(r -> r.getHeader("traceparent"))
                .containsExactly("00-trace-1-01", "00-trace-2-01");
    }

    @Test
    void aFailedCallReachesAfterCallWithItsException() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(status(404)));
        Recorder recorder = new Recorder();
        HarnessDbOps client = Fixtures.builder(wm).interceptor(recorder).build();

        catchThrowableOfType(NotFoundException.class, () -> project(client).schema(SCHEMA).get().execute());

        assertThat(recorder.events).last().isEqualTo("afterCall getDbSchema attempts 1 status 404 failure NotFoundException span span-1");
    }

    @Test
    void theKeyIsHiddenFromInterceptorsAndTheirHeadersAreChecked() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success()));
        List<Map<String, List<String>>> seen = new ArrayList<>();
        List<DbOpsValidationException> refused = new ArrayList<>();
        HarnessDbOps client = Fixtures.builder(wm).interceptor(new DbOpsInterceptor() {
            @Override
            public void beforeAttempt(CallContext call) {
                seen.add(Map.copyOf(call.requestHeaders()));
                try {
                    call.setRequestHeader("x-api-key", "other");
                } catch (DbOpsValidationException e) {
                    refused.add(e);
                }
            }

            @Override
            public void afterCall(CallContext call) {
                try {
                    call.setRequestHeader("late", "1");
                } catch (DbOpsValidationException e) {
                    refused.add(e);
                }
            }
        }).build();

        project(client).schema(SCHEMA).get().execute();

        assertThat(seen).singleElement().satisfies(headers -> {
            assertThat(headers.get("x-api-key")).containsExactly("[REDACTED]");
            assertThat(headers.toString()).doesNotContain(KEY);
            assertThat(headers).containsKeys("User-Agent", "Accept");
        });
        assertThat(refused).extracting(DbOpsValidationException::field).containsExactly("header x-api-key", "header late");
        assertThat(journal(wm)).singleElement().satisfies(r -> assertThat(r.getHeader("x-api-key")).isEqualTo(KEY));
    }

    @Test
    void aBrokenBeforeHookEndsTheCallAsOursAndABrokenAfterHookDoesNot() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success()));
        HarnessDbOps refusing = Fixtures.builder(wm).interceptor(new DbOpsInterceptor() {
            @Override
            public void beforeAttempt(CallContext call) {
                throw new IllegalStateException("no tracer");
            }
        }).build();
        AtomicInteger afterCalls = new AtomicInteger();
        HarnessDbOps sloppy = Fixtures.builder(wm).interceptor(new DbOpsInterceptor() {
            @Override
            public void afterCall(CallContext call) {
                afterCalls.incrementAndGet();
                throw new IllegalStateException("metrics backend down");
            }
        }).build();

        DbOpsException e = catchThrowableOfType(DbOpsException.class, () -> project(refusing).schema(SCHEMA).get().execute());
        DbOpsResponse<?> ok = project(sloppy).schema(SCHEMA).get().executeWithResponse();

        assertThat(e).hasMessageContaining("an interceptor threw in beforeAttempt").hasCauseInstanceOf(IllegalStateException.class);
        assertThat(e.attempts()).isZero();
        assertThat(ok.status()).isEqualTo(200);
        assertThat(afterCalls).hasValue(1);
        assertThat(journal(wm)).as("only the sloppy client's request was sent").hasSize(1);
    }

    @Test
    void durationsAreMeasured() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success().withFixedDelay(50)));
        List<Duration> durations = new ArrayList<>();
        HarnessDbOps client = Fixtures.builder(wm).interceptor(new DbOpsInterceptor() {
            @Override
            public void afterCall(CallContext call) {
                durations.add(call.attemptDuration());
                durations.add(call.callDuration());
            }
        }).build();

        project(client).schema(SCHEMA).get().execute();

        // A lower bound only: the server took at least 50 ms to answer.
        assertThat(durations).allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMillis(50)));
        assertThat(durations.get(1)).isGreaterThanOrEqualTo(durations.get(0));
    }
}

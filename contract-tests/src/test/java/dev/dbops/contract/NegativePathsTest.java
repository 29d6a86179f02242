package dev.dbops.contract;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dbops.sdk.BadRequestException;
import dev.dbops.sdk.ConflictException;
import dev.dbops.sdk.DbOpsApiException;
import dev.dbops.sdk.DbOpsConnectionException;
import dev.dbops.sdk.DbOpsException;
import dev.dbops.sdk.DbOpsTimeoutException;
import dev.dbops.sdk.ForbiddenException;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.NotFoundException;
import dev.dbops.sdk.RateLimitedException;
import dev.dbops.sdk.ServerErrorException;
import dev.dbops.sdk.UnauthorizedException;
import dev.dbops.sdk.testkit.OpenApiDocument.NamedExample;
import dev.dbops.sdk.testkit.OpenApiDocument.Operation;
import dev.dbops.sdk.testkit.OpenApiDocument.Response;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.dbops.contract.Contract.SPEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What a user sees when things go wrong. Each documented error example of each operation becomes
 * the typed exception for its status, carrying the server's message; broken connections and a
 * server slower than the request timeout become a connection or timeout exception quickly, reads
 * are retried, and a create is never sent twice.
 */
class NegativePathsTest {

    static final SpecValidatingListener SPEC_CHECK = new SpecValidatingListener(Contract.STRICT_VALIDATOR);

    @RegisterExtension
    static final WireMockExtension WIREMOCK = SpecValidatingListener.wireMock(SPEC_CHECK);

    static final Duration REQUEST_TIMEOUT = Duration.ofMillis(400);
    /** How long any failing call may take, retries included. */
    static final Duration BOUND = Duration.ofSeconds(5);

    @TestFactory
    Stream<DynamicTest> everyDocumentedErrorBecomesItsTypedExceptionWithTheServersMessage() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Operation op : SPEC.operations()) {
            for (Response error : op.responses().values()) {
                if (error.status() < 400) {
                    continue;
                }
                assertThat(error.examples()).as(op.id() + " " + error.status() + " has an example").isNotEmpty();
                for (NamedExample example : error.examples().values()) {
                    tests.add(DynamicTest.dynamicTest(op.id() + " " + error.status() + " " + example.component(),
                            () -> documentedError(op, error.status(), example)));
                }
            }
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(3 * SPEC.operations().size());
        return tests.stream();
    }

    private void documentedError(Operation op, int status, NamedExample example) {
        Scenario scenario = Scenario.primary(op);
        reset();
        WIREMOCK.stubFor(any(urlPathEqualTo(scenario.path())).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(example.value().toString())));
        Supplier<FluentDriver.Result> call = FluentDriver.prepare(Contract.client(WIREMOCK.baseUrl()).build(), scenario);

        DbOpsApiException e = catchThrowableOfType(DbOpsApiException.class, call::get);

        assertThat(e).as(op.id() + " answered " + status).isNotNull().isInstanceOf(exceptionFor(status));
        String message = example.value().path("message").asText();
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.serverMessage()).isEqualTo(message);
        assertThat(e.getMessage()).contains(message).contains(op.id()).doesNotContain("\n").doesNotContain(Contract.API_KEY);
        assertThat(e.operation()).isEqualTo(op.id());
        assertThat(Contract.json(e.body())).isEqualTo(example.value());
        // Only a server failure of a read or an idempotent write is worth sending again; a create never.
        int attempts = status >= 500 && !FluentDriver.operation(op.id()).isCreate() ? 1 + Contract.FAST_RETRIES.maxRetries() : 1;
        assertThat(e.attempts()).as("attempts").isEqualTo(attempts);
        assertThat(sent()).as("requests that reached the server").isEqualTo(attempts);
        SPEC_CHECK.assertNoViolations();
    }

    @TestFactory
    Stream<DynamicTest> brokenConnectionsAndSlowResponsesFailFastAndCreatesAreNotReplayed() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String id : List.of("getDbSchema", "listDbInstances", "createDbSchema", "createDbInstance",
                "getMigrationState", "getProjectOverview")) {
            Scenario scenario = Scenario.primary(SPEC.operation(id));
            for (Fault fault : List.of(Fault.CONNECTION_RESET_BY_PEER, Fault.EMPTY_RESPONSE,
                    Fault.MALFORMED_RESPONSE_CHUNK, Fault.RANDOM_DATA_THEN_CLOSE)) {
                tests.add(DynamicTest.dynamicTest(id + " " + fault, () -> failing(scenario,
                        aResponse().withFault(fault), DbOpsConnectionException.class)));
            }
            tests.add(DynamicTest.dynamicTest(id + " slower than the request timeout", () -> failing(scenario,
                    documented(scenario).withFixedDelay((int) REQUEST_TIMEOUT.toMillis() * 4), DbOpsTimeoutException.class)));
        }
        return tests.stream();
    }

    private void failing(Scenario scenario, ResponseDefinitionBuilder answer, Class<? extends DbOpsException> expected) {
        reset();
        WIREMOCK.stubFor(any(urlPathEqualTo(scenario.path())).willReturn(answer));
        HarnessDbOps client = Contract.client(WIREMOCK.baseUrl())
                .requestTimeout(REQUEST_TIMEOUT)
                .connectTimeout(Duration.ofSeconds(1))
                .build();
        Supplier<FluentDriver.Result> call = FluentDriver.prepare(client, scenario);

        long started = System.nanoTime();
        DbOpsException e = catchThrowableOfType(DbOpsException.class, call::get);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(e).as(scenario.op().id() + " failure").isNotNull();
        assertThat(e.getClass()).as("exception for " + scenario.op().id()).isEqualTo(expected);
        assertThat(e.getMessage()).contains(scenario.op().id()).doesNotContain("\n").doesNotContain(Contract.API_KEY);
        assertThat(took).as("time to fail").isLessThan(BOUND);
        if (FluentDriver.operation(scenario.op().id()).isCreate()) {
            // The server may have created it: sending it again could create it twice. (The SDK may
            // rightly resend a create whose connection was never established, as on a loaded machine
            // where connecting outlasts the timeout; what must never happen is a second arrival.)
            assertThat(sent()).as("creates that reached the server").isEqualTo(1);
        } else {
            int attempts = 1 + Contract.FAST_RETRIES.maxRetries();
            assertThat(e.attempts()).as("attempts of a read").isEqualTo(attempts);
            // The JDK itself resends an idempotent GET once when the connection breaks: at least one per attempt.
            assertThat(sent()).as("reads that reached the server").isGreaterThanOrEqualTo(attempts);
        }
        SPEC_CHECK.assertNoViolations();
    }

    private static ResponseDefinitionBuilder documented(Scenario scenario) {
        ResponseDefinitionBuilder response = aResponse().withStatus(scenario.status());
        scenario.responseHeaders().forEach(response::withHeader);
        return scenario.responseBody() == null ? response : response.withBody(scenario.responseBody().toString());
    }

    private static Class<? extends DbOpsApiException> exceptionFor(int status) {
        return switch (status) {
            case 400 -> BadRequestException.class;
            case 401 -> UnauthorizedException.class;
            case 403 -> ForbiddenException.class;
            case 404 -> NotFoundException.class;
            case 409 -> ConflictException.class;
            case 429 -> RateLimitedException.class;
            default -> status >= 500 ? ServerErrorException.class : DbOpsApiException.class;
        };
    }

    private static void reset() {
        WIREMOCK.resetAll();
        SPEC_CHECK.reset();
    }

    private static int sent() {
        return WIREMOCK.findAll(anyRequestedFor(anyUrl())).size();
    }
}

package dev.dbops.sdk;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Optional;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static dev.dbops.sdk.Fixtures.INSTANCE;
import static dev.dbops.sdk.Fixtures.SCHEMA;
import static dev.dbops.sdk.Fixtures.example;
import static dev.dbops.sdk.Fixtures.journal;
import static dev.dbops.sdk.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each error status becomes its own exception, carrying what the server said. */
class ErrorMappingTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wireMock();

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of(400, "ErrorBadRequest", BadRequestException.class),
                Arguments.of(401, "ErrorUnauthorized", UnauthorizedException.class),
                Arguments.of(403, "ErrorForbidden", ForbiddenException.class),
                Arguments.of(404, "ErrorNotFound", NotFoundException.class),
                // The document has no 409 or 429 example: these bodies are the tests' own.
                Arguments.of(409, null, ConflictException.class),
                Arguments.of(429, null, RateLimitedException.class),
                Arguments.of(500, "ErrorInternal", ServerErrorException.class),
                Arguments.of(502, "ErrorInternal", ServerErrorException.class),
                Arguments.of(503, "ErrorInternal", ServerErrorException.class),
                Arguments.of(504, "ErrorInternal", ServerErrorException.class));
    }

    @ParameterizedTest(name = "HTTP {0} -> {2}")
    @MethodSource("statuses")
    void eachStatusBecomesItsExceptionWithTheServersMessage(int status, String exampleName,
                                                            Class<? extends DbOpsApiException> type) {
        String body = exampleName != null ? SpecExamples.json(exampleName)
                : "{\"message\":\"Database schema my_db_schema: HTTP " + status + " from the test\"}";
        String serverMessage = exampleName != null ? SpecExamples.message(exampleName)
                : "Database schema my_db_schema: HTTP " + status + " from the test";
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("X-Request-Id", "req-" + status)
                .withBody(body)));
        HarnessDbOps client = Fixtures.builder(wm).maxRetries(0).build();

        DbOpsApiException e = catchThrowableOfType(DbOpsApiException.class,
                () -> project(client).schema(SCHEMA).get().execute());

        assertThat(e).isExactlyInstanceOf(type);
        assertThat(e).isInstanceOf(DbOpsException.class).isInstanceOf(RuntimeException.class);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.serverMessage()).isEqualTo(serverMessage);
        assertThat(e.body()).isEqualTo(body);
        assertThat(e.requestId()).contains("req-" + status);
        assertThat(e.headers().get("x-request-id")).containsExactly("req-" + status);
        assertThat(e.headers().get("X-REQUEST-ID")).containsExactly("req-" + status);
        assertThat(e.operation()).isEqualTo("getDbSchema");
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.getMessage())
                .doesNotContain("\n").doesNotContain("\r")
                .contains("getDbSchema").contains("HTTP " + status).contains(serverMessage)
                .contains("req-" + status).contains("1 attempt");
    }

    @Test
    void theMessageSaysHowManyAttemptsWereMade() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(example(503, "ErrorInternal")));

        ServerErrorException e = catchThrowableOfType(ServerErrorException.class,
                () -> project(Fixtures.client(wm)).schema(SCHEMA).get().execute());

        assertThat(e.attempts()).isEqualTo(3);
        assertThat(e.getMessage()).contains("3 attempts");
    }

    @Test
    void aNonJsonMultiLineBodyStillGivesAOneLineMessage() {
        String html = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n  upstream   down\n</body>\n</html>\n";
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "text/html").withBody(html)));

        ServerErrorException e = catchThrowableOfType(ServerErrorException.class,
                () -> project(Fixtures.builder(wm).maxRetries(0).build()).schema(SCHEMA).get().execute());

        assertThat(e.body()).isEqualTo(html);
        assertThat(e.serverMessage()).isEqualTo(
                "<html> <head><title>502 Bad Gateway</title></head> <body> upstream down </body> </html>");
        assertThat(e.getMessage()).doesNotContain("\n").contains("HTTP 502").contains("upstream down");
        assertThat(e.requestId()).isEmpty();
    }

    @Test
    void aHugeNonJsonBodyIsShortenedInTheMessageButKeptWhole() {
        String text = "x".repeat(5_000);
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(aResponse().withStatus(500).withBody(text)));

        ServerErrorException e = catchThrowableOfType(ServerErrorException.class,
                () -> project(Fixtures.builder(wm).maxRetries(0).build()).schema(SCHEMA).get().execute());

        assertThat(e.body()).hasSize(5_000);
        assertThat(e.getMessage()).hasSizeLessThan(400);
    }

    @Test
    void anErrorWithoutBodyHasAnEmptyServerMessage() {
        wm.stubFor(Op.DELETE_SCHEMA.stub().willReturn(status(404)));

        NotFoundException e = catchThrowableOfType(NotFoundException.class,
                () -> project(Fixtures.client(wm)).schema(SCHEMA).delete().execute());

        assertThat(e.body()).isEmpty();
        assertThat(e.serverMessage()).isEmpty();
        assertThat(e.getMessage()).isEqualTo("deleteDbSchema failed: HTTP 404 (1 attempt)");
    }

    @Test
    void aMalformedSuccessBodyIsReportedAndNotRetried() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"identifier\": [unterminated")));

        MalformedResponseException e = catchThrowableOfType(MalformedResponseException.class,
                () -> project(Fixtures.client(wm)).schema(SCHEMA).get().execute());

        assertThat(e).isNotNull();
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.operation()).isEqualTo("getDbSchema");
        assertThat(e.getMessage()).doesNotContain("\n").contains("getDbSchema").contains("not the expected JSON");
        assertThat(journal(wm)).hasSize(1);
    }

    @Test
    void aMalformedCreateAnswerIsNotRetriedEither() {
        wm.stubFor(Op.CREATE_INSTANCE.stub().willReturn(aResponse().withStatus(201).withBody("<html>created</html>")));

        MalformedResponseException e = catchThrowableOfType(MalformedResponseException.class,
                () -> Op.CREATE_INSTANCE.run(Fixtures.client(wm)));

        assertThat(e.attempts()).isEqualTo(1);
        assertThat(journal(wm)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(value = Op.class, names = {"DELETE_SCHEMA", "DELETE_INSTANCE"}, mode = EnumSource.Mode.EXCLUDE)
    void aSuccessWithoutTheBodyIsMalformedNotNull(Op op) {
        wm.stubFor(op.stub().willReturn(status(op.successStatus)));

        MalformedResponseException e = catchThrowableOfType(MalformedResponseException.class, () -> op.run(Fixtures.client(wm)));

        assertThat(e).as("%s answered %d without a body", op, op.successStatus).isNotNull();
        assertThat(e.getMessage()).contains("HTTP " + op.successStatus).contains("without the JSON body");
        assertThat(journal(wm)).hasSize(1);
    }

    @Test
    void findOnAnEmptySuccessIsAnErrorNotANullPointer() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(status(200)));

        assertThatThrownBy(() -> project(Fixtures.client(wm)).schema(SCHEMA).find().execute())
                .isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void aListPageThatIsNotAnArrayIsMalformed() {
        wm.stubFor(Op.LIST_SCHEMAS.stub().willReturn(example(200, "SeedCreateSchemaResponse")));

        assertThatThrownBy(() -> project(Fixtures.client(wm)).schemas().list().toList())
                .isInstanceOf(MalformedResponseException.class);
        assertThat(journal(wm)).hasSize(1);
    }

    @Test
    void findGivesEmptyOn404AndTheModelOn200() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(example(404, "ErrorNotFound")));
        wm.stubFor(Op.GET_INSTANCE.stub().willReturn(example(200, "SeedCreateInstanceResponse")));
        Project project = project(Fixtures.client(wm));

        assertThat(project.schema(SCHEMA).find().execute()).isEmpty();
        assertThat(project.schema(SCHEMA).find().execute()).isEmpty();
        Optional<DbInstance> instance = project.schema(SCHEMA).instance(INSTANCE).find().execute();
        assertThat(instance).map(DbInstance::getIdentifier).contains("customer_db_instance");
        assertThat(project.schema(SCHEMA).instance(INSTANCE).find().execute()).isPresent();
    }

    @Test
    void findOfAnInstanceGivesEmptyOn404() {
        wm.stubFor(Op.GET_INSTANCE.stub().willReturn(example(404, "ErrorNotFound")));
        Project project = project(Fixtures.client(wm));

        assertThat(project.schema(SCHEMA).instance(INSTANCE).find().execute()).isEmpty();
        assertThat(project.schema(SCHEMA).instance(INSTANCE).find().execute()).isEmpty();
    }

    @Test
    void findDoesNotHideOtherFailures() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(example(403, "ErrorForbidden")));

        assertThatThrownBy(() -> project(Fixtures.client(wm)).schema(SCHEMA).find().execute())
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void getThrowsNotFoundOn404() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(example(404, "ErrorNotFound")));

        assertThatThrownBy(() -> project(Fixtures.client(wm)).schema(SCHEMA).get().execute())
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(SpecExamples.message("ErrorNotFound"));
        assertThat(journal(wm)).hasSize(1);
    }

    @Test
    void aSuccessfulCallGivesTheModelAndTheRawResponse() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(example(200, "SeedCreateSchemaResponse")
                .withHeader("X-Request-Id", "abc-123").withHeader("X-Custom", "yes")));

        DbOpsResponse<DbSchema> response = project(Fixtures.client(wm)).schema(SCHEMA).get().executeWithResponse();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.requestId()).contains("abc-123");
        assertThat(response.header("x-custom")).contains("yes");
        assertThat(response.headers().get("X-CUSTOM")).containsExactly("yes");
        assertThat(response.attempts()).isEqualTo(1);
        assertThat(response.body().getIdentifier()).isEqualTo("my_db_schema");
        assertThat(response.body().getName()).isEqualTo("My Database Schema");
        assertThat(response.body().getChangelog().getConnector()).isEqualTo("cockroachDB");
        assertThat(response.toString()).contains("200").contains("abc-123");
    }

    @Test
    void aDeleteGivesItsStatusAndRequestId() {
        wm.stubFor(Op.DELETE_INSTANCE.stub().willReturn(status(204).withHeader("X-Request-Id", "del-1")));

        DbOpsResponse<Void> response = project(Fixtures.client(wm)).schema(SCHEMA).instance(INSTANCE)
                .delete().executeWithResponse();

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.requestId()).contains("del-1");
        assertThat(response.body()).isNull();
    }
}

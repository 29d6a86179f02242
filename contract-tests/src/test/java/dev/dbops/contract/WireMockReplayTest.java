package dev.dbops.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.testkit.OpenApiDocument;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.dbops.contract.Contract.SPEC;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every documented exchange of every operation, replayed through the fluent layer against WireMock:
 * WireMock answers the documented response (status, headers, body) and the test checks that the SDK
 * sent exactly the documented request (method, path, query, auth and account headers, content type,
 * body by strict JSON equality) and gave the user exactly the documented body. Both directions are
 * also validated against the OpenAPI document. A new example in the document is a new test here.
 */
class WireMockReplayTest {

    static final SpecValidatingListener SPEC_CHECK = new SpecValidatingListener(Contract.STRICT_VALIDATOR);

    @RegisterExtension
    static final WireMockExtension WIREMOCK = SpecValidatingListener.wireMock(SPEC_CHECK);

    @TestFactory
    Stream<DynamicTest> everyDocumentedExchangeReplaysThroughTheFluentLayer() {
        List<Scenario> scenarios = Scenario.all(SPEC);
        assertThat(scenarios).hasSizeGreaterThanOrEqualTo(SPEC.operations().size());
        return scenarios.stream().map(s -> DynamicTest.dynamicTest(s.toString(), () -> replay(s)));
    }

    static void replay(Scenario scenario) {
        WIREMOCK.resetAll();
        SPEC_CHECK.reset();
        serve(scenario);
        HarnessDbOps client = Contract.client(WIREMOCK.baseUrl()).build();

        FluentDriver.Result result;
        try {
            result = FluentDriver.prepare(client, scenario).get();
        } finally {
            // Even when the call failed (say, a wrong path answered 404), say first what was sent wrong.
            List<LoggedRequest> sent = WIREMOCK.findAll(anyRequestedFor(anyUrl()));
            assertThat(sent).as("requests sent for " + scenario).hasSize(1);
            assertSentAsDocumented(sent.get(0), scenario, scenario.path());
        }

        assertThat(result.status()).as("status the user sees").isEqualTo(scenario.status());
        assertThat(result.body()).as("body the user sees").isEqualTo(scenario.responseBody());
        if (scenario.isPaged()) {
            assertThat(result.totalElements()).as("total the user sees (X-Total-Elements)")
                    .hasValue(OpenApiDocument.pageItems(scenario.responseBody()).size());
        }
        SPEC_CHECK.assertNoViolations();
    }

    /**
     * A server newer than the document adds a field to every object it answers: the user still gets
     * the documented body, and the only violation of the document is the added field.
     */
    @TestFactory
    Stream<DynamicTest> aFieldFromANewerServerDoesNotBreakTheCall() {
        return Scenario.all(SPEC).stream().filter(s -> s.responseBody() != null).map(s -> DynamicTest.dynamicTest(
                s.toString(), () -> {
                    WIREMOCK.resetAll();
                    SPEC_CHECK.reset();
                    JsonNode newer = s.responseBody().deepCopy();
                    addField(newer);
                    ResponseDefinitionBuilder response = aResponse().withStatus(s.status()).withBody(newer.toString());
                    s.responseHeaders().forEach(response::withHeader);
                    WIREMOCK.stubFor(any(urlPathEqualTo(s.path())).willReturn(response));

                    FluentDriver.Result result = FluentDriver.prepare(Contract.client(WIREMOCK.baseUrl()).build(), s).get();

                    assertThat(result.body()).isEqualTo(s.responseBody());
                    assertThat(SPEC_CHECK.violations()).isNotEmpty()
                            .allSatisfy(v -> assertThat(v).contains("fieldFromANewerServer"));
                }));
    }

    private static void addField(JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            object.putObject("fieldFromANewerServer").put("nested", true);
        } else if (node.isArray()) {
            node.forEach(WireMockReplayTest::addField);
        }
    }

    /** Stubs the scenario's documented response on its path, for any method and body (checked afterwards). */
    static void serve(Scenario scenario) {
        ResponseDefinitionBuilder response = aResponse().withStatus(scenario.status());
        scenario.responseHeaders().forEach(response::withHeader);
        if (scenario.responseBody() != null) {
            response.withBody(scenario.responseBody().toString());
        }
        WIREMOCK.stubFor(any(urlPathEqualTo(scenario.path())).willReturn(response));
    }

    /** Method, path, query, headers and body of one request, against the scenario's documented request. */
    static void assertSentAsDocumented(LoggedRequest request, Scenario scenario, String expectedPath) {
        URI uri = URI.create(request.getUrl());
        assertThat(request.getMethod().getName()).as("method").isEqualTo(scenario.op().method());
        assertThat(uri.getRawPath()).as("path").isEqualTo(expectedPath);
        assertThat(query(uri)).as("query parameters").isEqualTo(FluentDriver.expectedQuery(scenario));
        assertThat(request.getHeader("x-api-key")).as("x-api-key").isEqualTo(Contract.API_KEY);
        assertThat(request.getHeader("Harness-Account")).as("Harness-Account").isEqualTo(Contract.ACCOUNT_ID);
        assertThat(request.getHeader("Accept")).as("Accept").isEqualTo("application/json");
        assertThat(request.getHeader("User-Agent")).as("User-Agent").startsWith("dbops-java/");
        JsonNode expected = scenario.requestBody();
        if (expected != null) {
            assertThat(request.getHeader("Content-Type")).as("Content-Type").isEqualTo("application/json");
            // JsonNode equality is strict: no missing field, no extra field, no changed value or type.
            assertThat(Contract.json(request.getBodyAsString())).as("request body").isEqualTo(expected);
        } else if (scenario.op().requestSchema().isEmpty()) {
            assertThat(request.containsHeader("Content-Type")).as("Content-Type on a request without body").isFalse();
            assertThat(request.getBodyAsString()).as("request body").isEmpty();
        }
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String previous = query.put(URLDecoder.decode(pair.substring(0, eq < 0 ? pair.length() : eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                assertThat(previous).as("query parameter sent twice: " + pair).isNull();
            }
        }
        return query;
    }

    /**
     * {@code withTags("critical")} is documented as "any value of that key", and the document
     * (issue 13) lets a filter tag carry only its key: the SDK sends the key without a value.
     */
    @Test
    void aBareKeyTagFilterSendsTheKeyWithoutAValue() {
        WIREMOCK.resetAll();
        SPEC_CHECK.reset();
        Scenario list = Scenario.primary(SPEC.operation("listDbInstances"));
        serve(list);

        Contract.client(WIREMOCK.baseUrl()).build().project(Scenario.ORG, Scenario.PROJECT).schema(Scenario.SCHEMA)
                .instances().list().withTags("critical").page(0);

        JsonNode sent = Contract.json(WIREMOCK.findAll(anyRequestedFor(anyUrl())).get(0).getBodyAsString());
        JsonNode tag = sent.path("instanceTags").path(0);
        assertThat(tag.path("key").asText()).isEqualTo("critical");
        assertThat(tag.has("value")).as("a value in " + sent).isFalse();
        SPEC_CHECK.assertNoViolations();
    }

    // ---- The validation above can fail: a served field the document does not declare, a sent one ----

    @Test
    void aResponseWithAnUndeclaredFieldIsAViolation() {
        WIREMOCK.resetAll();
        SPEC_CHECK.reset();
        Scenario get = Scenario.primary(SPEC.operation("getDbSchema"));
        JsonNode misspelt = Contract.renamed(get.responseBody(), "instanceCount", "instanceCnt");
        WIREMOCK.stubFor(any(urlPathEqualTo(get.path())).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(misspelt.toString())));

        FluentDriver.prepare(Contract.client(WIREMOCK.baseUrl()).build(), get).get();

        assertThat(SPEC_CHECK.violations()).singleElement().asString().contains("instanceCnt");
    }

    @Test
    void aRequestWithAnUndeclaredFieldIsAViolation() throws Exception {
        WIREMOCK.resetAll();
        SPEC_CHECK.reset();
        Scenario create = Scenario.primary(SPEC.operation("createDbSchema"));
        serve(create);
        JsonNode misspelt = Contract.renamed(create.requestBody(), "changelog", "changeLog");

        HttpResponse<String> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(WIREMOCK.baseUrl() + create.path()))
                        .header("x-api-key", Contract.API_KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(misspelt.toString())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(SPEC_CHECK.violations()).anySatisfy(v -> assertThat(v).contains("changeLog"));
    }
}

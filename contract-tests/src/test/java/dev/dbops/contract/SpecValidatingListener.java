package dev.dbops.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.LoggedResponse;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validates every request WireMock receives and every response it serves against the OpenAPI
 * document (strictly: undeclared fields are errors). It runs before the response is sent, so a
 * test that checks {@link #assertNoViolations()} after its call sees every exchange of that call.
 * Injected faults have no response to validate; their requests still are.
 */
final class SpecValidatingListener implements ServeEventListener {

    private final OpenApiInteractionValidator validator;
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final List<String> validated = Collections.synchronizedList(new ArrayList<>());

    SpecValidatingListener(OpenApiInteractionValidator validator) {
        this.validator = validator;
    }

    /** A WireMock server on a free port whose every exchange this listener checks. */
    static WireMockExtension wireMock(SpecValidatingListener listener) {
        return WireMockExtension.newInstance()
                .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort().extensions(listener))
                .build();
    }

    @Override
    public String getName() {
        return "openapi-validator";
    }

    @Override
    public void beforeResponseSent(ServeEvent event, Parameters parameters) {
        LoggedRequest request = event.getRequest();
        String exchange = request.getMethod() + " " + request.getUrl();
        SimpleRequest simpleRequest = toRequest(request);
        boolean fault = event.getResponseDefinition() != null && event.getResponseDefinition().getFault() != null;
        List<String> errors;
        if (fault) {
            errors = Contract.errors(validator.validateRequest(simpleRequest));
        } else {
            errors = Contract.errors(validator.validate(simpleRequest, toResponse(event.getResponse())));
            exchange += " -> " + event.getResponse().getStatus();
        }
        validated.add(exchange);
        for (String error : errors) {
            violations.add(exchange + ": " + error);
        }
    }

    /** Forgets earlier exchanges (call before each scenario). */
    void reset() {
        violations.clear();
        validated.clear();
    }

    /** Every violation seen since the last reset. */
    List<String> violations() {
        return List.copyOf(violations);
    }

    /** Fails unless something was validated and nothing violated the document. */
    void assertNoViolations() {
        // WireMock reports an exchange once its response is written: for a response slower than the
        // client's timeout that is after the call has already failed, so wait for it (bounded).
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (validated.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertThat(validated()).as("exchanges validated against the OpenAPI document").isNotEmpty();
        assertThat(violations()).as("requests and responses that break the OpenAPI document").isEmpty();
    }

    /** The exchanges validated since the last reset, as "METHOD url -> status". */
    List<String> validated() {
        return List.copyOf(validated);
    }

    private static SimpleRequest toRequest(LoggedRequest request) {
        URI uri = URI.create(request.getUrl());
        SimpleRequest.Builder builder = new SimpleRequest.Builder(request.getMethod().getName(), withoutServerPath(uri.getRawPath()));
        for (HttpHeader header : request.getHeaders().all()) {
            builder.withHeader(header.key(), header.values());
        }
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                builder.withQueryParam(name, value);
            }
        }
        if (request.getBody() != null && request.getBody().length > 0) {
            builder.withBody(request.getBodyAsString());
        }
        return builder.build();
    }

    /**
     * The path relative to the server it was sent to: the document declares both the bare host and
     * the gateway (https://app.harness.io/gateway, the Terraform provider's endpoint) as servers.
     */
    static String withoutServerPath(String path) {
        for (JsonNode server : Contract.SPEC.root().path("servers")) {
            String serverPath = URI.create(server.path("url").asText()).getRawPath();
            if (serverPath != null && !serverPath.isEmpty() && !serverPath.equals("/") && path.startsWith(serverPath + "/")) {
                return path.substring(serverPath.length());
            }
        }
        return path;
    }

    private static SimpleResponse toResponse(LoggedResponse response) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(response.getStatus());
        if (response.getHeaders() != null) {
            for (HttpHeader header : response.getHeaders().all()) {
                builder.withHeader(header.key(), header.values());
            }
        }
        if (response.getBody() != null && response.getBody().length > 0) {
            builder.withBody(response.getBodyAsString());
        }
        return builder.build();
    }
}

package dev.dbops.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbops.sdk.testkit.OpenApiDocument;
import dev.dbops.sdk.testkit.OpenApiDocument.NamedExample;
import dev.dbops.sdk.testkit.OpenApiDocument.Operation;
import dev.dbops.sdk.testkit.OpenApiDocument.Response;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One documented exchange of an operation, taken from the OpenAPI document: a request example (if
 * the operation has a body) and the response example it pairs with.
 *
 * <p>Pairing: a request example pairs with the success example of the same key ("seed" with
 * "seed"); a request example whose key has no response (the seed page's placeholder "Body Example")
 * pairs with the operation's first success example. An operation without a request body gives one
 * scenario per success example, or one without a body (deletes).
 *
 * @param request the request body example, or null when the operation sends none
 * @param response the response body example, or null when the response has none
 * @param pairedByKey whether request and response share their key (false for the fallback pairing)
 */
record Scenario(Operation op, String key, NamedExample request, int status, NamedExample response, boolean pairedByKey) {

    static final String ORG = "default";
    static final String PROJECT = "default_project";
    /** The schema every documented call works on (the seed's my_db_schema). */
    static final String SCHEMA = "my_db_schema";
    static final String INSTANCE = "my_db_instance";

    /** Every documented exchange of every operation, in document order. */
    static List<Scenario> all(OpenApiDocument spec) {
        List<Scenario> all = new ArrayList<>();
        for (Operation op : spec.operations()) {
            all.addAll(of(op));
        }
        return all;
    }

    /** The documented exchanges of one operation. */
    static List<Scenario> of(Operation op) {
        Response success = op.success();
        List<Scenario> scenarios = new ArrayList<>();
        if (!op.requestExamples().isEmpty()) {
            NamedExample first = success.examples().values().stream().findFirst().orElse(null);
            for (NamedExample request : op.requestExamples().values()) {
                NamedExample paired = success.examples().get(request.key());
                scenarios.add(new Scenario(op, request.key(), request, success.status(),
                        paired != null ? paired : first, paired != null || first == null));
            }
        } else if (!success.examples().isEmpty()) {
            for (NamedExample response : success.examples().values()) {
                scenarios.add(new Scenario(op, response.key(), null, success.status(), response, true));
            }
        } else {
            scenarios.add(new Scenario(op, "noContent", null, success.status(), null, true));
        }
        return scenarios;
    }

    /** The operation's main exchange: the seed's when there is one, else the first. */
    static Scenario primary(Operation op) {
        List<Scenario> scenarios = of(op);
        return scenarios.stream().filter(s -> s.key().equals("seed")).findFirst().orElse(scenarios.get(0));
    }

    /** The request body the SDK must send, or null. */
    JsonNode requestBody() {
        return request == null ? null : request.value();
    }

    /** The response body the server answers, or null. */
    JsonNode responseBody() {
        return response == null ? null : response.value();
    }

    /**
     * The path parameters: the seed page's org and project, its schema, and for calls on one
     * instance the instance the response example describes.
     */
    Map<String, String> pathParameters() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("org", ORG);
        params.put("project", PROJECT);
        if (op.path().contains("{dbschema}")) {
            params.put("dbschema", SCHEMA);
        }
        if (op.path().contains("{dbinstance}")) {
            params.put("dbinstance", Optional.ofNullable(responseBody())
                    .map(body -> body.path("identifier"))
                    .filter(JsonNode::isTextual)
                    .map(JsonNode::asText)
                    .orElse(INSTANCE));
        }
        return params;
    }

    /**
     * The response headers to serve: the JSON content type when there is a body, and each header
     * the operation declares, with the value the example implies (the list totals).
     */
    Map<String, String> responseHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (response != null) {
            headers.put("Content-Type", "application/json");
        }
        for (String header : op.responses().get(status).headers()) {
            switch (header) {
                case "X-Total-Elements" -> headers.put(header, String.valueOf(OpenApiDocument.pageItems(responseBody()).size()));
                case "X-Page-Number" -> headers.put(header, "0");
                case "X-Page-Size" -> headers.put(header, String.valueOf(FluentDriver.PAGE_SIZE));
                default -> throw new AssertionError(op.id() + " declares response header " + header
                        + " that the contract tests do not know how to fill: add it to Scenario.responseHeaders");
            }
        }
        return headers;
    }

    /** Whether the operation answers one page of a longer list (it declares the paging headers). */
    boolean isPaged() {
        return op.responses().get(status).headers().contains("X-Total-Elements");
    }

    /** The request path with its parameters filled in. */
    String path() {
        return op.path(pathParameters());
    }

    @Override
    public String toString() {
        return op.id() + " " + key + (request == null ? "" : " (request " + request.component() + ")")
                + " -> " + status + (response == null ? "" : " " + response.component());
    }
}

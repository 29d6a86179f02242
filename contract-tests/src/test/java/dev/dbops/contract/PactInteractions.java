package dev.dbops.contract;

import au.com.dius.pact.consumer.dsl.PactDslRequestWithPath;
import au.com.dius.pact.consumer.dsl.PactDslResponse;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.dsl.PactDslWithState;
import au.com.dius.pact.core.model.RequestResponsePact;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dbops.sdk.testkit.OpenApiDocument.NamedExample;
import dev.dbops.sdk.testkit.OpenApiDocument.Operation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * Builds the pact's interactions from the OpenAPI document's examples. Requests are exact (path,
 * query, headers, body); responses carry type matchers made from the example values; provider
 * states say what must (or must not) exist on the provider for the interaction.
 */
final class PactInteractions {

    /** One interaction: an SDK call of a scenario, answered with {@code status} and {@code body}. */
    record Interaction(Scenario scenario, String description, List<String> states, String apiKey, int status,
                       JsonNode body) {
    }

    private PactInteractions() {
    }

    /**
     * The documented exchanges of an operation whose request and response examples pair by key
     * (the seed page's placeholder "Body Example" is replayed on WireMock but is no contract).
     */
    static List<Interaction> documented(Operation op) {
        List<Interaction> interactions = new ArrayList<>();
        for (Scenario scenario : Scenario.of(op)) {
            if (!scenario.pairedByKey()) {
                continue;
            }
            String description = op.id() + ": " + scenario.key()
                    + (scenario.response() == null ? "" : " (" + scenario.response().component() + ")");
            interactions.add(new Interaction(scenario, description, states(scenario), Contract.API_KEY,
                    scenario.status(), scenario.responseBody()));
        }
        return interactions;
    }

    /** The operation's main call, answered by its documented error example for {@code status}. */
    static Interaction error(Operation op, int status, String apiKey, String... states) {
        NamedExample example = op.responses().get(status).examples().values().iterator().next();
        return new Interaction(Scenario.primary(op), op.id() + ": " + status + " " + example.key()
                + " (" + example.component() + ")", List.of(states), apiKey, status, example.value());
    }

    static RequestResponsePact pact(PactDslWithProvider builder, List<Interaction> interactions) {
        PactDslResponse response = null;
        for (Interaction interaction : interactions) {
            PactDslWithState state = response == null ? builder.given(interaction.states().get(0))
                    : response.given(interaction.states().get(0));
            for (String more : interaction.states().subList(1, interaction.states().size())) {
                state = state.given(more);
            }
            response = respond(request(state, interaction), interaction);
        }
        return response.toPact();
    }

    private static PactDslRequestWithPath request(PactDslWithState state, Interaction interaction) {
        Scenario scenario = interaction.scenario();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-api-key", interaction.apiKey());
        headers.put("Harness-Account", Contract.ACCOUNT_ID);
        headers.put("Accept", "application/json");
        PactDslRequestWithPath request = state.uponReceiving(interaction.description())
                .method(scenario.op().method())
                .path(scenario.path())
                .headers(headers);
        Map<String, String> query = FluentDriver.expectedQuery(scenario);
        if (!query.isEmpty()) {
            StringJoiner joined = new StringJoiner("&");
            query.forEach((name, value) -> joined.add(name + "=" + value));
            request = request.query(joined.toString());
        }
        if (scenario.requestBody() != null) {
            // A string body is matched exactly: no missing, extra or changed field.
            request = request.body(scenario.requestBody().toString(), "application/json");
        }
        return request;
    }

    private static PactDslResponse respond(PactDslRequestWithPath request, Interaction interaction) {
        PactDslResponse response = request.willRespondWith().status(interaction.status());
        if (interaction.body() != null) {
            response = response.matchHeader("Content-Type", "application/json(;.*)?", "application/json")
                    .body(PactBodies.typeMatched(interaction.body()));
        }
        if (interaction.status() == interaction.scenario().status()) {
            for (Map.Entry<String, String> header : interaction.scenario().responseHeaders().entrySet()) {
                if (!header.getKey().equals("Content-Type")) {
                    response = response.matchHeader(header.getKey(), "\\d+", header.getValue());
                }
            }
        }
        return response;
    }

    /** What must be true on the provider for the documented exchange, in words a provider team can wire up. */
    static List<String> states(Scenario scenario) {
        String schema = "schema " + Scenario.SCHEMA + " exists";
        Map<String, String> path = scenario.pathParameters();
        return switch (scenario.op().id()) {
            case "listDbSchemas" -> List.of("schemas " + identifiers(scenario.responseBody()) + " exist");
            case "createDbSchema" -> List.of("schema " + scenario.requestBody().path("identifier").asText() + " does not exist");
            case "getDbSchema", "updateDbSchema", "deleteDbSchema" -> List.of(schema);
            case "listDbInstances" -> List.of(schema, "schema " + Scenario.SCHEMA + " has instances "
                    + identifiers(scenario.responseBody()) + " tagged " + tags(scenario.responseBody().get(0)));
            case "createDbInstance" -> List.of(schema, "instance " + scenario.requestBody().path("identifier").asText()
                    + " of schema " + Scenario.SCHEMA + " does not exist");
            case "getDbInstance", "updateDbInstance", "deleteDbInstance" -> List.of(schema,
                    "instance " + path.get("dbinstance") + " of schema " + Scenario.SCHEMA + " exists");
            default -> throw new AssertionError("No provider state for " + scenario.op().id()
                    + ": say in PactInteractions.states what the provider must hold for it");
        };
    }

    private static String identifiers(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.path("identifier").asText()));
        return String.join(" and ", ids);
    }

    private static String tags(JsonNode item) {
        List<String> tags = new ArrayList<>();
        item.path("tags").fields().forEachRemaining(t -> tags.add(t.getKey() + ":" + t.getValue().asText()));
        return tags.stream().collect(Collectors.joining(", "));
    }
}

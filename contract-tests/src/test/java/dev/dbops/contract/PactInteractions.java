package dev.dbops.contract;

import au.com.dius.pact.consumer.dsl.PactDslRequestWithPath;
import au.com.dius.pact.consumer.dsl.PactDslResponse;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.dsl.PactDslWithState;
import au.com.dius.pact.core.model.RequestResponsePact;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbops.sdk.testkit.OpenApiDocument.NamedExample;
import dev.dbops.sdk.testkit.OpenApiDocument.Operation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;

import static dev.dbops.contract.Contract.SPEC;

/**
 * Builds the pact's interactions from the OpenAPI document's examples. Requests are exact (path,
 * query, headers, body); responses carry type matchers made from the example values; provider
 * states say what must (or must not) exist on the provider for the interaction.
 *
 * <p>A state that something exists carries, as its parameters, what the provider must hold for
 * the answer to have every documented field: {@code schema} (a create-schema body),
 * {@code instance} (a create-instance body), {@code migrationState} (a migration state page: the
 * changesets of the schema and where each stands on each instance). A provider creates them as
 * it sees fit; the stand-in's verification ({@code StandInHonoursThePactIT}) shows one way.
 */
final class PactInteractions {

    /** Provider state names, as the pact carries them. */
    static final String SCHEMA_EXISTS = "schema %s exists";
    static final String SCHEMA_ABSENT = "schema %s does not exist";
    static final String INSTANCE_EXISTS = "instance %s of schema %s exists";
    static final String INSTANCE_ABSENT = "instance %s of schema %s does not exist";
    static final String TAG_DEPLOYED = "tag %s is deployed on instance %s of schema %s";
    static final String MIGRATION_STATE = "the changesets of schema %s stand on its instances as the parameters say";

    /** A provider state: its name, and what the provider needs to set it up. */
    record State(String name, Map<String, Object> params) {
        static State of(String name) {
            return new State(name, Map.of());
        }
    }

    /** One interaction: an SDK call of a scenario, answered with {@code status} and {@code body}. */
    record Interaction(Scenario scenario, String description, List<State> states, String apiKey, int status,
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
    static Interaction error(Operation op, int status, String apiKey, State... states) {
        return error(Scenario.primary(op), status, apiKey, states);
    }

    /** This exchange of the operation, answered by its documented error example for {@code status}. */
    static Interaction error(Scenario scenario, int status, String apiKey, State... states) {
        Operation op = scenario.op();
        NamedExample example = op.responses().get(status).examples().values().iterator().next();
        return new Interaction(scenario, op.id() + ": " + status + " " + example.key()
                + " (" + example.component() + ")" + (scenario.equals(Scenario.primary(op)) ? "" : " for " + scenario.key()),
                List.of(states), apiKey, status, example.value());
    }

    static RequestResponsePact pact(PactDslWithProvider builder, List<Interaction> interactions) {
        PactDslResponse response = null;
        for (Interaction interaction : interactions) {
            State first = interaction.states().get(0);
            PactDslWithState state = response == null ? builder.given(first.name(), first.params())
                    : response.given(first.name(), first.params());
            for (State more : interaction.states().subList(1, interaction.states().size())) {
                state = state.given(more.name(), more.params());
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
    static List<State> states(Scenario scenario) {
        Map<String, String> path = scenario.pathParameters();
        String schema = Scenario.SCHEMA;
        JsonNode response = scenario.responseBody();
        List<State> states = new ArrayList<>();
        switch (FluentDriver.operation(scenario.op().id())) {
            case LIST_SCHEMAS -> response.forEach(item -> states.add(schemaExists(item)));
            case CREATE_SCHEMA -> states.add(State.of(SCHEMA_ABSENT.formatted(scenario.requestBody().path("identifier").asText())));
            // The schema as the answer shows it (an update's answer shows every field it keeps).
            case GET_SCHEMA, UPDATE_SCHEMA -> states.add(schemaExists(response));
            case DELETE_SCHEMA -> states.add(schemaExists(documentedCreate("createDbSchema", schema)));
            case LIST_INSTANCES -> {
                states.add(schemaExists(documentedCreate("createDbSchema", schema)));
                response.forEach(item -> states.addAll(instanceExists(item)));
            }
            case CREATE_INSTANCE -> {
                states.add(schemaExists(documentedCreate("createDbSchema", schema)));
                states.add(State.of(INSTANCE_ABSENT.formatted(scenario.requestBody().path("identifier").asText(), schema)));
            }
            case GET_INSTANCE, UPDATE_INSTANCE -> {
                states.add(schemaExists(documentedCreate("createDbSchema", schema)));
                states.addAll(instanceExists(response));
            }
            case DELETE_INSTANCE -> {
                states.add(schemaExists(documentedCreate("createDbSchema", schema)));
                states.addAll(instanceExists(documentedCreate("createDbInstance", path.get("dbinstance"))));
            }
            // Both views of the migration state, and the overview, are answered from the one story of
            // the operation's main example (the others are filtered views of it).
            case GET_MIGRATION_STATE, GET_PROJECT_OVERVIEW -> states.addAll(migrationStory());
        }
        return states;
    }

    /** The schema, its instances and where its changesets stand, as the main migration state example tells. */
    static List<State> migrationStory() {
        JsonNode story = Scenario.primary(SPEC.operation("getMigrationState")).responseBody();
        String schema = story.path("schema").asText();
        List<State> states = new ArrayList<>();
        states.add(schemaExists(documentedCreate("createDbSchema", schema)));
        story.path("instances").forEach(i -> states.addAll(instanceExists(documentedCreate("createDbInstance",
                i.path("identifier").asText()))));
        states.add(new State(MIGRATION_STATE.formatted(schema), Map.of("migrationState", params(story))));
        return states;
    }

    /** "schema X exists", with the create body that makes it answer as {@code schema} shows. */
    static State schemaExists(JsonNode schema) {
        return new State(SCHEMA_EXISTS.formatted(schema.path("identifier").asText()),
                Map.of("schema", params(createBody("DbSchemaCreate", schema))));
    }

    /**
     * "instance X of schema S exists", with the create body that makes it answer as
     * {@code instance} shows; and when the answer shows a deployed tag, "tag T is deployed on it".
     */
    static List<State> instanceExists(JsonNode instance) {
        String id = instance.path("identifier").asText();
        String schema = instance.path("schemaIdentifier").asText(Scenario.SCHEMA);
        // The seed page's answer names the schema my_db_schema1 although the call named my_db_schema.
        schema = schema.equals(Scenario.SCHEMA + "1") ? Scenario.SCHEMA : schema;
        List<State> states = new ArrayList<>();
        states.add(new State(INSTANCE_EXISTS.formatted(id, schema),
                Map.of("schema", schema, "instance", params(createBody("DbInstanceCreate", instance)))));
        String tag = instance.path("lastAppliedTag").asText(instance.path("lastDeployedChangeSetTag").asText(""));
        if (!tag.isEmpty()) {
            states.add(new State(TAG_DEPLOYED.formatted(tag, id, schema),
                    Map.of("schema", schema, "instance", id, "tag", tag)));
        }
        return states;
    }

    /** The first documented create request (of {@code operationId}) for this identifier. */
    static JsonNode documentedCreate(String operationId, String identifier) {
        return SPEC.operation(operationId).requestExamples().values().stream().map(NamedExample::value)
                .filter(body -> body.path("identifier").asText().equals(identifier))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No " + operationId + " request example creates " + identifier
                        + ": a provider state needs one to say what to create"));
    }

    /** The fields of {@code source} that a create body ({@code createSchema} of the document) declares. */
    static JsonNode createBody(String createSchema, JsonNode source) {
        Set<String> declared = new TreeSet<>();
        JsonNode properties = SPEC.root().path("components").path("schemas").path(createSchema).path("properties");
        properties.fieldNames().forEachRemaining(declared::add);
        if (declared.isEmpty()) {
            throw new AssertionError("The document has no schema " + createSchema + " with properties");
        }
        ObjectNode body = Contract.MAPPER.createObjectNode();
        source.fields().forEachRemaining(f -> {
            if (declared.contains(f.getKey())) {
                body.set(f.getKey(), f.getValue().deepCopy());
            }
        });
        return body;
    }

    /** A JSON object as provider state parameters. */
    static Map<String, Object> params(JsonNode object) {
        return Contract.MAPPER.convertValue(object, new TypeReference<Map<String, Object>>() { });
    }
}

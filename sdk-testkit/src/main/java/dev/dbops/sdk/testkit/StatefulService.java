package dev.dbops.sdk.testkit;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The ten operations of the Database DevOps API over an in-memory store, one per
 * account/org/project, behaving as the real service does where that is known. Where it is not,
 * the choice is written here:
 * <ul>
 *   <li>a duplicate identifier answers 400 with a message (the document declares no 409);</li>
 *   <li>deleting a schema that still has instances answers 400 and deletes nothing, so callers
 *       delete instances first, as Terraform's dependency order does;</li>
 *   <li>an instance filter with NotEquals keeps the instances that match none of the given tags.</li>
 * </ul>
 * Requests that break the OpenAPI document answer 400 with the validator's first message; a missing
 * {@code x-api-key} answers 401. HTTP-independent, so it can sit behind any server.
 */
public final class StatefulService {

    /** What the service answers. */
    public record Reply(int status, Map<String, String> headers, String body) {
    }

    private static final Pattern SCHEMAS = Pattern.compile("^/v1/orgs/([^/]+)/projects/([^/]+)/dbschema$");
    private static final Pattern SCHEMA = Pattern.compile("^/v1/orgs/([^/]+)/projects/([^/]+)/dbschema/([^/]+)$");
    private static final Pattern INSTANCE_LIST =
            Pattern.compile("^/v1/orgs/([^/]+)/projects/([^/]+)/dbschema/([^/]+)/instancelist$");
    private static final Pattern INSTANCES = Pattern.compile("^/v1/orgs/([^/]+)/projects/([^/]+)/dbschema/([^/]+)/instance$");
    private static final Pattern INSTANCE =
            Pattern.compile("^/v1/orgs/([^/]+)/projects/([^/]+)/dbschema/([^/]+)/instance/([^/]+)$");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final OpenApiInteractionValidator validator;
    private final Clock clock;
    private final Map<String, ProjectState> projects = new ConcurrentHashMap<>();

    /** A service that checks requests against {@code document} and stamps times from {@code clock}. */
    public StatefulService(OpenApiDocument document, Clock clock) {
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document.text()).build();
        this.clock = clock;
    }

    /** Forgets every schema and instance. */
    public void reset() {
        projects.clear();
    }

    /**
     * Answers one request.
     *
     * @param path the path without query string, as sent (percent-encoded)
     * @param query query parameters (first value of each)
     * @param headers request headers, names in any case
     */
    public Reply handle(String method, String path, Map<String, String> query, Map<String, String> headers, String body) {
        Map<String, String> lowerHeaders = headers.entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (a, b) -> a));
        String apiKey = lowerHeaders.get("x-api-key");
        if (apiKey == null || apiKey.isBlank()) {
            return error(401, "Missing x-api-key header: authenticate with a Harness API key");
        }
        String invalid = validate(method, path, query, lowerHeaders, body);
        if (invalid != null) {
            return error(400, invalid);
        }
        String account = lowerHeaders.getOrDefault("harness-account", "default_account");
        try {
            JsonNode json = body == null || body.isBlank() ? NODES.objectNode() : JSON.readTree(body);
            Matcher m;
            synchronized (this) {
                if ((m = SCHEMAS.matcher(path)).matches()) {
                    ProjectState p = project(account, m);
                    return method.equals("POST") ? createSchema(p, (ObjectNode) json) : listSchemas(p, query);
                }
                if ((m = SCHEMA.matcher(path)).matches()) {
                    ProjectState p = project(account, m);
                    String id = m.group(3);
                    return switch (method) {
                        case "GET" -> schema(p, id) == null ? schemaNotFound(id) : ok(200, schema(p, id).json);
                        case "PUT" -> updateSchema(p, id, (ObjectNode) json);
                        default -> deleteSchema(p, id);
                    };
                }
                if ((m = INSTANCE_LIST.matcher(path)).matches()) {
                    SchemaState s = schema(project(account, m), m.group(3));
                    return s == null ? schemaNotFound(m.group(3)) : listInstances(s, query, json);
                }
                if ((m = INSTANCES.matcher(path)).matches()) {
                    SchemaState s = schema(project(account, m), m.group(3));
                    return s == null ? schemaNotFound(m.group(3)) : createInstance(s, (ObjectNode) json);
                }
                if ((m = INSTANCE.matcher(path)).matches()) {
                    SchemaState s = schema(project(account, m), m.group(3));
                    if (s == null) {
                        return schemaNotFound(m.group(3));
                    }
                    String id = m.group(4);
                    ObjectNode instance = s.instances.get(id);
                    if (instance == null) {
                        return error(404, "Database instance " + id + " not found in schema " + s.identifier());
                    }
                    return switch (method) {
                        case "GET" -> ok(200, instance);
                        case "PUT" -> updateInstance(s, instance, (ObjectNode) json);
                        default -> deleteInstance(s, id);
                    };
                }
            }
            return error(404, "No such endpoint: " + method + " " + path);
        } catch (IOException | ClassCastException e) {
            return error(400, "Request body is not a JSON object: " + e.getMessage());
        }
    }

    private String validate(String method, String path, Map<String, String> query, Map<String, String> headers,
                            String body) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(method, path);
        headers.forEach(request::withHeader);
        query.forEach((k, v) -> request.withQueryParam(k, v));
        if (body != null && !body.isEmpty()) {
            request.withBody(body);
        }
        ValidationReport report = validator.validateRequest(request.build());
        return report.getMessages().stream()
                .filter(msg -> msg.getLevel() == ValidationReport.Level.ERROR)
                .map(ValidationReport.Message::getMessage)
                .findFirst()
                .orElse(null);
    }

    // ---- schemas ----

    private Reply createSchema(ProjectState p, ObjectNode body) {
        String id = body.path("identifier").asText();
        if (id.equals("overview")) {
            return error(400, "Identifier overview is reserved");
        }
        if (p.schemas.containsKey(id)) {
            return error(400, "Database schema with identifier " + id + " already exists");
        }
        long now = clock.instant().getEpochSecond();
        ObjectNode schema = body.deepCopy();
        if (!schema.has("type")) {
            schema.put("type", schema.has("changeLogScript") && !schema.has("changelog") ? "Script" : "Repository");
        }
        if (!schema.has("migrationType")) {
            schema.put("migrationType", "Liquibase");
        }
        schema.put("schemaSourceType", sourceType(schema));
        schema.put("parentId", p.parentId);
        schema.put("instanceCount", 0);
        schema.put("created", now);
        schema.put("updated", now);
        p.schemas.put(id, new SchemaState(UUID.randomUUID().toString(), schema, new LinkedHashMap<>()));
        return ok(201, schema);
    }

    private Reply updateSchema(ProjectState p, String id, ObjectNode body) {
        SchemaState s = schema(p, id);
        if (s == null) {
            return schemaNotFound(id);
        }
        for (String field : List.of("name", "tags", "type", "changelog", "changeLogScript", "service", "usePercona",
                "primaryDbInstanceId")) {
            if (body.has(field)) {
                s.json.set(field, body.get(field).deepCopy());
            }
        }
        s.json.put("schemaSourceType", sourceType(s.json));
        s.json.put("updated", clock.instant().getEpochSecond());
        return ok(200, s.json);
    }

    private Reply deleteSchema(ProjectState p, String id) {
        SchemaState s = schema(p, id);
        if (s == null) {
            return schemaNotFound(id);
        }
        if (!s.instances.isEmpty()) {
            return error(400, "Database schema " + id + " still has " + s.instances.size()
                    + " instance(s); delete them first");
        }
        p.schemas.remove(id);
        return new Reply(204, Map.of(), "");
    }

    private Reply listSchemas(ProjectState p, Map<String, String> query) {
        String migrationType = query.get("migrationType");
        List<ObjectNode> all = p.schemas.values().stream()
                .map(SchemaState::json)
                .filter(s -> migrationType == null || migrationType.equals(s.path("migrationType").asText()))
                .collect(Collectors.toList());
        return page(all, query);
    }

    private static String sourceType(ObjectNode schema) {
        if ("Script".equals(schema.path("type").asText())) {
            return "Custom";
        }
        String connector = schema.path("changelog").path("connector").asText("");
        return connector.isEmpty() ? "HarnessCode" : "Git";
    }

    // ---- instances ----

    private Reply createInstance(SchemaState s, ObjectNode body) {
        String id = body.path("identifier").asText();
        if (id.equals("overview")) {
            return error(400, "Identifier overview is reserved");
        }
        if (s.instances.containsKey(id)) {
            return error(400, "Database instance with identifier " + id + " already exists in schema " + s.identifier());
        }
        String revisionProblem = revisionProblem(body);
        if (revisionProblem != null) {
            return error(400, revisionProblem);
        }
        long now = clock.instant().getEpochSecond();
        ObjectNode instance = body.deepCopy();
        instance.put("lastDeployedChangeSetTag", "");
        instance.put("schemaId", s.id);
        instance.put("schemaIdentifier", s.identifier());
        instance.put("toOnboard", true);
        instance.put("created", now);
        instance.put("updated", now);
        s.instances.put(id, instance);
        s.json.put("instanceCount", s.instances.size());
        return ok(201, instance);
    }

    private Reply updateInstance(SchemaState s, ObjectNode instance, ObjectNode body) {
        ObjectNode merged = instance.deepCopy();
        if (body.has("branch") || body.has("commitSha") || body.has("gitTag")) {
            // A new revision replaces the old one, whichever kind it was.
            merged.remove(List.of("branch", "commitSha", "gitTag"));
        }
        for (String field : List.of("name", "tags", "branch", "commitSha", "gitTag", "connector", "context",
                "version", "substituteProperties")) {
            if (body.has(field)) {
                merged.set(field, body.get(field).deepCopy());
            }
        }
        String revisionProblem = revisionProblem(merged);
        if (revisionProblem != null) {
            return error(400, revisionProblem);
        }
        merged.put("updated", clock.instant().getEpochSecond());
        instance.removeAll();
        instance.setAll(merged);
        return ok(200, instance);
    }

    private Reply deleteInstance(SchemaState s, String id) {
        s.instances.remove(id);
        s.json.put("instanceCount", s.instances.size());
        return new Reply(204, Map.of(), "");
    }

    private Reply listInstances(SchemaState s, Map<String, String> query, JsonNode filter) {
        boolean notEquals = "NotEquals".equals(filter.path("filterType").asText());
        Map<String, String> wanted = new LinkedHashMap<>();
        filter.path("instanceTags").forEach(t -> wanted.put(t.path("key").asText(), t.path("value").asText()));
        List<ObjectNode> all = s.instances.values().stream()
                .filter(i -> wanted.isEmpty() || (notEquals ? matchesNone(i, wanted) : matchesAll(i, wanted)))
                .collect(Collectors.toList());
        return page(all, query);
    }

    private static boolean matchesAll(ObjectNode instance, Map<String, String> tags) {
        return tags.entrySet().stream().allMatch(t -> t.getValue().equals(instance.path("tags").path(t.getKey()).asText(null)));
    }

    private static boolean matchesNone(ObjectNode instance, Map<String, String> tags) {
        return tags.entrySet().stream().noneMatch(t -> t.getValue().equals(instance.path("tags").path(t.getKey()).asText(null)));
    }

    private static String revisionProblem(JsonNode instance) {
        int revisions = (instance.has("branch") ? 1 : 0) + (instance.has("commitSha") ? 1 : 0) + (instance.has("gitTag") ? 1 : 0);
        return revisions > 1 ? "Only one of branch, commitSha and gitTag may be set" : null;
    }

    // ---- shared ----

    /** Filters by search term, sorts, and cuts one page; totals go in the X-… headers. */
    private Reply page(List<ObjectNode> items, Map<String, String> query) {
        int page = Integer.parseInt(query.getOrDefault("page", "0"));
        int limit = Integer.parseInt(query.getOrDefault("limit", "10"));
        String term = query.getOrDefault("search_term", "").toLowerCase(Locale.ROOT);
        String sort = query.getOrDefault("sort", "created");
        boolean ascending = "ASC".equals(query.getOrDefault("order", "DESC"));
        Comparator<ObjectNode> bySort = sort.equals("name")
                ? Comparator.comparing((ObjectNode n) -> n.path("name").asText(""), String.CASE_INSENSITIVE_ORDER)
                : Comparator.comparingLong((ObjectNode n) -> n.path(sort).asLong());
        List<ObjectNode> sorted = new ArrayList<>();
        for (ObjectNode item : items) {
            if (term.isEmpty() || item.path("name").asText("").toLowerCase(Locale.ROOT).contains(term)
                    || item.path("identifier").asText("").toLowerCase(Locale.ROOT).contains(term)) {
                sorted.add(item);
            }
        }
        // The sort is stable: ties keep insertion order ascending, and newest first descending.
        if (!ascending) {
            Collections.reverse(sorted);
        }
        sorted.sort(ascending ? bySort : bySort.reversed());
        ArrayNode body = NODES.arrayNode();
        long from = (long) page * limit;
        for (long i = from; i < Math.min(sorted.size(), from + limit); i++) {
            body.add(sorted.get((int) i));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Total-Elements", String.valueOf(sorted.size()));
        headers.put("X-Page-Number", String.valueOf(page));
        headers.put("X-Page-Size", String.valueOf(limit));
        return new Reply(200, headers, body.toString());
    }

    private ProjectState project(String account, Matcher m) {
        String key = account + "/" + m.group(1) + "/" + m.group(2);
        return projects.computeIfAbsent(key, k -> new ProjectState(
                Base64.getUrlEncoder().withoutPadding().encodeToString(UUID.nameUUIDFromBytes(k.getBytes()).toString()
                        .substring(0, 16).getBytes()), new LinkedHashMap<>()));
    }

    private static SchemaState schema(ProjectState p, String id) {
        return p.schemas.get(id);
    }

    private static Reply schemaNotFound(String id) {
        return error(404, "Database schema " + id + " not found");
    }

    private static Reply ok(int status, JsonNode body) {
        return new Reply(status, Map.of(), body.toString());
    }

    private static Reply error(int status, String message) {
        return new Reply(status, Map.of(), NODES.objectNode().put("message", message).toString());
    }

    private record ProjectState(String parentId, Map<String, SchemaState> schemas) {
    }

    private record SchemaState(String id, ObjectNode json, Map<String, ObjectNode> instances) {
        String identifier() {
            return json.path("identifier").asText();
        }
    }
}

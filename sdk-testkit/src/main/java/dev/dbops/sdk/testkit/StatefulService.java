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
 * The twelve operations of the Database DevOps API over an in-memory store, one per
 * account/org/project, behaving as the real service does where that is known. Where it is not,
 * the choice is written here:
 * <ul>
 *   <li>a duplicate identifier answers 400 with a message (the document declares no 409);</li>
 *   <li>deleting a schema that still has instances answers 400 and deletes nothing, so callers
 *       delete instances first, as Terraform's dependency order does;</li>
 *   <li>an instance filter with NotEquals keeps the instances that match none of the given tags;
 *       a filter tag without a value (or with a null one) matches any value of its key;</li>
 *   <li>a migration state filter naming an instance the schema does not have answers 400 (a typo
 *       should not read as "nothing deployed there");</li>
 *   <li>a changeset is {@code synced} when it is deployed on every instance of the schema (none
 *       when the schema has no instance), whatever instances the request asked about;</li>
 *   <li>the overview's recent deployments are the last deployment run of each instance (a
 *       failed one counts, a rollback does not), newest first, at most five.</li>
 * </ul>
 * Migration state comes from the test: {@link #registerChangeSets} and {@link #deploy} (through
 * {@link DbOpsStandIn}); deleting an instance forgets what was deployed on it.
 * Requests that break the OpenAPI document answer 400 with the validator's first message; a missing
 * {@code x-api-key} answers 401. HTTP-independent, so it can sit behind any server.
 */
public final class StatefulService {

    /**
     * What the service answers.
     *
     * @param status the HTTP status code
     * @param headers response headers beyond {@code Content-Type} (the paging headers of a list);
     *     empty for most answers
     * @param body the JSON body, or empty for a 204
     */
    public record Reply(int status, Map<String, String> headers, String body) {
    }

    private static final Pattern SCHEMAS = Pattern.compile("^/v1/orgs/([^/]+)/projects/([^/]+)/dbschema$");
    private static final Pattern SCHEMA = Pattern.compile("^/v1/orgs/([^/]+)/projects/([^/]+)/dbschema/([^/]+)$");
    private static final Pattern INSTANCE_LIST =
            Pattern.compile("^/v1/orgs/([^/]+)/projects/([^/]+)/dbschema/([^/]+)/instancelist$");
    private static final Pattern INSTANCES = Pattern.compile("^/v1/orgs/([^/]+)/projects/([^/]+)/dbschema/([^/]+)/instance$");
    private static final Pattern INSTANCE =
            Pattern.compile("^/v1/orgs/([^/]+)/projects/([^/]+)/dbschema/([^/]+)/instance/([^/]+)$");
    private static final Pattern MIGRATION_STATE =
            Pattern.compile("^/v1/orgs/([^/]+)/projects/([^/]+)/dbschema/([^/]+)/migrationstate$");
    // Has the shape of SCHEMA: matched first, which is why "overview" is a reserved identifier.
    private static final Pattern OVERVIEW = Pattern.compile("^/v1/orgs/([^/]+)/projects/([^/]+)/dbschema/overview$");
    private static final int RECENT_DEPLOYMENTS = 5;
    private static final String DEPLOYED = "Successfully_Deployed";
    private static final String NOT_DEPLOYED = "Not_Deployed";
    private static final String ROLLED_BACK = "Rolled_Back";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final OpenApiInteractionValidator validator;
    private final Clock clock;
    private final Map<String, ProjectState> projects = new ConcurrentHashMap<>();

    /**
     * A service that checks requests against {@code document} and stamps times from {@code clock}.
     *
     * @param document the OpenAPI document requests are validated against, usually {@link OpenApiDocument#load()}
     * @param clock the clock for {@code created}, {@code updated} and deployment times (in whole seconds)
     */
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
     * @param method the HTTP method, in upper case
     * @param path the path without query string, as sent (percent-encoded)
     * @param query query parameters (first value of each)
     * @param headers request headers, names in any case
     * @param body the request body, or null or empty when there is none
     * @return the answer: 401 without an API key, 400 for a request the document refuses, 404 for
     *     an unknown schema, instance or path, else the operation's result
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
                if (method.equals("GET") && (m = OVERVIEW.matcher(path)).matches()) {
                    return overview(project(account, m));
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
                if ((m = MIGRATION_STATE.matcher(path)).matches()) {
                    SchemaState s = schema(project(account, m), m.group(3));
                    return s == null ? schemaNotFound(m.group(3)) : migrationState(s, query, json);
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
        if (!schema.has("usePercona")) {
            // The service always answers it.
            schema.put("usePercona", false);
        }
        schema.put("schemaSourceType", sourceType(schema));
        schema.put("parentId", p.parentId);
        schema.put("instanceCount", 0);
        schema.put("created", now);
        schema.put("updated", now);
        p.schemas.put(id, new SchemaState(UUID.randomUUID().toString(), schema));
        return ok(201, schema);
    }

    private Reply updateSchema(ProjectState p, String id, ObjectNode body) {
        SchemaState s = schema(p, id);
        if (s == null) {
            return schemaNotFound(id);
        }
        for (String field : List.of("name", "tags", "type", "service", "usePercona", "primaryDbInstanceId")) {
            if (body.has(field)) {
                s.json.set(field, body.get(field).deepCopy());
            }
        }
        // An update's changelog carries only what changes: the fields it leaves out are kept.
        for (String field : List.of("changelog", "changeLogScript")) {
            if (body.path(field).isObject()) {
                JsonNode kept = s.json.path(field);
                ObjectNode merged = kept.isObject() ? ((ObjectNode) kept).deepCopy() : NODES.objectNode();
                merged.setAll((ObjectNode) body.get(field).deepCopy());
                s.json.set(field, merged);
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
        // The update body's version is not kept: an instance as the service answers it has none.
        for (String field : List.of("name", "tags", "branch", "commitSha", "gitTag", "connector", "context",
                "substituteProperties")) {
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
        s.deployments.remove(id);
        s.lastDeployed.remove(id);
        s.json.put("instanceCount", s.instances.size());
        return new Reply(204, Map.of(), "");
    }

    private Reply listInstances(SchemaState s, Map<String, String> query, JsonNode filter) {
        boolean notEquals = "NotEquals".equals(filter.path("filterType").asText());
        Map<String, String> wanted = new LinkedHashMap<>();
        // A null value stands for a bare key: any value of it.
        filter.path("instanceTags").forEach(t -> wanted.put(t.path("key").asText(), t.path("value").textValue()));
        List<ObjectNode> all = s.instances.values().stream()
                .filter(i -> wanted.isEmpty() || (notEquals ? matchesNone(i, wanted) : matchesAll(i, wanted)))
                .collect(Collectors.toList());
        return page(all, query);
    }

    private static boolean matchesAll(ObjectNode instance, Map<String, String> tags) {
        return tags.entrySet().stream().allMatch(t -> hasTag(instance, t.getKey(), t.getValue()));
    }

    private static boolean matchesNone(ObjectNode instance, Map<String, String> tags) {
        return tags.entrySet().stream().noneMatch(t -> hasTag(instance, t.getKey(), t.getValue()));
    }

    private static boolean hasTag(ObjectNode instance, String key, String value) {
        JsonNode actual = instance.path("tags").path(key);
        return value == null ? actual.isTextual() : value.equals(actual.asText(null));
    }

    private static String revisionProblem(JsonNode instance) {
        int revisions = (instance.has("branch") ? 1 : 0) + (instance.has("commitSha") ? 1 : 0) + (instance.has("gitTag") ? 1 : 0);
        return revisions > 1 ? "Only one of branch, commitSha and gitTag may be set" : null;
    }

    // ---- migration state and overview ----

    private Reply migrationState(SchemaState s, Map<String, String> query, JsonNode body) {
        JsonNode filter = body.path("instanceFilter");
        List<ObjectNode> instances = new ArrayList<>();
        if (filter.path("instances").isArray()) {
            for (JsonNode wanted : filter.path("instances")) {
                ObjectNode instance = s.instances.get(wanted.asText());
                if (instance == null) {
                    return error(400, "Database instance " + wanted.asText() + " not found in schema " + s.identifier());
                }
                if (!instances.contains(instance)) {
                    instances.add(instance);
                }
            }
        } else {
            instances.addAll(s.instances.values());
        }
        String sort = filter.path("sort").asText("identifier");
        Comparator<ObjectNode> order = switch (sort) {
            case "name" -> Comparator.comparing((ObjectNode i) -> i.path("name").asText(""), String.CASE_INSENSITIVE_ORDER);
            case "created", "updated" -> Comparator.comparingLong((ObjectNode i) -> i.path(sort).asLong());
            default -> Comparator.comparing((ObjectNode i) -> i.path("identifier").asText());
        };
        order = order.thenComparing(i -> i.path("identifier").asText());
        instances.sort("DESC".equals(filter.path("order").asText("ASC")) ? order.reversed() : order);

        String term = query.getOrDefault("search_term", "").toLowerCase(Locale.ROOT);
        List<RegisteredChangeSet> matching = s.changeSets.values().stream()
                .filter(c -> c.changeSet().id().toLowerCase(Locale.ROOT).contains(term))
                .collect(Collectors.toList());
        int page = Integer.parseInt(query.getOrDefault("page", "0"));
        int limit = Integer.parseInt(query.getOrDefault("limit", "10"));

        ObjectNode out = NODES.objectNode().put("schema", s.identifier());
        ArrayNode reported = out.putArray("instances");
        instances.forEach(i -> reported.addObject().put("identifier", i.path("identifier").asText())
                .put("name", i.path("name").asText()));
        ArrayNode changeSets = out.putArray("changeSets");
        long from = (long) page * limit;
        for (long n = from; n < Math.min(matching.size(), from + limit); n++) {
            changeSets.add(changeSetState(s, matching.get((int) n), instances));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Total-Elements", String.valueOf(matching.size()));
        headers.put("X-Page-Number", String.valueOf(page));
        headers.put("X-Page-Size", String.valueOf(limit));
        return new Reply(200, headers, out.toString());
    }

    private static ObjectNode changeSetState(SchemaState s, RegisteredChangeSet registered, List<ObjectNode> instances) {
        ChangeSet changeSet = registered.changeSet();
        long updated = registered.registered();
        boolean synced = !s.instances.isEmpty();
        for (String instance : s.instances.keySet()) {
            ObjectNode record = s.deployments.getOrDefault(instance, Map.of()).get(changeSet.id());
            synced &= record != null && DEPLOYED.equals(record.path("status").asText());
            if (record != null) {
                updated = Math.max(updated, record.path("updated").asLong());
            }
        }
        ObjectNode state = NODES.objectNode().put("changeSet", changeSet.id()).put("synced", synced).put("updated", updated);
        if (changeSet.author() != null) {
            state.put("author", changeSet.author());
        }
        if (changeSet.fileName() != null) {
            state.put("fileName", changeSet.fileName());
        }
        if (changeSet.fqn() != null) {
            state.put("changeSetFQN", changeSet.fqn());
        }
        ArrayNode perInstance = state.putArray("instances");
        for (ObjectNode instance : instances) {
            String id = instance.path("identifier").asText();
            ObjectNode record = s.deployments.getOrDefault(id, Map.of()).get(changeSet.id());
            perInstance.add(record != null ? record.deepCopy()
                    : NODES.objectNode().put("instance", id).put("status", NOT_DEPLOYED));
        }
        return state;
    }

    private Reply overview(ProjectState p) {
        record Recent(SchemaState schema, ObjectNode instance, long lastDeployed) {
        }
        List<Recent> recent = new ArrayList<>();
        int instanceCount = 0;
        for (SchemaState s : p.schemas.values()) {
            instanceCount += s.instances.size();
            s.lastDeployed.forEach((id, when) -> recent.add(new Recent(s, s.instances.get(id), when)));
        }
        recent.sort(Comparator.comparingLong(Recent::lastDeployed).reversed()
                .thenComparing(r -> r.schema().identifier())
                .thenComparing(r -> r.instance().path("identifier").asText()));
        ObjectNode out = NODES.objectNode().put("dbSchemaCount", p.schemas.size()).put("dbInstanceCount", instanceCount);
        ArrayNode deployments = out.putArray("recentDeployments");
        recent.stream().limit(RECENT_DEPLOYMENTS).forEach(r -> deployments.addObject()
                .put("dbSchemaIdentifier", r.schema().identifier())
                .put("dbSchemaName", r.schema().json().path("name").asText())
                .put("dbInstanceIdentifier", r.instance().path("identifier").asText())
                .put("dbInstanceName", r.instance().path("name").asText())
                .put("lastDeployed", r.lastDeployed()));
        return ok(200, out);
    }

    /**
     * Appends changesets to a schema's changelog, in order. The schema is found by identifier in
     * whatever account and project it was created.
     *
     * @param schema the schema's identifier
     * @param changeSets the changesets to append, in changelog order; none is registered when one
     *     of them is registered already
     * @throws IllegalArgumentException when no schema (or more than one) has that identifier, or a
     *     changeset is registered already
     */
    public synchronized void registerChangeSets(String schema, List<ChangeSet> changeSets) {
        SchemaState s = locate(schema);
        long now = clock.instant().getEpochSecond();
        for (ChangeSet changeSet : changeSets) {
            if (s.changeSets.containsKey(changeSet.id())) {
                throw new IllegalArgumentException("Changeset " + changeSet.id() + " of schema " + schema
                        + " is registered already");
            }
        }
        changeSets.forEach(c -> s.changeSets.put(c.id(), new RegisteredChangeSet(c, now)));
    }

    /**
     * Records a deployment (or its failure, or a rollback) of a registered changeset on an
     * instance of the schema. A deployment that is not a rollback makes it the instance's last
     * deployment (the overview's), and ends {@code toOnboard}; a successful one with a tag sets the
     * instance's {@code lastAppliedTag} and {@code lastDeployedChangeSetTag}.
     *
     * @param deployment what happened to which changeset on which instance
     * @throws IllegalArgumentException when the schema, the instance or the changeset is unknown
     */
    public synchronized void deploy(Deployment deployment) {
        SchemaState s = locate(deployment.schema());
        ObjectNode instance = s.instances.get(deployment.instance());
        if (instance == null) {
            throw new IllegalArgumentException("Schema " + s.identifier() + " has no instance " + deployment.instance()
                    + "; it has " + s.instances.keySet());
        }
        if (!s.changeSets.containsKey(deployment.changeSet())) {
            throw new IllegalArgumentException("Schema " + s.identifier() + " has no changeset " + deployment.changeSet()
                    + ": register it first with changeSets(...); it has " + s.changeSets.keySet());
        }
        Map<String, ObjectNode> recorded = s.deployments.computeIfAbsent(deployment.instance(), k -> new LinkedHashMap<>());
        if (deployment.status().equals(NOT_DEPLOYED)) {
            recorded.remove(deployment.changeSet());
            return;
        }
        long when = deployment.at().orElseGet(clock::instant).getEpochSecond();
        ObjectNode record = NODES.objectNode().put("instance", deployment.instance()).put("status", deployment.status())
                .put("updated", when);
        deployment.tag().ifPresent(tag -> record.put("tag", tag));
        deployment.pipeline().ifPresent(pipeline -> record.put("pipeline", pipeline));
        deployment.planExecutionId().ifPresent(id -> record.put("planExecutionId", id));
        deployment.stageExecutionId().ifPresent(id -> record.put("stageExecutionId", id));
        deployment.error().ifPresent(error -> record.put("error", error));
        recorded.put(deployment.changeSet(), record);
        if (!deployment.status().equals(ROLLED_BACK)) {
            s.lastDeployed.merge(deployment.instance(), when, Math::max);
            instance.put("toOnboard", false);
        }
        if (deployment.status().equals(DEPLOYED) && deployment.tag().isPresent()) {
            instance.put("lastAppliedTag", deployment.tag().get());
            instance.put("lastDeployedChangeSetTag", deployment.tag().get());
        }
    }

    /** The one schema with this identifier, in any account and project. */
    private SchemaState locate(String schema) {
        List<SchemaState> found = projects.values().stream().map(p -> p.schemas.get(schema))
                .filter(java.util.Objects::nonNull).collect(Collectors.toList());
        if (found.isEmpty()) {
            throw new IllegalArgumentException("No schema " + schema + " on the stand-in: create it first");
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("Schema " + schema + " exists in " + found.size()
                    + " projects or accounts of the stand-in: give the schemas distinct identifiers");
        }
        return found.get(0);
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

    /** A schema, its instances, its changesets in changelog order, and what each instance recorded of them. */
    private record SchemaState(String id, ObjectNode json, Map<String, ObjectNode> instances,
                               Map<String, RegisteredChangeSet> changeSets,
                               Map<String, Map<String, ObjectNode>> deployments, Map<String, Long> lastDeployed) {
        SchemaState(String id, ObjectNode json) {
            this(id, json, new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        }

        String identifier() {
            return json.path("identifier").asText();
        }
    }

    private record RegisteredChangeSet(ChangeSet changeSet, long registered) {
    }
}

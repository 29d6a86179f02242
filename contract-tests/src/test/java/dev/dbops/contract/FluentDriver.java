package dev.dbops.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbops.sdk.CreateInstance;
import dev.dbops.sdk.CreateSchema;
import dev.dbops.sdk.DbOpsResponse;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.ListInstances;
import dev.dbops.sdk.Page;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.SchemaRef;
import dev.dbops.sdk.UpdateInstance;
import dev.dbops.sdk.UpdateSchema;
import dev.dbops.sdk.model.Changelog;
import dev.dbops.sdk.model.ChangelogScript;
import dev.dbops.sdk.model.DbSchemaType;
import dev.dbops.sdk.model.MigrationType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Drives the SDK's fluent layer so that it sends a documented request: every field of a request
 * example is mapped, one by one, onto the builder method a user would call. A field without a
 * mapping fails loudly, so an example that grows a field the fluent layer cannot set breaks the
 * build instead of being skipped.
 */
final class FluentDriver {

    /** Page size the list calls ask for; the query must then say {@code limit=10}. */
    static final int PAGE_SIZE = 10;

    /** The operations this driver can send; the coverage test holds it to the document. */
    static final Set<String> OPERATIONS = Set.of(
            "listDbSchemas", "createDbSchema", "getDbSchema", "updateDbSchema", "deleteDbSchema",
            "listDbInstances", "createDbInstance", "getDbInstance", "updateDbInstance", "deleteDbInstance");

    /** What a call gave the user: the parsed body as JSON, and the list total when there is one. */
    record Result(int status, JsonNode body, OptionalLong totalElements, int attempts) {
    }

    private FluentDriver() {
    }

    /** The query parameters the SDK must send for this operation. */
    static Map<String, String> expectedQuery(Scenario scenario) {
        return scenario.op().id().startsWith("list") ? Map.of("page", "0", "limit", String.valueOf(PAGE_SIZE)) : Map.of();
    }

    /**
     * Prepares the scenario's call on {@code client}; nothing is sent until the supplier is called.
     * Building the call already maps every field, so an unmappable example fails here.
     */
    static Supplier<Result> prepare(HarnessDbOps client, Scenario scenario) {
        Project project = client.project(Scenario.ORG, Scenario.PROJECT);
        Map<String, String> path = scenario.pathParameters();
        JsonNode body = scenario.requestBody();
        String op = scenario.op().id();
        switch (op) {
            case "listDbSchemas": {
                noBody(op, body);
                return () -> page(project.schemas().list().pageSize(PAGE_SIZE).page(0));
            }
            case "createDbSchema": {
                CreateSchema create = project.schemas().create(body.path("identifier").asText());
                each(op, body, (field, value) -> {
                    switch (field) {
                        case "identifier" -> { } // given to create(identifier)
                        case "name" -> create.name(value.asText());
                        case "tags" -> create.tags(stringMap(value));
                        case "type" -> create.type(DbSchemaType.fromValue(value.asText()));
                        case "migrationType" -> create.migrationType(MigrationType.fromValue(value.asText()));
                        case "changelog" -> create.changelog(c -> changelog(op, c, value));
                        case "changeLogScript" -> create.changelogScript(s -> script(op, s, value));
                        case "service" -> create.service(value.asText());
                        case "usePercona" -> create.usePercona(value.asBoolean());
                        default -> throw unmapped(op, field);
                    }
                });
                return () -> result(create.executeWithResponse());
            }
            case "getDbSchema": {
                noBody(op, body);
                SchemaRef schema = project.schema(path.get("dbschema"));
                return () -> result(schema.get().executeWithResponse());
            }
            case "updateDbSchema": {
                UpdateSchema update = project.schema(path.get("dbschema")).update();
                each(op, body, (field, value) -> {
                    switch (field) {
                        case "name" -> update.name(value.asText());
                        case "tags" -> update.tags(stringMap(value));
                        case "type" -> update.type(DbSchemaType.fromValue(value.asText()));
                        case "changelog" -> update.changelog(c -> changelog(op, c, value));
                        case "changeLogScript" -> update.changelogScript(s -> script(op, s, value));
                        case "service" -> update.service(value.asText());
                        case "usePercona" -> update.usePercona(value.asBoolean());
                        case "primaryDbInstanceId" -> update.primaryDbInstanceId(value.asText());
                        default -> throw unmapped(op, field);
                    }
                });
                return () -> result(update.executeWithResponse());
            }
            case "deleteDbSchema": {
                noBody(op, body);
                SchemaRef schema = project.schema(path.get("dbschema"));
                return () -> result(schema.delete().executeWithResponse());
            }
            case "listDbInstances": {
                ListInstances list = project.schema(path.get("dbschema")).instances().list().pageSize(PAGE_SIZE);
                if (body != null) {
                    String filterType = body.path("filterType").asText("Equals");
                    List<String> tags = new ArrayList<>();
                    each(op, body, (field, value) -> {
                        switch (field) {
                            case "filterType" -> { } // chooses withTags or withoutTags below
                            case "instanceTags" -> value.forEach(tag -> {
                                each(op + ".instanceTags[]", tag, (f, v) -> {
                                    if (!f.equals("key") && !f.equals("value")) {
                                        throw unmapped(op + ".instanceTags[]", f);
                                    }
                                });
                                tags.add(tag.path("key").asText() + ":" + tag.path("value").asText());
                            });
                            default -> throw unmapped(op, field);
                        }
                    });
                    switch (filterType) {
                        case "Equals" -> list.withTags(tags.toArray(String[]::new));
                        case "NotEquals" -> list.withoutTags(tags.toArray(String[]::new));
                        default -> throw unmapped(op, "filterType " + filterType);
                    }
                }
                return () -> page(list.page(0));
            }
            case "createDbInstance": {
                CreateInstance create = project.schema(path.get("dbschema")).instances()
                        .create(body.path("identifier").asText());
                each(op, body, (field, value) -> {
                    switch (field) {
                        case "identifier" -> { } // given to create(identifier)
                        case "name" -> create.name(value.asText());
                        case "tags" -> create.tags(stringMap(value));
                        case "branch" -> create.branch(value.asText());
                        case "commitSha" -> create.commitSha(value.asText());
                        case "gitTag" -> create.gitTag(value.asText());
                        case "connector" -> create.connector(value.asText());
                        case "context" -> create.context(value.asText());
                        case "substituteProperties" -> stringMap(value).forEach(create::substituteProperty);
                        default -> throw unmapped(op, field);
                    }
                });
                return () -> result(create.executeWithResponse());
            }
            case "getDbInstance": {
                noBody(op, body);
                var instance = project.schema(path.get("dbschema")).instance(path.get("dbinstance"));
                return () -> result(instance.get().executeWithResponse());
            }
            case "updateDbInstance": {
                UpdateInstance update = project.schema(path.get("dbschema")).instance(path.get("dbinstance")).update();
                each(op, body, (field, value) -> {
                    switch (field) {
                        case "name" -> update.name(value.asText());
                        case "tags" -> update.tags(stringMap(value));
                        case "branch" -> update.branch(value.asText());
                        case "commitSha" -> update.commitSha(value.asText());
                        case "gitTag" -> update.gitTag(value.asText());
                        case "connector" -> update.connector(value.asText());
                        case "context" -> update.context(value.asText());
                        case "version" -> update.version(value.asText());
                        case "substituteProperties" -> update.substituteProperties(stringMap(value));
                        default -> throw unmapped(op, field);
                    }
                });
                return () -> result(update.executeWithResponse());
            }
            case "deleteDbInstance": {
                noBody(op, body);
                var instance = project.schema(path.get("dbschema")).instance(path.get("dbinstance"));
                return () -> result(instance.delete().executeWithResponse());
            }
            default:
                throw new AssertionError("No fluent call for operation " + op + ": the document has an operation"
                        + " the contract tests cannot drive; add it to FluentDriver (and the SDK)");
        }
    }

    private static void changelog(String op, Changelog changelog, JsonNode value) {
        each(op + ".changelog", value, (field, v) -> {
            switch (field) {
                case "connector" -> changelog.connector(v.asText());
                case "location" -> changelog.location(v.asText());
                case "repo" -> changelog.repo(v.asText());
                case "archivePath" -> changelog.archivePath(v.asText());
                case "toml" -> changelog.toml(v.asText());
                default -> throw unmapped(op + ".changelog", field);
            }
        });
    }

    private static void script(String op, ChangelogScript script, JsonNode value) {
        each(op + ".changeLogScript", value, (field, v) -> {
            switch (field) {
                case "image" -> script.image(v.asText());
                case "command" -> script.command(v.asText());
                case "shell" -> script.shell(v.asText());
                case "location" -> script.location(v.asText());
                case "toml" -> script.toml(v.asText());
                default -> throw unmapped(op + ".changeLogScript", field);
            }
        });
    }

    private static void each(String op, JsonNode object, BiConsumer<String, JsonNode> field) {
        if (object == null || !object.isObject()) {
            throw new AssertionError(op + ": expected a JSON object in the example, got " + object);
        }
        object.fields().forEachRemaining(e -> field.accept(e.getKey(), e.getValue()));
    }

    private static void noBody(String op, JsonNode body) {
        if (body != null) {
            throw new AssertionError(op + " has a request example, but its fluent call sends no body: " + body);
        }
    }

    private static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static AssertionError unmapped(String op, String field) {
        return new AssertionError("The example of " + op + " has field \"" + field + "\" that no fluent builder"
                + " method sets: add one to the SDK's builder and map it in FluentDriver");
    }

    private static Result result(DbOpsResponse<?> response) {
        return new Result(response.status(), response.body() == null ? null : Contract.tree(response.body()),
                OptionalLong.empty(), response.attempts());
    }

    private static Result page(Page<?> page) {
        return new Result(page.response().status(), Contract.tree(page.items()), page.totalElements(),
                page.response().attempts());
    }
}

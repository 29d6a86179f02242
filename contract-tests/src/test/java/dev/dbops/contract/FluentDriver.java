package dev.dbops.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbops.sdk.CreateInstance;
import dev.dbops.sdk.CreateSchema;
import dev.dbops.sdk.DbOpsResponse;
import dev.dbops.sdk.DbOpsValidationException;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.InstanceMigrationState;
import dev.dbops.sdk.ListInstances;
import dev.dbops.sdk.MigrationStateList;
import dev.dbops.sdk.Operation;
import dev.dbops.sdk.Page;
import dev.dbops.sdk.PagedList;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.SchemaRef;
import dev.dbops.sdk.UpdateInstance;
import dev.dbops.sdk.UpdateSchema;
import dev.dbops.sdk.model.ChangelogCreate;
import dev.dbops.sdk.model.ChangelogScriptCreate;
import dev.dbops.sdk.model.ChangelogScriptUpdate;
import dev.dbops.sdk.model.ChangelogUpdate;
import dev.dbops.sdk.model.DbSchemaType;
import dev.dbops.sdk.model.MigrationStateSortField;
import dev.dbops.sdk.model.MigrationType;
import dev.dbops.sdk.model.SortOrder;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Drives the SDK's fluent layer so that it sends a documented request: every field of a request
 * example is mapped, one by one, onto the builder method a user would call. A field without a
 * mapping fails loudly, so an example that grows a field the fluent layer cannot set breaks the
 * build instead of being skipped.
 *
 * <p>The operations it drives are the SDK's {@link Operation} constants, the one table of
 * operations the contract tests use: the switch below must handle each of them (the compiler
 * says so), and {@link SpecExamplesTest} holds that table to the document.
 */
final class FluentDriver {

    /** Page size the list calls ask for; the query must then say {@code limit=10}. */
    static final int PAGE_SIZE = 10;

    /** What a call gave the user: the parsed body as JSON, and the list total when there is one. */
    record Result(int status, JsonNode body, OptionalLong totalElements, int attempts) {
    }

    private FluentDriver() {
    }

    /** The query parameters the SDK must send for this operation: the first page, for a paged one. */
    static Map<String, String> expectedQuery(Scenario scenario) {
        return scenario.isPaged() ? Map.of("page", "0", "limit", String.valueOf(PAGE_SIZE)) : Map.of();
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
        return switch (operation(op)) {
            case LIST_SCHEMAS -> {
                noBody(op, body);
                yield () -> page(project.schemas().list().pageSize(PAGE_SIZE).page(0));
            }
            case CREATE_SCHEMA -> {
                CreateSchema create = project.schemas().create(body.path("identifier").asText());
                each(op, body, (field, value) -> {
                    switch (field) {
                        case "identifier" -> { } // given to create(identifier)
                        case "name" -> create.name(value.asText());
                        case "tags" -> create.tags(stringMap(value));
                        case "type" -> create.type(DbSchemaType.fromValue(value.asText()));
                        case "migrationType" -> create.migrationType(MigrationType.fromValue(value.asText()));
                        case "changelog" -> create.changelog((ChangelogCreate c) -> nested(op + ".changelog", c, value));
                        case "changeLogScript" -> create.changelogScript(
                                (ChangelogScriptCreate s) -> nested(op + ".changeLogScript", s, value));
                        case "service" -> create.service(value.asText());
                        case "usePercona" -> create.usePercona(value.asBoolean());
                        default -> throw unmapped(op, field);
                    }
                });
                yield () -> result(create.executeWithResponse());
            }
            case GET_SCHEMA -> {
                noBody(op, body);
                SchemaRef schema = project.schema(path.get("dbschema"));
                yield () -> result(schema.get().executeWithResponse());
            }
            case UPDATE_SCHEMA -> {
                UpdateSchema update = project.schema(path.get("dbschema")).update();
                each(op, body, (field, value) -> {
                    switch (field) {
                        case "name" -> update.name(value.asText());
                        case "tags" -> update.tags(stringMap(value));
                        case "type" -> update.type(DbSchemaType.fromValue(value.asText()));
                        case "changelog" -> update.changelog((ChangelogUpdate c) -> nested(op + ".changelog", c, value));
                        case "changeLogScript" -> update.changelogScript(
                                (ChangelogScriptUpdate s) -> nested(op + ".changeLogScript", s, value));
                        case "service" -> update.service(value.asText());
                        case "usePercona" -> update.usePercona(value.asBoolean());
                        case "primaryDbInstanceId" -> update.primaryDbInstanceId(value.asText());
                        default -> throw unmapped(op, field);
                    }
                });
                yield () -> result(update.executeWithResponse());
            }
            case DELETE_SCHEMA -> {
                noBody(op, body);
                SchemaRef schema = project.schema(path.get("dbschema"));
                yield () -> result(schema.delete().executeWithResponse());
            }
            case LIST_INSTANCES -> {
                ListInstances list = project.schema(path.get("dbschema")).instances().list().pageSize(PAGE_SIZE);
                if (body != null) {
                    String filterType = body.path("filterType").asText("Equals");
                    List<String> tags = new ArrayList<>();
                    each(op, body, (field, value) -> {
                        switch (field) {
                            case "filterType" -> { } // chooses withTags or withoutTags below
                            case "instanceTags" -> value.forEach(tag -> tags.add(tagFilter(op, tag)));
                            default -> throw unmapped(op, field);
                        }
                    });
                    switch (filterType) {
                        case "Equals" -> list.withTags(tags.toArray(String[]::new));
                        case "NotEquals" -> list.withoutTags(tags.toArray(String[]::new));
                        default -> throw unmapped(op, "filterType " + filterType);
                    }
                }
                yield () -> page(list.page(0));
            }
            case CREATE_INSTANCE -> {
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
                yield () -> result(create.executeWithResponse());
            }
            case GET_INSTANCE -> {
                noBody(op, body);
                var instance = project.schema(path.get("dbschema")).instance(path.get("dbinstance"));
                yield () -> result(instance.get().executeWithResponse());
            }
            case UPDATE_INSTANCE -> {
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
                yield () -> result(update.executeWithResponse());
            }
            case DELETE_INSTANCE -> {
                noBody(op, body);
                var instance = project.schema(path.get("dbschema")).instance(path.get("dbinstance"));
                yield () -> result(instance.delete().executeWithResponse());
            }
            case GET_MIGRATION_STATE -> migrationState(op, project.schema(path.get("dbschema")), body);
            case GET_PROJECT_OVERVIEW -> {
                noBody(op, body);
                yield () -> result(project.overview().executeWithResponse());
            }
        };
    }

    /**
     * The migration state, from the schema's view ({@code schema.migrationState()}), or from the
     * instance's ({@code schema.instance(id).migrationState()}) when the example narrows it to one
     * instance and sorts nothing: that view (the waiter's) sends exactly such a body, so the
     * document pins both.
     */
    private static Supplier<Result> migrationState(String op, SchemaRef schema, JsonNode body) {
        if (body == null) {
            throw new AssertionError(op + ": the fluent call always sends a filter body; the example has none");
        }
        List<String> instances = new ArrayList<>();
        MigrationStateSortField[] sort = {null};
        SortOrder[] order = {null};
        each(op, body, (field, value) -> {
            if (!field.equals("instanceFilter")) {
                throw unmapped(op, field);
            }
            each(op + ".instanceFilter", value, (f, v) -> {
                switch (f) {
                    case "instances" -> v.forEach(instance -> instances.add(instance.asText()));
                    case "sort" -> sort[0] = MigrationStateSortField.fromValue(v.asText());
                    case "order" -> order[0] = SortOrder.fromValue(v.asText());
                    default -> throw unmapped(op + ".instanceFilter", f);
                }
            });
        });
        PagedList<?, ?> list;
        if (instances.size() == 1 && sort[0] == null) {
            InstanceMigrationState view = schema.instance(instances.get(0)).migrationState();
            if (order[0] != null) {
                view.order(order[0]);
            }
            list = view.pageSize(PAGE_SIZE);
        } else {
            MigrationStateList all = schema.migrationState().pageSize(PAGE_SIZE);
            if (!instances.isEmpty()) {
                all.instances(instances.toArray(String[]::new));
            }
            if (sort[0] != null) {
                all.sort(sort[0]);
            }
            if (order[0] != null) {
                all.order(order[0]);
            }
            list = all;
        }
        // The user's whole answer is the page's body (schema, instances, changeSets); items() is its changeSets.
        return () -> {
            Page<?> page = list.page(0);
            return new Result(page.response().status(), Contract.tree(page.response().body()), page.totalElements(),
                    page.response().attempts());
        };
    }

    /**
     * One tag of an instance filter as {@code withTags} takes it: {@code "key:value"}, or the bare
     * {@code "key"} when the example gives no value (or a null one), which asks for any value.
     */
    private static String tagFilter(String op, JsonNode tag) {
        each(op + ".instanceTags[]", tag, (f, v) -> {
            if (!f.equals("key") && !f.equals("value")) {
                throw unmapped(op + ".instanceTags[]", f);
            }
        });
        JsonNode value = tag.path("value");
        return value.isMissingNode() || value.isNull() ? tag.path("key").asText()
                : tag.path("key").asText() + ":" + value.asText();
    }

    /** The SDK's constant for an operation of the document; an AssertionError for one it does not know. */
    static Operation operation(String id) {
        try {
            return Operation.ofId(id);
        } catch (DbOpsValidationException unknown) {
            throw new AssertionError("No fluent call for operation " + id + ": the document has an operation"
                    + " the SDK (dev.dbops.sdk.Operation) does not know; add it to the SDK, then to FluentDriver");
        }
    }

    /**
     * Sets each field of a nested example object (a changelog, a script) with the model's fluent
     * setter of the same name, as a user's lambda does ({@code c.connector("pg").location(...)}):
     * one mapping for the create and the update shapes alike. A field the model has no setter
     * for is unmapped.
     */
    static void nested(String where, Object model, JsonNode value) {
        each(where, value, (field, v) -> {
            if (!v.isTextual()) {
                throw new AssertionError(where + "." + field + ": expected a string in the example, got " + v);
            }
            Method setter;
            try {
                setter = model.getClass().getMethod(field, String.class);
            } catch (NoSuchMethodException e) {
                throw unmapped(where + " (" + model.getClass().getSimpleName() + ")", field);
            }
            try {
                setter.invoke(model, v.asText());
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new AssertionError(e.getCause());
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

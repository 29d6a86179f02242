package dev.dbops.sdk.plan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dbops.sdk.CreateInstance;
import dev.dbops.sdk.CreateSchema;
import dev.dbops.sdk.DbOpsValidationException;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.model.DbSchemaType;
import dev.dbops.sdk.model.MigrationType;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads Terraform's JSON configuration shape ({@code {"resource": {"harness_platform_db_schema":
 * {"name": {...}}}}}) into a {@link DesiredState}. It walks the parser's tokens itself rather than
 * binding to a tree, because a JsonNode forgets where each key was and errors must name the line.
 */
final class StateFile {

    private static final String COMMENT = "//"; // Terraform's JSON syntax ignores keys named "//".
    private static final Pattern RESOURCE_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_-]*$");
    private static final Set<String> TOP_KEYS = Set.of("resource");
    /** Top-level blocks of a Terraform configuration that say nothing about the resources: read past, with a warning. */
    private static final Map<String, String> IGNORED_TOP_KEYS = Map.of(
            "terraform", "Terraform's own settings (required providers, backend) do not apply here",
            "provider", "the client is configured in Java (HarnessDbOps), not by a provider block");
    private static final Set<String> SCHEMA_KEYS = Set.of("identifier", "org_id", "project_id", "name", "tags", "type",
            "migration_type", "service", "use_percona", "schema_source", "changelog_script");
    private static final Set<String> INSTANCE_KEYS = Set.of("identifier", "org_id", "project_id", "name", "tags",
            "schema", "branch", "commit_sha", "git_tag", "connector", "context", "substitute_properties", "depends_on");
    /** Arguments the provider accepts and never uses: read past, with a warning. */
    private static final String DESCRIPTION_IGNORED = "ignored: the Terraform provider accepts description but never "
            + "sends it, and the API has no such field";
    private static final String SCHEMA_DEPENDS_ON_IGNORED = "ignored: a schema depends on nothing here (an instance "
            + "is always applied after its own schema, whatever depends_on says)";
    private static final Set<String> SOURCE_KEYS = Set.of("connector", "location", "repo", "archive_path", "toml");
    private static final Set<String> SCRIPT_KEYS = Set.of("image", "command", "shell", "location", "toml");

    private final String source;
    private final Project project;
    private final List<String> warnings = new ArrayList<>();

    private StateFile(String source, Project project) {
        this.source = source;
        this.project = project;
    }

    static DesiredState read(InputStream in, String source, Project project) {
        StateFile file = new StateFile(source, Objects.requireNonNull(project, "project"));
        return file.toState(file.parse(in));
    }

    // ---- syntax: tokens to nodes that remember their line ----

    /** A parsed value; {@code line} is its key's line for object members, its own line otherwise. */
    private static final class Node {
        enum Type { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL }

        final Type type;
        final int line;
        final String path;
        final Map<String, Node> fields = new LinkedHashMap<>();
        final List<Node> items = new ArrayList<>();
        String text;

        Node(Type type, int line, String path) {
            this.type = type;
            this.line = line;
            this.path = path;
        }

        String describe() {
            return switch (type) {
                case OBJECT -> "an object";
                case ARRAY -> "a list";
                case STRING -> "a string";
                case NUMBER -> "a number (" + text + ")";
                case BOOLEAN -> "a boolean (" + text + ")";
                case NULL -> "null";
            };
        }
    }

    private Node parse(InputStream in) {
        JsonFactory factory = isYaml() ? new YAMLFactory() : new JsonFactory();
        try (JsonParser parser = factory.createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw error(1, null, "is empty: a desired-state file is an object with the key \"resource\"");
            }
            Node root = value(parser, first, line(parser), "");
            if (parser.nextToken() != null) {
                throw error(line(parser), null, "has content after its top-level object: one object per file");
            }
            return root;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new StateFileException(source, line, null, "is not valid " + (isYaml() ? "YAML" : "JSON") + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new StateFileException(source, 0, null, "cannot be read: " + e.getMessage(), e);
        }
    }

    private Node value(JsonParser parser, JsonToken token, int line, String path) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                Node node = new Node(Node.Type.OBJECT, line, path);
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String key = parser.currentName();
                    int keyLine = line(parser);
                    Node previous = node.fields.get(key);
                    if (previous != null) {
                        throw error(keyLine, join(path, key), "duplicate key (first at line " + previous.line + ")");
                    }
                    node.fields.put(key, value(parser, parser.nextToken(), keyLine, join(path, key)));
                }
                return node;
            }
            case START_ARRAY -> {
                Node node = new Node(Node.Type.ARRAY, line, path);
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    node.items.add(value(parser, t, line(parser), path + "[" + node.items.size() + "]"));
                }
                return node;
            }
            default -> {
                Node.Type type = switch (token) {
                    case VALUE_STRING -> Node.Type.STRING;
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> Node.Type.NUMBER;
                    case VALUE_TRUE, VALUE_FALSE -> Node.Type.BOOLEAN;
                    case VALUE_NULL -> Node.Type.NULL;
                    default -> throw error(line, path, "unexpected " + token);
                };
                Node node = new Node(type, line, path);
                node.text = parser.getText();
                return node;
            }
        }
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private boolean isYaml() {
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return true;
        }
        if (lower.endsWith(".json")) {
            return false;
        }
        throw new StateFileException(source, 0, null, "has no known extension: name it .json, or .yaml/.yml", null);
    }

    // ---- meaning: nodes to the builders ----

    private DesiredState toState(Node root) {
        expectObject(root, "a desired-state file is an object with the key \"resource\"");
        for (Map.Entry<String, String> ignored : IGNORED_TOP_KEYS.entrySet()) {
            Node node = root.fields.get(ignored.getKey());
            if (node != null) {
                warn(node, "ignored: " + ignored.getValue());
            }
        }
        checkKeys(root, union(TOP_KEYS, IGNORED_TOP_KEYS.keySet()), "a desired-state file");
        Node resources = root.fields.get("resource");
        if (resources == null || resources.type == Node.Type.NULL) {
            throw error(root.line, "resource", "is missing: declare " + DesiredState.SCHEMA_TYPE + " and "
                    + DesiredState.INSTANCE_TYPE + " resources under \"resource\"");
        }
        expectObject(resources, "resource maps resource types to resources");
        checkKeys(resources, Set.of(DesiredState.SCHEMA_TYPE, DesiredState.INSTANCE_TYPE), "resource");

        DesiredState.Builder builder = DesiredState.builder(project);
        Map<String, String> schemaIdByName = new LinkedHashMap<>();
        Map<String, Node> schemaById = new LinkedHashMap<>();
        for (Map.Entry<String, Node> r : resources(resources, DesiredState.SCHEMA_TYPE).entrySet()) {
            Node body = r.getValue();
            ignoreIfPresent(body, "description", DESCRIPTION_IGNORED);
            ignoreIfPresent(body, "depends_on", SCHEMA_DEPENDS_ON_IGNORED);
            checkKeys(body, union(SCHEMA_KEYS, Set.of("description", "depends_on")), "a " + DesiredState.SCHEMA_TYPE);
            String identifier = required(body, "identifier");
            checkScope(body);
            Node first = schemaById.putIfAbsent(identifier, body);
            if (first != null) {
                throw error(body.fields.get("identifier").line, body.path + ".identifier", "schema \"" + identifier
                        + "\" is already declared by " + first.path + " (line " + first.line + ")");
            }
            schemaIdByName.put(r.getKey(), identifier);
            declare(body, () -> builder.schema(r.getKey(), identifier, c -> configureSchema(body, c)));
        }
        Map<String, Node> instanceByKey = new LinkedHashMap<>();
        for (Map.Entry<String, Node> r : resources(resources, DesiredState.INSTANCE_TYPE).entrySet()) {
            Node body = r.getValue();
            ignoreIfPresent(body, "description", DESCRIPTION_IGNORED);
            checkKeys(body, union(INSTANCE_KEYS, Set.of("description")), "a " + DesiredState.INSTANCE_TYPE);
            String identifier = required(body, "identifier");
            String schema = required(body, "schema");
            checkScope(body);
            if (schema.startsWith("${")) {
                throw error(body.fields.get("schema").line, body.path + ".schema", "\"" + schema + "\" is an "
                        + "interpolation, which is not evaluated here: write the schema's identifier");
            }
            // A schema not declared here is one that exists already (Terraform's schema = "schema1"):
            // the plan checks that it does, and never changes it.
            checkDependsOn(body, schema, schemaIdByName);
            Node first = instanceByKey.putIfAbsent(schema + "/" + identifier, body);
            if (first != null) {
                throw error(body.fields.get("identifier").line, body.path + ".identifier", "instance \"" + identifier
                        + "\" of schema " + schema + " is already declared by " + first.path + " (line " + first.line + ")");
            }
            declare(body, () -> builder.instance(r.getKey(), schema, identifier, c -> configureInstance(body, c)));
        }
        warnings.forEach(builder::warning);
        return builder.build();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private void ignoreIfPresent(Node body, String key, String why) {
        Node node = body.fields.get(key);
        if (node != null) {
            warn(node, why);
        }
    }

    private Map<String, Node> resources(Node resources, String type) {
        Node ofType = resources.fields.get(type);
        if (ofType == null || ofType.type == Node.Type.NULL) {
            return Map.of();
        }
        expectObject(ofType, "maps resource names to resources, as in {\"my_schema\": {...}}");
        Map<String, Node> named = new LinkedHashMap<>();
        for (Map.Entry<String, Node> r : ofType.fields.entrySet()) {
            if (r.getKey().equals(COMMENT)) {
                continue;
            }
            if (!RESOURCE_NAME.matcher(r.getKey()).matches()) {
                throw error(r.getValue().line, r.getValue().path, "\"" + r.getKey() + "\" is not a resource name: "
                        + "a letter or _ first, then letters, digits, _ or -");
            }
            expectObject(r.getValue(), "a resource is an object of its arguments");
            named.put(r.getKey(), r.getValue());
        }
        return named;
    }

    private void configureSchema(Node body, CreateSchema c) {
        ifPresent(string(body, "name"), c::name);
        List<String> tags = stringList(body, "tags");
        if (tags != null) {
            c.tags(tags.toArray(String[]::new));
        }
        String type = oneOf(body, "type", "Repository", "Script");
        if (type != null) {
            c.type(DbSchemaType.fromValue(type));
        }
        String migrationType = oneOf(body, "migration_type", "Liquibase", "Flyway");
        if (migrationType != null) {
            c.migrationType(MigrationType.fromValue(migrationType));
        }
        ifPresent(string(body, "service"), c::service);
        Boolean percona = bool(body, "use_percona");
        if (percona != null) {
            c.usePercona(percona);
        }
        Node source = block(body, "schema_source", SOURCE_KEYS);
        Node script = block(body, "changelog_script", SCRIPT_KEYS);
        if (source != null && script != null) {
            Node at = body.fields.get("changelog_script");
            throw error(at.line, at.path, "\"changelog_script\": conflicts with schema_source: a schema's changelog "
                    + "comes from a git repository (schema_source) or from a script (changelog_script), not both; "
                    + "the Terraform provider refuses this too (Conflicting configuration arguments)");
        }
        if (script != null && type == null) {
            warn(body, "type is left out: Script is used, because only changelog_script is given and the API takes "
                    + "changeLogScript for Script schemas (the Terraform provider would send its default, Repository, "
                    + "with a script changelog)");
        }
        if (source != null) {
            c.changelog(ch -> ch.connector(string(source, "connector")).location(string(source, "location"))
                    .repo(string(source, "repo")).archivePath(string(source, "archive_path")).toml(string(source, "toml")));
        }
        if (script != null) {
            c.changelogScript(s -> s.image(string(script, "image")).command(string(script, "command"))
                    .shell(string(script, "shell")).location(string(script, "location")).toml(string(script, "toml")));
        }
    }

    private void configureInstance(Node body, CreateInstance c) {
        ifPresent(string(body, "name"), c::name);
        List<String> tags = stringList(body, "tags");
        if (tags != null) {
            c.tags(tags.toArray(String[]::new));
        }
        ifPresent(string(body, "branch"), c::branch);
        ifPresent(string(body, "commit_sha"), c::commitSha);
        ifPresent(string(body, "git_tag"), c::gitTag);
        ifPresent(string(body, "connector"), c::connector);
        ifPresent(string(body, "context"), c::context);
        Map<String, String> properties = stringMap(body, "substitute_properties");
        if (properties != null) {
            c.substituteProperties(properties);
        }
    }

    /** Runs one builder declaration, turning its rule violations into errors at the offending key's line. */
    private void declare(Node body, Runnable declaration) {
        try {
            declaration.run();
        } catch (DbOpsValidationException e) {
            String key = fileKey(body, e.field());
            Node at = body.fields.get(key);
            throw new StateFileException(source, at != null ? at.line : body.line, body.path + "." + key,
                    e.getMessage(), e);
        }
    }

    /** The file's key for a builder field: {@code changelog.location} is {@code schema_source}, and so on. */
    private static String fileKey(Node body, String field) {
        if (field.equals("branch/commitSha/gitTag")) {
            for (String key : List.of("branch", "commit_sha", "git_tag")) {
                if (body.fields.containsKey(key)) {
                    return key;
                }
            }
        }
        String root = field.split("[./]", 2)[0];
        return switch (root) {
            case "changelog" -> "schema_source";
            case "changelogScript", "changeLogScript" -> "changelog_script";
            case "dbschema" -> "schema";
            default -> root.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        };
    }

    private void checkScope(Node body) {
        for (String[] scope : new String[][] {{"org_id", project.org()}, {"project_id", project.project()}}) {
            String value = string(body, scope[0]);
            if (value != null && !value.equals(scope[1])) {
                throw error(body.fields.get(scope[0]).line, body.path + "." + scope[0], "\"" + value
                        + "\" is not the project this state is planned in (" + project.org() + "/" + project.project()
                        + "): a state file describes one project");
            }
        }
    }

    private void checkDependsOn(Node body, String schema, Map<String, String> schemaIdByName) {
        List<String> dependsOn = stringList(body, "depends_on");
        if (dependsOn == null) {
            return;
        }
        Node list = body.fields.get("depends_on");
        for (int i = 0; i < dependsOn.size(); i++) {
            String ref = dependsOn.get(i);
            String prefix = DesiredState.SCHEMA_TYPE + ".";
            String name = ref.startsWith(prefix) ? ref.substring(prefix.length()) : null;
            Node item = list.items.get(i);
            if (name == null || !schemaIdByName.containsKey(name)) {
                throw error(item.line, item.path, "\"" + ref + "\" names no " + DesiredState.SCHEMA_TYPE
                        + " declared in this file (write " + prefix + "<resource name>)");
            }
            if (!schemaIdByName.get(name).equals(schema)) {
                throw error(item.line, item.path, "\"" + ref + "\" is not this instance's schema (" + schema
                        + "): the plan orders an instance after its own schema only");
            }
        }
    }

    // ---- typed access, each failure naming key and line ----

    private void checkKeys(Node object, Set<String> allowed, String what) {
        for (Map.Entry<String, Node> field : object.fields.entrySet()) {
            if (!allowed.contains(field.getKey()) && !field.getKey().equals(COMMENT)) {
                throw error(field.getValue().line, field.getValue().path, "unknown key \"" + field.getKey() + "\": "
                        + what + " takes " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    private void expectObject(Node node, String rule) {
        if (node.type != Node.Type.OBJECT) {
            throw error(node.line, node.path.isEmpty() ? null : node.path, "is " + node.describe() + ": " + rule);
        }
    }

    private String required(Node body, String key) {
        String value = string(body, key);
        if (value == null) {
            throw error(body.line, body.path + "." + key, "is missing: every "
                    + (key.equals("schema") ? DesiredState.INSTANCE_TYPE + " names its schema's identifier"
                    : "resource needs an identifier"));
        }
        return value;
    }

    /**
     * A string argument, or null when absent or null (Terraform's null means "not set"). A number or
     * boolean is taken as its text, as Terraform converts it, with a warning.
     */
    private String string(Node body, String key) {
        Node node = present(body, key);
        if (node == null) {
            return null;
        }
        return text(node, "it must be a string");
    }

    /** A scalar's text; numbers and booleans converted with a warning, anything else an error. */
    private String text(Node node, String rule) {
        if (node.type == Node.Type.NUMBER || node.type == Node.Type.BOOLEAN) {
            warn(node, "is " + node.describe() + ": used as the string \"" + node.text + "\" (quote it to say so)");
            return node.text;
        }
        if (node.type != Node.Type.STRING) {
            throw error(node.line, node.path, "is " + node.describe() + ": " + rule);
        }
        return node.text;
    }

    private Boolean bool(Node body, String key) {
        Node node = present(body, key);
        if (node == null) {
            return null;
        }
        if (node.type == Node.Type.STRING && (node.text.equals("true") || node.text.equals("false"))) {
            warn(node, "is the string \"" + node.text + "\": used as the boolean " + node.text);
            return Boolean.valueOf(node.text);
        }
        if (node.type != Node.Type.BOOLEAN) {
            throw error(node.line, node.path, "is " + node.describe() + ": it must be true or false");
        }
        return Boolean.valueOf(node.text);
    }

    private String oneOf(Node body, String key, String... allowed) {
        String value = string(body, key);
        if (value != null && !List.of(allowed).contains(value)) {
            throw error(body.fields.get(key).line, body.path + "." + key, "\"" + value + "\" is not one of "
                    + String.join(", ", allowed));
        }
        return value;
    }

    private List<String> stringList(Node body, String key) {
        Node node = present(body, key);
        if (node == null) {
            return null;
        }
        if (node.type != Node.Type.ARRAY) {
            throw error(node.line, node.path, "is " + node.describe() + ": it must be a list of strings"
                    + (key.equals("tags") ? ", such as [\"env:prod\", \"team:backend\"]" : ""));
        }
        List<String> values = new ArrayList<>();
        for (Node item : node.items) {
            values.add(text(item, key + " holds strings only"));
        }
        return values;
    }

    private Map<String, String> stringMap(Node body, String key) {
        Node node = present(body, key);
        if (node == null) {
            return null;
        }
        expectObject(node, "it must map names to strings, such as {\"DB_NAME\": \"orders\"}");
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, Node> entry : node.fields.entrySet()) {
            values.put(entry.getKey(), text(entry.getValue(), key + " values are strings"));
        }
        return values;
    }

    /**
     * A nested block: an object, or (Terraform's JSON syntax for blocks) a list of at most one
     * object, taken with a warning; an empty list is no block.
     */
    private Node block(Node body, String key, Set<String> allowed) {
        Node node = present(body, key);
        if (node == null) {
            return null;
        }
        if (node.type == Node.Type.ARRAY) {
            if (node.items.size() > 1) {
                throw error(node.items.get(1).line, node.path, "supports 1 item maximum, but config has "
                        + node.items.size() + " declared (Too many list items)");
            }
            if (node.items.isEmpty()) {
                warn(node, "is an empty list: read as no " + key + " block");
                return null;
            }
            warn(node, "is a list of one block (Terraform's JSON syntax for a block): read as that block");
            Node only = node.items.get(0);
            expectObject(only, "a " + key + " block is one object of its arguments");
            checkKeys(only, allowed, key);
            return only;
        }
        expectObject(node, "a " + key + " block is one object of its arguments");
        checkKeys(node, allowed, key);
        return node;
    }

    private static Node present(Node body, String key) {
        Node node = body.fields.get(key);
        return node == null || node.type == Node.Type.NULL ? null : node;
    }

    private static void ifPresent(String value, Consumer<String> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    private void warn(Node node, String problem) {
        warnings.add(source + (node.line > 0 ? ":" + node.line : "") + ": " + (node.path.isEmpty() ? "" : node.path + ": ")
                + problem);
    }

    private StateFileException error(int line, String key, String problem) {
        return new StateFileException(source, line, key, problem, null);
    }
}

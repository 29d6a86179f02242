package dev.dbops.sdk.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.model.Changelog;
import dev.dbops.sdk.model.ChangelogScript;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.model.DbSchemaType;
import dev.dbops.sdk.model.MigrationType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Live schemas and instances written as a configuration in this module's shape (Terraform's
 * {@code -generate-config-out}), so that resources made by hand, by another tool or by Terraform
 * can be taken under management: load the file, and the plan has nothing to change; apply it, and
 * the configuration manages them. Made by {@link Provisioner#export}.
 *
 * <p>Every argument the API returns is written, defaults included ({@code type},
 * {@code migration_type}, {@code use_percona}), so that later changes made elsewhere show in plans.
 */
public final class ExportedConfiguration {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    private final ObjectNode root;
    private final int schemas;
    private final int instances;
    private final List<String> warnings;

    private ExportedConfiguration(ObjectNode root, int schemas, int instances, List<String> warnings) {
        this.root = root;
        this.schemas = schemas;
        this.instances = instances;
        this.warnings = List.copyOf(warnings);
    }

    static ExportedConfiguration of(Project project, LiveState live, List<DbSchema> schemas) {
        List<String> warnings = new ArrayList<>();
        ObjectNode root = JSON.createObjectNode();
        root.put("//", "Exported by dbops-java from " + project.org() + "/" + project.project() + ": plan it, and "
                + "nothing changes; apply it, and it manages these resources.");
        ObjectNode resource = root.putObject("resource");
        ObjectNode schemaNodes = JSON.createObjectNode();
        ObjectNode instanceNodes = JSON.createObjectNode();
        Set<String> taken = new HashSet<>();
        Map<String, Integer> instanceIds = new TreeMap<>();
        for (DbSchema schema : schemas) {
            live.instances(schema.getIdentifier()).keySet().forEach(id -> instanceIds.merge(id, 1, Integer::sum));
        }
        int instanceCount = 0;
        for (DbSchema schema : schemas) {
            String name = unique(resourceName(schema.getIdentifier()), taken);
            schemaNodes.set(name, schema(project, schema, warnings));
            for (DbInstance instance : live.instances(schema.getIdentifier()).values()) {
                String base = instanceIds.get(instance.getIdentifier()) > 1 || taken.contains(resourceName(instance.getIdentifier()))
                        ? schema.getIdentifier() + "_" + instance.getIdentifier() : instance.getIdentifier();
                instanceNodes.set(unique(resourceName(base), taken), instance(project, schema.getIdentifier(), instance, warnings));
                instanceCount++;
            }
        }
        if (!schemaNodes.isEmpty()) {
            resource.set(DesiredState.SCHEMA_TYPE, schemaNodes);
        }
        if (!instanceNodes.isEmpty()) {
            resource.set(DesiredState.INSTANCE_TYPE, instanceNodes);
        }
        return new ExportedConfiguration(root, schemas.size(), instanceCount, warnings);
    }

    static ExportedConfiguration of(Project project, LiveState live) {
        return of(project, live, live.schemas());
    }

    /** {@return how many schemas it declares} */
    public int schemaCount() {
        return schemas;
    }

    /** {@return how many instances it declares} */
    public int instanceCount() {
        return instances;
    }

    /** {@return what could not be written faithfully (a tag key with a colon, a schema with two changelogs), one line each} */
    public List<String> warnings() {
        return warnings;
    }

    /** {@return the configuration as YAML (the header note as a comment)} */
    public String toYaml() {
        ObjectNode withoutNote = root.deepCopy();
        String note = withoutNote.remove("//").asText();
        try {
            return "# " + note + "\n" + YAML.writeValueAsString(withoutNote);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the configuration could not be written as YAML", e);
        }
    }

    /** {@return the configuration in Terraform's JSON syntax} */
    public String toJson() {
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the configuration could not be written as JSON", e);
        }
    }

    /**
     * Writes it: JSON for {@code .json}, YAML for {@code .yaml}/{@code .yml}.
     *
     * @param file where to write it; its extension picks the syntax
     */
    public void writeTo(Path file) {
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String text;
        if (lower.endsWith(".json")) {
            text = toJson();
        } else if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            text = toYaml();
        } else {
            throw new IllegalArgumentException(file + " has no known extension: name it .json, or .yaml/.yml");
        }
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the configuration could not be written to " + file, e);
        }
    }

    @Override
    public String toString() {
        return "ExportedConfiguration{" + schemas + " schema(s), " + instances + " instance(s)}";
    }

    private static ObjectNode schema(Project project, DbSchema schema, List<String> warnings) {
        ObjectNode node = JSON.createObjectNode();
        node.put("identifier", schema.getIdentifier());
        node.put("org_id", project.org());
        node.put("project_id", project.project());
        node.put("name", schema.getName());
        tags(node, schema.getTags(), "schema " + schema.getIdentifier(), warnings);
        DbSchemaType type = schema.getType() == null ? DbSchemaType.REPOSITORY : schema.getType();
        node.put("type", type.getValue());
        node.put("migration_type", (schema.getMigrationType() == null ? MigrationType.LIQUIBASE
                : schema.getMigrationType()).getValue());
        if (schema.getService() != null) {
            node.put("service", schema.getService());
        }
        node.put("use_percona", Boolean.TRUE.equals(schema.getUsePercona()));
        Changelog changelog = schema.getChangelog();
        ChangelogScript script = schema.getChangeLogScript();
        boolean both = changelog != null && script != null;
        if (changelog != null && (!both || type == DbSchemaType.REPOSITORY)) {
            ObjectNode source = node.putObject("schema_source");
            putIfSet(source, "connector", changelog.getConnector());
            putIfSet(source, "location", changelog.getLocation());
            putIfSet(source, "repo", changelog.getRepo());
            putIfSet(source, "archive_path", changelog.getArchivePath());
            putIfSet(source, "toml", changelog.getToml());
        }
        if (script != null && (!both || type == DbSchemaType.SCRIPT)) {
            ObjectNode block = node.putObject("changelog_script");
            putIfSet(block, "image", script.getImage());
            putIfSet(block, "command", script.getCommand());
            putIfSet(block, "shell", script.getShell());
            putIfSet(block, "location", script.getLocation());
            putIfSet(block, "toml", script.getToml());
        }
        if (both) {
            String left = type == DbSchemaType.SCRIPT ? "schema_source" : "changelog_script";
            String note = "the schema has both a git changelog and a changelog script; only the one its type ("
                    + type.getValue() + ") uses is written, since a configuration may give one; " + left
                    + " is left out, and so not managed";
            node.put("//", note);
            warnings.add("schema " + schema.getIdentifier() + ": " + note);
        }
        if (changelog == null && script == null) {
            warnings.add("schema " + schema.getIdentifier() + ": has neither a changelog nor a changelog script, "
                    + "which a configuration needs: add one before planning it");
        }
        return node;
    }

    private static ObjectNode instance(Project project, String schema, DbInstance instance, List<String> warnings) {
        ObjectNode node = JSON.createObjectNode();
        node.put("identifier", instance.getIdentifier());
        node.put("org_id", project.org());
        node.put("project_id", project.project());
        node.put("schema", schema);
        node.put("name", instance.getName());
        tags(node, instance.getTags(), "instance " + schema + "/" + instance.getIdentifier(), warnings);
        putIfSet(node, "branch", instance.getBranch());
        putIfSet(node, "commit_sha", instance.getCommitSha());
        putIfSet(node, "git_tag", instance.getGitTag());
        putIfSet(node, "connector", instance.getConnector());
        putIfSet(node, "context", instance.getContext());
        if (instance.getSubstituteProperties() != null && !instance.getSubstituteProperties().isEmpty()) {
            ObjectNode properties = node.putObject("substitute_properties");
            new TreeMap<>(instance.getSubstituteProperties()).forEach(properties::put);
        }
        return node;
    }

    /** Tags as Terraform writes them, sorted: {@code "key:value"}, or {@code "key"} for an empty value. */
    private static void tags(ObjectNode node, Map<String, String> tags, String what, List<String> warnings) {
        if (tags == null || tags.isEmpty()) {
            return;
        }
        ArrayNode list = node.putArray("tags");
        new TreeMap<>(tags).forEach((key, value) -> {
            if (key.contains(":")) {
                warnings.add(what + ": the tag key \"" + key + "\" has a colon, which \"key:value\" cannot say; "
                        + "it reads back as key \"" + key.substring(0, key.indexOf(':')) + "\": fix the tag or the file");
            }
            list.add(value == null || value.isEmpty() ? key : key + ":" + value);
        });
    }

    private static void putIfSet(ObjectNode node, String key, String value) {
        if (value != null) {
            node.put(key, value);
        }
    }

    /** A resource name from an identifier: identifiers may hold {@code $}, resource names may not. */
    private static String resourceName(String identifier) {
        return identifier.replaceAll("[^a-zA-Z0-9_-]", "_");
    }

    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = name + "_" + n;
        }
        return candidate;
    }
}

package dev.dbops.sdk.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbops.sdk.DbOpsJson;
import dev.dbops.sdk.model.Changelog;
import dev.dbops.sdk.model.ChangelogScript;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbInstanceCreate;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.model.DbSchemaCreate;
import dev.dbops.sdk.model.DbSchemaType;
import dev.dbops.sdk.model.MigrationType;
import dev.dbops.sdk.plan.ResourceChange.FieldChange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Desired bodies and current models as flat maps of the fields a plan compares (API names, nested
 * ones dotted: {@code changelog.location}), so one diff serves both resources. Server-set fields
 * (created, updated, instanceCount, schemaSourceType, toOnboard, ...) never appear, so they never differ.
 *
 * <p>A field the desired state leaves out is not managed: the API cannot clear it, and an update
 * leaves it as it is. Tags and substitute properties are whole values instead, as in Terraform:
 * left out means none, and a plan removes them.
 */
final class StateView {

    /** The one declared field the API cannot update: a change means delete and re-create. */
    static final String MIGRATION_TYPE = "migrationType";

    private static final ObjectMapper JSON = DbOpsJson.mapper();

    private StateView() {
    }

    static Map<String, Object> desired(DbSchemaCreate body) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", body.getName());
        m.put("tags", sorted(body.getTags()));
        putIfSet(m, "type", body.getType() == null ? null : body.getType().getValue());
        putIfSet(m, MIGRATION_TYPE, body.getMigrationType() == null ? null : body.getMigrationType().getValue());
        // The create body's changelog shapes carry the same fields as the response's.
        if (body.getChangelog() != null) {
            changelog(m, JSON.convertValue(body.getChangelog(), Changelog.class));
        }
        if (body.getChangeLogScript() != null) {
            script(m, JSON.convertValue(body.getChangeLogScript(), ChangelogScript.class));
        }
        putIfSet(m, "service", body.getService());
        putIfSet(m, "usePercona", body.getUsePercona());
        return m;
    }

    static Map<String, Object> current(DbSchema schema) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", schema.getName());
        m.put("tags", sorted(schema.getTags()));
        // Absent means the service's default, which is what the schema then has.
        m.put("type", (schema.getType() == null ? DbSchemaType.REPOSITORY : schema.getType()).getValue());
        m.put(MIGRATION_TYPE, (schema.getMigrationType() == null ? MigrationType.LIQUIBASE : schema.getMigrationType()).getValue());
        if (schema.getChangelog() != null) {
            changelog(m, schema.getChangelog());
        }
        if (schema.getChangeLogScript() != null) {
            script(m, schema.getChangeLogScript());
        }
        m.put("service", schema.getService());
        m.put("usePercona", Boolean.TRUE.equals(schema.getUsePercona()));
        return m;
    }

    static Map<String, Object> desired(DbInstanceCreate body) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", body.getName());
        m.put("tags", sorted(body.getTags()));
        // One revision replaces another, so a declared one is compared as all three fields.
        if (body.getBranch() != null || body.getCommitSha() != null || body.getGitTag() != null) {
            m.put("branch", body.getBranch());
            m.put("commitSha", body.getCommitSha());
            m.put("gitTag", body.getGitTag());
        }
        m.put("connector", body.getConnector());
        putIfSet(m, "context", body.getContext());
        m.put("substituteProperties", sorted(body.getSubstituteProperties()));
        return m;
    }

    static Map<String, Object> current(DbInstance instance) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", instance.getName());
        m.put("tags", sorted(instance.getTags()));
        m.put("branch", instance.getBranch());
        m.put("commitSha", instance.getCommitSha());
        m.put("gitTag", instance.getGitTag());
        m.put("connector", instance.getConnector());
        m.put("context", instance.getContext());
        m.put("substituteProperties", sorted(instance.getSubstituteProperties()));
        return m;
    }

    /** The declared fields whose current value differs, old → new. */
    static List<FieldChange> diff(Map<String, Object> desired, Map<String, Object> current) {
        List<FieldChange> changes = new ArrayList<>();
        desired.forEach((field, after) -> {
            Object before = current.get(field);
            if (!Objects.equals(before, after)) {
                changes.add(new FieldChange(field, before, after, field.equals(MIGRATION_TYPE)));
            }
        });
        return changes;
    }

    /** Every field a create sets, null → value. */
    static List<FieldChange> created(Map<String, Object> desired) {
        List<FieldChange> changes = new ArrayList<>(diff(desired, Map.of()));
        changes.removeIf(change -> change.after() instanceof Map<?, ?> map && map.isEmpty());
        return changes;
    }

    /** Every field a delete removes, value → null. */
    static List<FieldChange> deleted(Map<String, Object> current) {
        List<FieldChange> changes = new ArrayList<>();
        current.forEach((field, before) -> {
            if (before != null && !(before instanceof Map<?, ?> map && map.isEmpty())) {
                changes.add(new FieldChange(field, before, null, false));
            }
        });
        return changes;
    }

    private static void changelog(Map<String, Object> m, Changelog c) {
        m.put("changelog.connector", c.getConnector());
        m.put("changelog.location", c.getLocation());
        m.put("changelog.repo", c.getRepo());
        m.put("changelog.archivePath", c.getArchivePath());
        m.put("changelog.toml", c.getToml());
    }

    private static void script(Map<String, Object> m, ChangelogScript s) {
        m.put("changeLogScript.image", s.getImage());
        m.put("changeLogScript.command", s.getCommand());
        m.put("changeLogScript.shell", s.getShell());
        m.put("changeLogScript.location", s.getLocation());
        m.put("changeLogScript.toml", s.getToml());
    }

    private static void putIfSet(Map<String, Object> m, String field, Object value) {
        if (value != null) {
            m.put(field, value);
        }
    }

    /** Null and empty are the same map; sorted so that equal maps render alike. */
    private static Map<String, String> sorted(Map<String, String> map) {
        return Collections.unmodifiableMap(map == null ? new TreeMap<>() : new TreeMap<>(map));
    }
}

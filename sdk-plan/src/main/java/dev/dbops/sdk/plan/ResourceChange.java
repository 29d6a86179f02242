package dev.dbops.sdk.plan;

import java.util.List;
import java.util.Optional;

/**
 * What a plan does to one schema or instance: create, update (with the field diffs), replace,
 * delete or nothing. {@code address} is Terraform's ({@code harness_platform_db_schema.my_schema});
 * for a resource the configuration does not declare (an instance to prune) it is the type and the
 * identifier.
 *
 * @param kind        schema or instance
 * @param address     Terraform's address, or the type and id of an undeclared resource
 * @param schema      the schema identifier
 * @param instance    the instance identifier, or null for a schema
 * @param action      what apply does
 * @param fields      the fields that change, old → new (API names; nested ones dotted: {@code changelog.location})
 * @param reason      why, when the action is not the obvious one (a removal, a prune, a replaced schema), else null
 * @param replacedBy  for a delete planned because a resource's identifier changed: the {@link #id()} of the
 *                    resource created in its place, which apply creates first (the old one is deleted only
 *                    once the new one exists); else null
 */
public record ResourceChange(Kind kind, String address, String schema, String instance, Action action,
                             List<FieldChange> fields, String reason, String replacedBy) {

    /** Which of the two resources. */
    public enum Kind {
        /** A {@code harness_platform_db_schema}. */
        SCHEMA,
        /** A {@code harness_platform_db_instance}. */
        INSTANCE
    }

    /** What apply does to the resource. */
    public enum Action {
        /** Create it. */
        CREATE,
        /** Update it in place, sending the changed fields. */
        UPDATE,
        /** Delete, then create again: a field that cannot be updated changes (or the schema is replaced). */
        REPLACE,
        /** Delete it. */
        DELETE,
        /** Already as declared; nothing is sent. */
        NO_CHANGE
    }

    /**
     * One field's change; {@code before} is null on a create, {@code after} null on a delete. Values
     * are strings, booleans, or sorted maps (tags, substituteProperties).
     *
     * @param forcesReplacement true when the API cannot update this field (migrationType)
     */
    public record FieldChange(String field, Object before, Object after, boolean forcesReplacement) {
    }

    /**
     * Copies the fields.
     *
     * @param kind       schema or instance
     * @param address    Terraform's address, or the type and id of an undeclared resource
     * @param schema     the schema identifier
     * @param instance   the instance identifier, or null for a schema
     * @param action     what apply does
     * @param fields     the fields that change
     * @param reason     why, when not obvious, else null
     * @param replacedBy the id of the resource created in this one's place, or null
     */
    public ResourceChange {
        fields = List.copyOf(fields);
    }

    /**
     * A change without a replacement link.
     *
     * @param kind     schema or instance
     * @param address  Terraform's address, or the type and id of an undeclared resource
     * @param schema   the schema identifier
     * @param instance the instance identifier, or null for a schema
     * @param action   what apply does
     * @param fields   the fields that change
     * @param reason   why, when not obvious, else null
     */
    public ResourceChange(Kind kind, String address, String schema, String instance, Action action,
                          List<FieldChange> fields, String reason) {
        this(kind, address, schema, instance, action, fields, reason, null);
    }

    /** {@return {@code schema} or {@code schema/instance}} */
    public String id() {
        return instance == null ? schema : schema + "/" + instance;
    }

    /**
     * The change of one field.
     *
     * @param name the API name of the field, nested ones dotted ({@code changelog.location})
     * @return its change, or empty when it does not change
     */
    public Optional<FieldChange> field(String name) {
        return fields.stream().filter(f -> f.field().equals(name)).findFirst();
    }

    /** {@return true when a field that cannot be updated changes, so the resource itself must be replaced} */
    public boolean forcesReplacement() {
        return fields.stream().anyMatch(FieldChange::forcesReplacement);
    }
}

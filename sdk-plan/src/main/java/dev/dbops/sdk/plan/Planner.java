package dev.dbops.sdk.plan;

import dev.dbops.sdk.Project;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.plan.ManagedResources.Entry;
import dev.dbops.sdk.plan.Plan.Refusal;
import dev.dbops.sdk.plan.Plan.Untouched;
import dev.dbops.sdk.plan.ResourceChange.Action;
import dev.dbops.sdk.plan.ResourceChange.FieldChange;
import dev.dbops.sdk.plan.ResourceChange.Kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares a desired state with what exists, Terraform's way: declared resources are created or
 * updated; a resource the configuration managed and no longer declares is deleted; one it never
 * managed is deleted only with prune; everything left alone gets a reason.
 */
final class Planner {

    static final String MIGRATION_TYPE_REFUSAL = "migration_type cannot be updated in place: the API's update body "
            + "(DbSchemaUpdate) has no migrationType field, so no update can change it. (The Terraform provider sends "
            + "it anyway; the service keeps the old value, and the provider's plan shows this change again after "
            + "every apply, forever.) Replacing deletes the schema with its instances and creates them again: plan "
            + "with PlanOptions.DEFAULT.withReplacement() to allow it.";

    private final DesiredState desired;
    private final PlanOptions options;
    private final ManagedResources managed;
    private final LiveState live;
    private final List<ResourceChange> changes = new ArrayList<>();
    private final List<Untouched> untouched = new ArrayList<>();
    private final List<Refusal> refusals = new ArrayList<>();
    private final Map<String, ResourceChange> schemaChanges = new LinkedHashMap<>();
    private final Set<String> deletedInstances = new java.util.HashSet<>();
    // By resource name, for the renames and replacements the record reveals: looked up once per resource.
    private final Map<String, Entry> recordedByName = new java.util.HashMap<>();
    private final Map<String, DesiredState.Schema> schemaByName = new java.util.HashMap<>();
    private final Map<String, DesiredState.Instance> instanceByName = new java.util.HashMap<>();

    private Planner(DesiredState desired, PlanOptions options, ManagedResources managed, LiveState live) {
        this.desired = desired;
        this.options = options;
        this.managed = managed;
        this.live = live;
        managed.entries().forEach(e -> recordedByName.put(e.kind() + ":" + e.name(), e));
        desired.schemas().forEach(s -> schemaByName.putIfAbsent(s.name(), s));
        desired.instances().forEach(i -> instanceByName.putIfAbsent(i.name(), i));
    }

    /** Reads what the plan needs (by lists) and compares. */
    static Plan plan(DesiredState desired, PlanOptions options, Project project, Workers workers, Patience patience) {
        ManagedResources managed = desired.managedResourcesFile()
                .map(file -> ManagedResources.read(file, project.org(), project.project()))
                .orElse(ManagedResources.none(project.org(), project.project()));
        Set<String> interest = new LinkedHashSet<>();
        desired.schemas().forEach(s -> interest.add(s.identifier()));
        desired.instances().forEach(i -> interest.add(i.schema()));
        managed.entries().forEach(e -> interest.add(e.schema()));
        LiveState live = LiveState.read(project, interest, workers, patience);
        return new Planner(desired, options, managed, live).compare();
    }

    private Plan compare() {
        Set<String> referenced = desired.referencedSchemas();
        for (DesiredState.Schema schema : desired.schemas()) {
            planSchema(schema);
            for (DesiredState.Instance instance : schema.instances()) {
                planInstance(instance);
            }
            planUndeclaredInstances(schema.identifier(), true);
        }
        for (String schema : referenced) {
            planReferencedSchema(schema);
            desired.instances().stream().filter(i -> i.schema().equals(schema)).forEach(this::planInstance);
            planUndeclaredInstances(schema, false);
        }
        Set<String> handled = new LinkedHashSet<>(referenced);
        desired.schemas().forEach(s -> handled.add(s.identifier()));
        for (Entry entry : managed.schemas()) {
            if (handled.add(entry.schema())) {
                planUndeclaredInstances(entry.schema(), false);
                planRemovedSchema(entry);
            }
        }
        // Managed instances of a schema the configuration no longer names at all.
        for (Entry entry : managed.instances()) {
            if (handled.add(entry.schema())) {
                planUndeclaredInstances(entry.schema(), false);
            }
        }
        // Managed instances whose schema is gone (their own list could not be read): gone with it.
        for (Entry entry : managed.instances()) {
            if (desired.instance(entry.schema(), entry.instance()).isEmpty() && live.schema(entry.schema()).isEmpty()) {
                untouched.add(new Untouched(Kind.INSTANCE, entry.address(), entry.id(), "removed from the "
                        + "configuration, and already gone (its schema " + entry.schema() + " does not exist): nothing to delete"));
            }
        }
        return new Plan(desired, options, changes, untouched, refusals, managed);
    }

    // ---- declared schemas ----

    private void planSchema(DesiredState.Schema schema) {
        String address = DesiredState.SCHEMA_TYPE + "." + schema.name();
        Optional<DbSchema> current = live.schema(schema.identifier());
        Optional<Entry> recorded = managed.schema(schema.identifier());
        if (current.isEmpty()) {
            String reason = recorded.isPresent() ? "it was managed by this configuration and is gone: created again"
                    : replaces(Kind.SCHEMA, schema.name(), schema.identifier(), null);
            add(schemaChanges, new ResourceChange(Kind.SCHEMA, address, schema.identifier(), null, Action.CREATE,
                    StateView.created(StateView.desired(schema.body())), reason));
            return;
        }
        List<FieldChange> fields = StateView.diff(StateView.desired(schema.body()), StateView.current(current.get()));
        boolean replace = fields.stream().anyMatch(FieldChange::forcesReplacement);
        Action action = replace ? Action.REPLACE : fields.isEmpty() ? Action.NO_CHANGE : Action.UPDATE;
        String reason = replace ? "migration_type cannot be updated in place" : moved(recorded, address);
        ResourceChange change = new ResourceChange(Kind.SCHEMA, address, schema.identifier(), null, action, fields, reason);
        add(schemaChanges, change);
        if (replace && !options.allowReplacement()) {
            refusals.add(new Refusal(change, change.address() + " must be replaced (" + fields.stream()
                    .filter(FieldChange::forcesReplacement).map(f -> PlanRenderer.terraformName(f.field()) + " "
                            + PlanRenderer.value(f.field(), f.before()) + " -> " + PlanRenderer.value(f.field(), f.after()))
                    .reduce((a, b) -> a + ", " + b).orElse("") + "). " + MIGRATION_TYPE_REFUSAL));
        }
    }

    private void planReferencedSchema(String schema) {
        if (live.schema(schema).isPresent()) {
            Optional<Entry> recorded = managed.schema(schema);
            untouched.add(new Untouched(Kind.SCHEMA, recorded.map(Entry::address).orElse(null), schema,
                    recorded.isPresent()
                            ? "no longer declared, but instances in this configuration still belong to it: kept "
                            + "(remove them too, and it is deleted)"
                            : "not declared: instances in this configuration belong to it, so it is used as it is "
                            + "(never changed or deleted)"));
        }
    }

    // ---- declared instances ----

    private void planInstance(DesiredState.Instance instance) {
        String address = DesiredState.INSTANCE_TYPE + "." + instance.name();
        ResourceChange schemaChange = schemaChanges.get(instance.schema());
        Optional<DbInstance> current = live.instance(instance.schema(), instance.identifier());
        Optional<Entry> recorded = managed.instance(instance.schema(), instance.identifier());
        List<FieldChange> created = StateView.created(StateView.desired(instance.body()));
        if (schemaChange != null && schemaChange.action() == Action.CREATE) {
            changes.add(new ResourceChange(Kind.INSTANCE, address, instance.schema(), instance.identifier(),
                    Action.CREATE, created, replaces(Kind.INSTANCE, instance.name(), instance.schema(), instance.identifier())));
            return;
        }
        if (schemaChange == null && live.schema(instance.schema()).isEmpty()) {
            ResourceChange change = new ResourceChange(Kind.INSTANCE, address, instance.schema(), instance.identifier(),
                    Action.CREATE, created, "its schema " + instance.schema() + " does not exist");
            changes.add(change);
            refusals.add(new Refusal(change, address + " belongs to schema \"" + instance.schema() + "\", which does "
                    + "not exist, and this configuration does not declare it: declare the schema (a "
                    + DesiredState.SCHEMA_TYPE + " with identifier " + instance.schema() + "), or create it first."));
            return;
        }
        if (current.isEmpty()) {
            String reason = recorded.isPresent() ? "it was managed by this configuration and is gone: created again"
                    : replaces(Kind.INSTANCE, instance.name(), instance.schema(), instance.identifier());
            changes.add(new ResourceChange(Kind.INSTANCE, address, instance.schema(), instance.identifier(),
                    Action.CREATE, created, reason));
            return;
        }
        List<FieldChange> diff = StateView.diff(StateView.desired(instance.body()), StateView.current(current.get()));
        if (schemaChange != null && schemaChange.action() == Action.REPLACE) {
            changes.add(new ResourceChange(Kind.INSTANCE, address, instance.schema(), instance.identifier(),
                    Action.REPLACE, diff, "its schema is replaced"));
            return;
        }
        changes.add(new ResourceChange(Kind.INSTANCE, address, instance.schema(), instance.identifier(),
                diff.isEmpty() ? Action.NO_CHANGE : Action.UPDATE, diff, moved(recorded, address)));
    }

    // ---- what exists and is not declared ----

    /**
     * The existing instances of a schema that the configuration does not declare: deleted when it
     * managed them, or with prune when the schema is declared (or removed); otherwise kept, with why.
     */
    private void planUndeclaredInstances(String schema, boolean declaredSchema) {
        ResourceChange schemaChange = schemaChanges.get(schema);
        boolean schemaReplaced = schemaChange != null && schemaChange.action() == Action.REPLACE;
        boolean schemaRemoved = !declaredSchema && managed.schema(schema).isPresent()
                && !desired.referencedSchemas().contains(schema);
        for (DbInstance existing : live.instances(schema).values()) {
            String identifier = existing.getIdentifier();
            if (desired.instance(schema, identifier).isPresent()) {
                continue;
            }
            Optional<Entry> recorded = managed.instance(schema, identifier);
            String id = schema + "/" + identifier;
            String address = recorded.map(Entry::address).orElse(DesiredState.INSTANCE_TYPE + " " + id);
            String reason;
            String replacedBy = null;
            if (recorded.isPresent()) {
                Optional<DesiredState.Instance> sameName = Optional.ofNullable(instanceByName.get(recorded.get().name()));
                if (sameName.isPresent()) {
                    replacedBy = sameName.get().schema() + "/" + sameName.get().identifier();
                    reason = "replaced: " + recorded.get().address() + " is now " + replacedBy + " (a changed identifier "
                            + "or schema means another resource, as Terraform's ForceNew identifier does); deleted "
                            + "once " + replacedBy + " exists";
                } else {
                    reason = "removed from the configuration, which managed it";
                }
            } else if (schemaReplaced) {
                reason = "not declared, and its schema is replaced (a schema is deleted only without instances)";
            } else if ((declaredSchema || schemaRemoved) && options.prune()) {
                reason = "not declared, and never managed by this configuration: deleted because prune is on";
            } else {
                untouched.add(new Untouched(Kind.INSTANCE, null, id, declaredSchema || schemaRemoved
                        ? "not declared, and never managed by this configuration: kept (plan with prune to delete it)"
                        : "not declared, in schema " + schema + ", which this configuration does not declare: kept "
                        + "(prune deletes only undeclared instances of declared schemas)"));
                continue;
            }
            changes.add(new ResourceChange(Kind.INSTANCE, address, schema, identifier, Action.DELETE,
                    StateView.deleted(StateView.current(existing)), reason, replacedBy));
            deletedInstances.add(id);
        }
        // Managed instances that are no longer declared and no longer exist: nothing to do.
        for (Entry entry : managed.instances()) {
            if (entry.schema().equals(schema) && live.schema(schema).isPresent()
                    && live.instance(schema, entry.instance()).isEmpty()
                    && desired.instance(schema, entry.instance()).isEmpty()) {
                untouched.add(new Untouched(Kind.INSTANCE, entry.address(), entry.id(),
                        "removed from the configuration, and already gone: nothing to delete"));
            }
        }
    }

    /** A schema the configuration managed and no longer declares or uses: deleted, once its instances are. */
    private void planRemovedSchema(Entry entry) {
        Optional<DbSchema> current = live.schema(entry.schema());
        if (current.isEmpty()) {
            untouched.add(new Untouched(Kind.SCHEMA, entry.address(), entry.id(),
                    "removed from the configuration, and already gone: nothing to delete"));
            return;
        }
        List<String> kept = live.instances(entry.schema()).keySet().stream()
                .filter(i -> !deletedInstances.contains(entry.schema() + "/" + i))
                .toList();
        if (!kept.isEmpty()) {
            untouched.add(new Untouched(Kind.SCHEMA, entry.address(), entry.id(), "removed from the configuration, "
                    + "but kept: it still has " + kept.size() + " instance(s) this plan does not delete (" + String.join(", ", kept)
                    + "), and a schema is deleted only without instances; plan with prune to delete them too"));
            return;
        }
        Optional<DesiredState.Schema> sameName = Optional.ofNullable(schemaByName.get(entry.name()));
        String replacedBy = sameName.map(DesiredState.Schema::identifier).orElse(null);
        String reason = replacedBy == null ? "removed from the configuration, which managed it"
                : "replaced: " + entry.address() + " is now " + replacedBy + " (a changed identifier means another "
                + "resource, as Terraform's ForceNew identifier does); deleted once " + replacedBy + " exists";
        changes.add(new ResourceChange(Kind.SCHEMA, entry.address(), entry.schema(), null, Action.DELETE,
                StateView.deleted(StateView.current(current.get())), reason, replacedBy));
    }

    // ---- reasons ----

    /** "replaces ...": a new resource whose name the record gives to another identifier. */
    private String replaces(Kind kind, String name, String schema, String instance) {
        Entry entry = recordedByName.get(kind + ":" + name);
        if (entry == null) {
            return null;
        }
        boolean sameResource = entry.schema().equals(schema) && (instance == null || instance.equals(entry.instance()));
        return sameResource ? null : "replaces " + entry.id() + ": the identifier of " + entry.address() + " changed";
    }

    /** "moved from ...": a resource whose name in the configuration changed, and nothing else. */
    private static String moved(Optional<Entry> recorded, String address) {
        return recorded.filter(e -> !e.address().equals(address))
                .map(e -> "moved from " + e.address() + ": only the resource name changed")
                .orElse(null);
    }

    private void add(Map<String, ResourceChange> index, ResourceChange change) {
        index.put(change.schema(), change);
        changes.add(change);
    }
}

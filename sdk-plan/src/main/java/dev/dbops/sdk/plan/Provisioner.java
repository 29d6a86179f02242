package dev.dbops.sdk.plan;

import dev.dbops.sdk.Call;
import dev.dbops.sdk.InstanceRef;
import dev.dbops.sdk.NotFoundException;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.SchemaRef;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.plan.ApplyResult.Step;
import dev.dbops.sdk.plan.ResourceChange.Action;
import dev.dbops.sdk.plan.ResourceChange.FieldChange;
import dev.dbops.sdk.plan.ResourceChange.Kind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Terraform's plan and apply for Database DevOps: {@link #plan} reads what exists and lists what
 * would change; {@link #apply} makes those changes through the fluent builders, in dependency order,
 * stopping at the first failure. Apply then plan again, and the plan is empty.
 */
public final class Provisioner {

    private Provisioner() {
    }

    /** A plan with {@link PlanOptions#DEFAULT}: creates and updates, no pruning, no replacement. */
    public static Plan plan(DesiredState desired) {
        return plan(desired, PlanOptions.DEFAULT);
    }

    /**
     * Reads each declared schema and instance (a GET; 404 means absent) and each declared schema's
     * instance list, and compares. Sends nothing that changes anything.
     */
    public static Plan plan(DesiredState desired, PlanOptions options) {
        Project project = desired.project();
        List<ResourceChange> changes = new ArrayList<>();
        List<String> undeclared = new ArrayList<>();
        for (DesiredState.Schema schema : desired.schemas()) {
            SchemaRef ref = project.schema(schema.identifier());
            String address = DesiredState.SCHEMA_TYPE + "." + schema.name();
            Optional<DbSchema> current = ref.find().execute();
            if (current.isEmpty()) {
                changes.add(new ResourceChange(Kind.SCHEMA, address, schema.identifier(), null, Action.CREATE,
                        StateView.created(StateView.desired(schema.body())), null));
                for (DesiredState.Instance instance : schema.instances()) {
                    changes.add(instanceChange(schema, instance, Action.CREATE,
                            StateView.created(StateView.desired(instance.body())), null));
                }
                continue;
            }
            List<FieldChange> fields = StateView.diff(StateView.desired(schema.body()), StateView.current(current.get()));
            boolean replace = fields.stream().anyMatch(FieldChange::forcesReplacement);
            changes.add(new ResourceChange(Kind.SCHEMA, address, schema.identifier(), null,
                    replace ? Action.REPLACE : fields.isEmpty() ? Action.NO_CHANGE : Action.UPDATE, fields,
                    replace ? "migrationType cannot be updated" : null));

            Set<String> declared = new LinkedHashSet<>();
            for (DesiredState.Instance instance : schema.instances()) {
                declared.add(instance.identifier());
                Optional<DbInstance> existing = ref.instance(instance.identifier()).find().execute();
                if (existing.isEmpty()) {
                    changes.add(instanceChange(schema, instance, Action.CREATE,
                            StateView.created(StateView.desired(instance.body())), null));
                    continue;
                }
                List<FieldChange> diff = StateView.diff(StateView.desired(instance.body()),
                        StateView.current(existing.get()));
                changes.add(replace
                        ? instanceChange(schema, instance, Action.REPLACE, diff, "its schema is replaced")
                        : instanceChange(schema, instance, diff.isEmpty() ? Action.NO_CHANGE : Action.UPDATE, diff, null));
            }
            // The list finds what the state does not declare: to prune, or to delete before a replacement.
            // Sorted, because the service lists newest first and a plan should read the same every time.
            List<DbInstance> listed = new ArrayList<>(ref.instances().list().toList());
            listed.sort(Comparator.comparing(DbInstance::getIdentifier));
            for (DbInstance existing : listed) {
                if (declared.contains(existing.getIdentifier())) {
                    continue;
                }
                String reason = replace ? "not declared, and its schema is replaced (a schema is deleted only without instances)"
                        : options.prune() ? "not declared in the desired state, and prune is on" : null;
                if (reason == null) {
                    undeclared.add(schema.identifier() + "/" + existing.getIdentifier());
                } else {
                    changes.add(new ResourceChange(Kind.INSTANCE, DesiredState.INSTANCE_TYPE + "." + existing.getIdentifier(),
                            schema.identifier(), existing.getIdentifier(), Action.DELETE,
                            StateView.deleted(StateView.current(existing)), reason));
                }
            }
        }
        return new Plan(desired, options, changes, undeclared);
    }

    /**
     * Makes the plan's changes: for each declared schema, its create or update, then its instances'
     * (a replaced schema first loses its instances and itself, then is created again with the declared
     * ones); pruned instances are deleted last. Stops at the first failure and says what was done
     * and what was not. Throws {@link PlanRefusedException}, sending nothing, for a refused replacement.
     */
    public static ApplyResult apply(Plan plan) {
        if (!plan.refused().isEmpty()) {
            throw new PlanRefusedException(plan.refused());
        }
        List<Step> steps = order(plan);
        List<Step> done = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            try {
                execute(plan, step);
            } catch (RuntimeException failure) {
                return new ApplyResult(done, step, failure, steps.subList(i + 1, steps.size()));
            }
            done.add(step);
        }
        return new ApplyResult(done, null, null, List.of());
    }

    /** The plan's changes as calls, in dependency order: deletions reverse it (instances before their schema). */
    static List<Step> order(Plan plan) {
        Map<String, List<ResourceChange>> instancesBySchema = new LinkedHashMap<>();
        Map<String, ResourceChange> schemas = new LinkedHashMap<>();
        for (ResourceChange change : plan.changes()) {
            if (change.kind() == Kind.SCHEMA) {
                schemas.put(change.schema(), change);
            } else {
                instancesBySchema.computeIfAbsent(change.schema(), s -> new ArrayList<>()).add(change);
            }
        }
        List<Step> steps = new ArrayList<>();
        List<Step> prunes = new ArrayList<>();
        for (ResourceChange schema : schemas.values()) {
            List<ResourceChange> instances = instancesBySchema.getOrDefault(schema.schema(), List.of());
            if (schema.action() == Action.REPLACE) {
                instances.stream().filter(c -> c.action() == Action.REPLACE || c.action() == Action.DELETE)
                        .forEach(c -> steps.add(new Step(c, Action.DELETE)));
                steps.add(new Step(schema, Action.DELETE));
                steps.add(new Step(schema, Action.CREATE));
                instances.stream().filter(c -> c.action() == Action.REPLACE || c.action() == Action.CREATE)
                        .forEach(c -> steps.add(new Step(c, Action.CREATE)));
                continue;
            }
            if (schema.action() != Action.NO_CHANGE) {
                steps.add(new Step(schema, schema.action()));
            }
            for (ResourceChange instance : instances) {
                switch (instance.action()) {
                    case CREATE, UPDATE -> steps.add(new Step(instance, instance.action()));
                    // Pruning last: if a create or update fails, nothing has been deleted yet.
                    case DELETE -> prunes.add(new Step(instance, Action.DELETE));
                    default -> { }
                }
            }
        }
        steps.addAll(prunes);
        return steps;
    }

    private static void execute(Plan plan, Step step) {
        ResourceChange change = step.change();
        Project project = plan.desired().project();
        SchemaRef schemaRef = project.schema(change.schema());
        if (change.kind() == Kind.SCHEMA) {
            switch (step.action()) {
                case CREATE -> project.schemas().create(desiredSchema(plan, change).body()).execute();
                case UPDATE -> schemaRef.update(UpdateBodies.schema(desiredSchema(plan, change).body(), roots(change.fields())))
                        .execute();
                case DELETE -> deleteIfPresent(schemaRef.delete());
                default -> throw new IllegalStateException("no call for " + step);
            }
            return;
        }
        InstanceRef instanceRef = schemaRef.instance(change.instance());
        switch (step.action()) {
            case CREATE -> schemaRef.instances().create(desiredInstance(plan, change).body()).execute();
            case UPDATE -> instanceRef.update(UpdateBodies.instance(desiredInstance(plan, change).body(),
                    roots(change.fields()))).execute();
            case DELETE -> deleteIfPresent(instanceRef.delete());
            default -> throw new IllegalStateException("no call for " + step);
        }
    }

    private static Set<String> roots(List<FieldChange> fields) {
        Set<String> roots = new LinkedHashSet<>();
        fields.forEach(f -> roots.add(f.field().split("\\.", 2)[0]));
        return roots;
    }

    /** A resource already gone is what a delete wants: Terraform treats that 404 as done, too. */
    private static void deleteIfPresent(Call<Void> delete) {
        try {
            delete.execute();
        } catch (NotFoundException alreadyGone) {
            // nothing to do
        }
    }

    private static DesiredState.Schema desiredSchema(Plan plan, ResourceChange change) {
        return plan.desired().schema(change.schema())
                .orElseThrow(() -> new IllegalStateException(change.address() + " is not declared in the plan's state"));
    }

    private static DesiredState.Instance desiredInstance(Plan plan, ResourceChange change) {
        return desiredSchema(plan, change).instances().stream()
                .filter(i -> i.identifier().equals(change.instance())).findFirst()
                .orElseThrow(() -> new IllegalStateException(change.address() + " is not declared in the plan's state"));
    }

    private static ResourceChange instanceChange(DesiredState.Schema schema, DesiredState.Instance instance,
                                                 Action action, List<FieldChange> fields, String reason) {
        return new ResourceChange(Kind.INSTANCE, DesiredState.INSTANCE_TYPE + "." + instance.name(), schema.identifier(),
                instance.identifier(), action, fields, reason);
    }
}

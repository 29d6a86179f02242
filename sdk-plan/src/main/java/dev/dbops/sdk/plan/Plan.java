package dev.dbops.sdk.plan;

import dev.dbops.sdk.plan.ResourceChange.Action;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The changes that would make a project match a {@link DesiredState}, one per declared resource
 * (and per instance to delete), in the order they are listed. Made by {@link Provisioner#plan};
 * print {@link #render()}, then {@link Provisioner#apply(Plan)}.
 */
public final class Plan {

    private final DesiredState desired;
    private final PlanOptions options;
    private final List<ResourceChange> changes;
    private final List<String> undeclaredInstances;

    Plan(DesiredState desired, PlanOptions options, List<ResourceChange> changes, List<String> undeclaredInstances) {
        this.desired = desired;
        this.options = options;
        this.changes = List.copyOf(changes);
        this.undeclaredInstances = List.copyOf(undeclaredInstances);
    }

    /** The state this plan converges to. */
    public DesiredState desired() {
        return desired;
    }

    /** The options it was made with. */
    public PlanOptions options() {
        return options;
    }

    /** Every resource's change, including {@link Action#NO_CHANGE}. */
    public List<ResourceChange> changes() {
        return changes;
    }

    /** The changes that do something (everything but {@link Action#NO_CHANGE}). */
    public List<ResourceChange> actions() {
        return changes.stream().filter(c -> c.action() != Action.NO_CHANGE).toList();
    }

    /** False when the project already matches: apply would send nothing. */
    public boolean hasChanges() {
        return !actions().isEmpty();
    }

    /** The change of one schema ({@code instance} null) or instance, if the plan covers it. */
    public Optional<ResourceChange> change(String schema, String instance) {
        return changes.stream().filter(c -> c.schema().equals(schema)
                && Objects.equals(c.instance(), instance)).findFirst();
    }

    /** Replacements that apply refuses, because the plan was made without {@link PlanOptions#allowReplacement()}. */
    public List<ResourceChange> refused() {
        return options.allowReplacement() ? List.of()
                : changes.stream().filter(c -> c.action() == Action.REPLACE && c.forcesReplacement()).toList();
    }

    /** Instances ({@code schema/instance}) that exist, are not declared, and are kept because prune is off. */
    public List<String> undeclaredInstances() {
        return undeclaredInstances;
    }

    /** The plan as Terraform prints one: {@code +} create, {@code ~} update (old → new), {@code -} delete. */
    public String render() {
        return PlanRenderer.render(this);
    }

    @Override
    public String toString() {
        return render();
    }
}

package dev.dbops.sdk.plan;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Apply refused a plan, sending nothing: it replaces a resource (deletes and re-creates it, because
 * a field that cannot be updated changed) and was made without {@link PlanOptions#withReplacement()}.
 */
public final class PlanRefusedException extends IllegalStateException {

    private final List<ResourceChange> refused;

    PlanRefusedException(List<ResourceChange> refused) {
        super("Refused, nothing was changed: the plan replaces " + refused.stream()
                .map(c -> c.address() + " (" + c.fields().stream().filter(ResourceChange.FieldChange::forcesReplacement)
                        .map(f -> f.field() + " " + PlanRenderer.value(f.field(), f.before()) + " -> "
                                + PlanRenderer.value(f.field(), f.after()))
                        .collect(Collectors.joining(", ")) + ", which cannot be updated)")
                .collect(Collectors.joining("; "))
                + ". Replacing deletes the schema and its instances and creates them again: plan with "
                + "PlanOptions.DEFAULT.withReplacement() to allow it.");
        this.refused = List.copyOf(refused);
    }

    /** The replacements refused. */
    public List<ResourceChange> refused() {
        return refused;
    }
}

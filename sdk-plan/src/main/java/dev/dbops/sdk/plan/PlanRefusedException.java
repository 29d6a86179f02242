package dev.dbops.sdk.plan;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Apply refused a plan, sending nothing: it replaces a resource (deletes and re-creates it, because
 * a field that cannot be updated changed) and was made without {@link PlanOptions#withReplacement()},
 * or it creates an instance in a schema that neither exists nor is declared.
 */
public final class PlanRefusedException extends IllegalStateException {

    /** The refused changes, with the reasons. */
    private final List<Plan.Refusal> refusals;

    PlanRefusedException(List<Plan.Refusal> refusals) {
        super("Refused, nothing was changed: " + refusals.stream().map(Plan.Refusal::why).collect(Collectors.joining(" ")));
        this.refusals = List.copyOf(refusals);
    }

    /** {@return the refused changes, with the reasons} */
    public List<Plan.Refusal> refusals() {
        return refusals;
    }

    /** {@return the refused changes alone} */
    public List<ResourceChange> refused() {
        return refusals.stream().map(Plan.Refusal::change).toList();
    }
}

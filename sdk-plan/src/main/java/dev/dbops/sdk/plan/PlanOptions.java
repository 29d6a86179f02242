package dev.dbops.sdk.plan;

/**
 * What a plan may propose beyond creates and updates. Both are off by default, as both delete:
 * {@code prune} deletes instances the state does not declare; {@code allowReplacement} lets apply
 * delete and re-create a schema whose migration type changed (with its instances).
 */
public record PlanOptions(boolean prune, boolean allowReplacement) {

    /** Creates and updates only; a replacement is planned but apply refuses it. */
    public static final PlanOptions DEFAULT = new PlanOptions(false, false);

    /** These options, also deleting instances of declared schemas that the state does not declare. */
    public PlanOptions withPrune() {
        return new PlanOptions(true, allowReplacement);
    }

    /** These options, also allowing apply to delete and re-create what cannot be updated in place. */
    public PlanOptions withReplacement() {
        return new PlanOptions(prune, true);
    }
}

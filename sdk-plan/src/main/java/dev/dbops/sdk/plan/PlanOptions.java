package dev.dbops.sdk.plan;

/**
 * What a plan may propose beyond creates, updates and the deletion of what the configuration
 * managed and no longer declares. Both are off by default, as both delete what the configuration
 * never managed: {@code prune} deletes instances of declared (or removed) schemas that the
 * configuration does not declare; {@code allowReplacement} lets apply delete and re-create a schema
 * whose migration type changed, with its instances.
 */
public record PlanOptions(boolean prune, boolean allowReplacement) {

    /** Creates, updates and deletes of removed managed resources; a replacement is planned but apply refuses it. */
    public static final PlanOptions DEFAULT = new PlanOptions(false, false);

    /** {@return these options, also deleting undeclared instances of declared schemas that the configuration never managed} */
    public PlanOptions withPrune() {
        return new PlanOptions(true, allowReplacement);
    }

    /** {@return these options, also allowing apply to delete and re-create what cannot be updated in place} */
    public PlanOptions withReplacement() {
        return new PlanOptions(prune, true);
    }
}

package dev.dbops.sdk.plan;

import dev.dbops.sdk.plan.ResourceChange.Action;
import dev.dbops.sdk.plan.ResourceChange.Kind;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The changes that would make a project match a {@link DesiredState}: one per declared resource
 * (unchanged ones included) and per resource to delete, in the order they are listed; what the plan
 * leaves alone, each with the reason ({@link #untouched()}); and what apply refuses
 * ({@link #refusals()}). Made by {@link Provisioner#plan}; print {@link #render()}, then
 * {@link Provisioner#apply(Plan)}.
 */
public final class Plan {

    /**
     * A resource the plan looked at and leaves alone, and why: a schema used but not declared, an
     * undeclared instance kept because the configuration never managed it, a removed one already gone.
     *
     * @param address Terraform's address when the configuration names the resource (now or in its
     *                record), else null
     * @param id      {@code schema} or {@code schema/instance}
     */
    public record Untouched(Kind kind, String address, String id, String reason) {
    }

    /**
     * A change apply refuses, and why; apply then sends nothing at all.
     *
     * @param why the whole explanation, with what to do about it
     */
    public record Refusal(ResourceChange change, String why) {
    }

    private final DesiredState desired;
    private final PlanOptions options;
    private final List<ResourceChange> changes;
    private final List<Untouched> untouched;
    private final List<Refusal> refusals;
    private final ManagedResources managed;
    private final Map<String, ResourceChange> changeIndex = new HashMap<>();

    Plan(DesiredState desired, PlanOptions options, List<ResourceChange> changes, List<Untouched> untouched,
         List<Refusal> refusals, ManagedResources managed) {
        this.desired = Objects.requireNonNull(desired, "desired");
        this.options = Objects.requireNonNull(options, "options");
        this.changes = List.copyOf(changes);
        this.untouched = List.copyOf(untouched);
        this.refusals = List.copyOf(refusals);
        this.managed = Objects.requireNonNull(managed, "managed");
        // A change per declared resource comes first; a deletion of the same resource (a replacement's) does not hide it.
        this.changes.forEach(c -> changeIndex.putIfAbsent(key(c.kind(), c.id()), c));
    }

    static String key(Kind kind, String id) {
        return kind + ":" + id;
    }

    /** The change of a resource by kind and id, or null. */
    ResourceChange changeOf(Kind kind, String id) {
        return changeIndex.get(key(kind, id));
    }

    /** {@return the state this plan converges to} */
    public DesiredState desired() {
        return desired;
    }

    /** {@return the options it was made with} */
    public PlanOptions options() {
        return options;
    }

    /** {@return every declared resource's change, {@link Action#NO_CHANGE} included, and every deletion} */
    public List<ResourceChange> changes() {
        return changes;
    }

    /** {@return the changes that do something (everything but {@link Action#NO_CHANGE})} */
    public List<ResourceChange> actions() {
        return changes.stream().filter(c -> c.action() != Action.NO_CHANGE).toList();
    }

    /** {@return false when the project already matches: apply would send nothing} */
    public boolean hasChanges() {
        return changes.stream().anyMatch(c -> c.action() != Action.NO_CHANGE);
    }

    /**
     * The change of one schema or instance.
     *
     * @param schema   the schema identifier
     * @param instance the instance identifier, or null for the schema itself
     * @return its change, or empty when the plan does not cover it
     */
    public Optional<ResourceChange> change(String schema, String instance) {
        return Optional.ofNullable(instance == null ? changeOf(Kind.SCHEMA, schema) : changeOf(Kind.INSTANCE, schema + "/" + instance));
    }

    /** {@return the resources the plan looked at and leaves alone (other than unchanged declared ones), each with the reason} */
    public List<Untouched> untouched() {
        return untouched;
    }

    /**
     * Why the plan leaves one schema or instance alone.
     *
     * @param schema   the schema identifier
     * @param instance the instance identifier, or null for the schema itself
     * @return its entry, or empty when the plan changes it or did not look at it
     */
    public Optional<Untouched> untouched(String schema, String instance) {
        String id = instance == null ? schema : schema + "/" + instance;
        return untouched.stream().filter(u -> u.id().equals(id)
                && (u.kind() == Kind.SCHEMA) == (instance == null)).findFirst();
    }

    /** {@return the changes apply refuses, with the reasons; while there is one, apply sends nothing} */
    public List<Refusal> refusals() {
        return refusals;
    }

    /** {@return the refused changes alone} */
    public List<ResourceChange> refused() {
        return refusals.stream().map(Refusal::change).toList();
    }

    /** {@return what the configuration managed when the plan was made (empty when it keeps no record)} */
    public ManagedResources managedResources() {
        return managed;
    }

    /** {@return the plan as Terraform prints one: {@code +} create, {@code ~} update (old → new), {@code -} delete} */
    public String render() {
        return PlanRenderer.render(this);
    }

    @Override
    public String toString() {
        return render();
    }
}

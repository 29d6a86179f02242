package dev.dbops.sdk.plan;

import dev.dbops.sdk.plan.ResourceChange.Action;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Provisioner#apply(Plan)} did, step by step: each create, update and delete with its
 * outcome (done, already gone, failed with the error, or not attempted because what it depends on
 * failed), in the plan's order; how many declared resources needed nothing; what the configuration manages now; and how much the rate limit
 * slowed the apply down. Plan again after a failure to see what remains.
 */
public final class ApplyResult {

    /**
     * One call: a create, update or delete of one resource. A replacement is two steps, a delete
     * and a create.
     */
    public record Step(ResourceChange change, Action action) {
        @Override
        public String toString() {
            return action.name().toLowerCase(Locale.ROOT) + " " + change.address() + " (" + change.id() + ")";
        }
    }

    /** How a step ended. */
    public enum Status {
        /** The call succeeded. */
        DONE,
        /** A delete found the resource gone already (404): what it wanted, so not an error. */
        ALREADY_GONE,
        /** The call failed; {@link Outcome#error()} says why. */
        FAILED,
        /** Not attempted, because a step it depends on failed or was not attempted. */
        SKIPPED
    }

    /**
     * A step and how it ended.
     *
     * @param detail why it was skipped, or the failure's message; null when done
     * @param error  the failure (usually a {@link dev.dbops.sdk.DbOpsException}), or null
     */
    public record Outcome(Step step, Status status, String detail, RuntimeException error) {
        /** {@return true for done and already gone} */
        public boolean succeeded() {
            return status == Status.DONE || status == Status.ALREADY_GONE;
        }
    }

    private final List<Outcome> outcomes;
    private final ManagedResources managed;
    private final RateLimitGate.Stats rateLimit;
    private final long unchanged;

    ApplyResult(List<Outcome> outcomes, long unchanged, ManagedResources managed, RateLimitGate.Stats rateLimit) {
        this.outcomes = List.copyOf(outcomes);
        this.unchanged = unchanged;
        this.managed = Objects.requireNonNull(managed, "managed");
        this.rateLimit = Objects.requireNonNull(rateLimit, "rateLimit");
    }

    /** {@return every step's outcome, in the plan's order (not the order they ran in, which concurrency decides)} */
    public List<Outcome> outcomes() {
        return outcomes;
    }

    /** {@return true when every step succeeded (done, or already gone)} */
    public boolean succeeded() {
        return outcomes.stream().allMatch(Outcome::succeeded);
    }

    /** {@return the steps that succeeded} */
    public List<Outcome> done() {
        return outcomes.stream().filter(Outcome::succeeded).toList();
    }

    /** {@return the steps that failed} */
    public List<Outcome> failed() {
        return outcomes.stream().filter(o -> o.status() == Status.FAILED).toList();
    }

    /** {@return the steps not attempted because something they depend on failed} */
    public List<Outcome> skipped() {
        return outcomes.stream().filter(o -> o.status() == Status.SKIPPED).toList();
    }

    /**
     * How the apply ended for one schema or instance (its last step, for a replacement).
     *
     * @param schema   the schema identifier
     * @param instance the instance identifier, or null for the schema itself
     * @return the outcome, or empty when the apply did not touch it
     */
    public Optional<Outcome> outcome(String schema, String instance) {
        String id = instance == null ? schema : schema + "/" + instance;
        return outcomes.stream().filter(o -> o.step().change().id().equals(id)
                && (o.step().change().instance() == null) == (instance == null)).reduce((first, second) -> second);
    }

    /** {@return how many declared resources the plan found as declared: nothing was sent for them} */
    public long unchanged() {
        return unchanged;
    }

    /** {@return what the configuration manages after this apply (what was written to its record, if it keeps one)} */
    public ManagedResources managedResources() {
        return managed;
    }

    /** {@return the 429s seen during this apply and how long workers waited at the shared gate} */
    public RateLimitGate.Stats rateLimit() {
        return rateLimit;
    }

    /** {@return one line per step, then Terraform's summary, or what failed and what was not attempted} */
    public String render() {
        StringBuilder out = new StringBuilder();
        for (Outcome o : outcomes) {
            Step step = o.step();
            out.append(step.change().address()).append(": ");
            switch (o.status()) {
                case DONE -> out.append(pastTense(step.action())).append(" [id=").append(step.change().id()).append("]");
                case ALREADY_GONE -> out.append("Destruction complete: it was already gone [id=")
                        .append(step.change().id()).append("]");
                case FAILED -> out.append(noun(step.action())).append(" FAILED: ").append(o.detail());
                case SKIPPED -> out.append(noun(step.action())).append(" not attempted: ").append(o.detail());
            }
            out.append('\n');
        }
        long added = count(Action.CREATE);
        long changed = count(Action.UPDATE);
        long destroyed = count(Action.DELETE);
        String resources = "Resources: " + added + " added, " + changed + " changed, " + destroyed + " destroyed"
                + (unchanged > 0 ? " (" + unchanged + " unchanged)." : ".");
        if (rateLimit.rateLimitedResponses() > 0) {
            out.append("\nRate limited: ").append(rateLimit.rateLimitedResponses()).append(" answer(s) were 429; attempts ")
                    .append("waited ").append(rateLimit.waits()).append(" time(s) at the shared gate (")
                    .append(rateLimit.waitsForOthers()).append(" of them for another worker's 429).\n");
        }
        if (succeeded()) {
            return out.append("\nApply complete! ").append(resources).append('\n').toString();
        }
        return out.append("\nApply incomplete: ").append(failed().size()).append(" failed, ").append(skipped().size())
                .append(" not attempted (they depend on what failed); everything else was applied. ").append(resources)
                .append(" Plan again to see what remains.\n").toString();
    }

    @Override
    public String toString() {
        return render();
    }

    private long count(Action action) {
        return outcomes.stream().filter(o -> o.succeeded() && o.step().action() == action).count();
    }

    private static String pastTense(Action action) {
        return switch (action) {
            case CREATE -> "Creation complete";
            case UPDATE -> "Modifications complete";
            case DELETE -> "Destruction complete";
            default -> action.name();
        };
    }

    private static String noun(Action action) {
        return switch (action) {
            case CREATE -> "creation";
            case UPDATE -> "modification";
            case DELETE -> "destruction";
            default -> action.name().toLowerCase(Locale.ROOT);
        };
    }
}

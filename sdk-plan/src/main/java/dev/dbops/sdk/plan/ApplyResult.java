package dev.dbops.sdk.plan;

import dev.dbops.sdk.plan.ResourceChange.Action;

import java.util.List;
import java.util.Locale;

/**
 * What {@link Provisioner#apply(Plan)} did: the calls made, the one that failed (if any) with its
 * error, and the calls not attempted after it. Plan again after a failure to see where things stand.
 *
 * @param failed  the step that failed, or null when every step succeeded
 * @param error   why it failed (usually a {@link dev.dbops.sdk.DbOpsException}), or null
 * @param notDone the steps after the failed one, never attempted
 */
public record ApplyResult(List<Step> done, Step failed, RuntimeException error, List<Step> notDone) {

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

    public ApplyResult {
        done = List.copyOf(done);
        notDone = List.copyOf(notDone);
    }

    /** True when every step was done. */
    public boolean succeeded() {
        return failed == null;
    }

    /** One line per step, then Terraform's summary, or where it stopped and why. */
    public String render() {
        StringBuilder out = new StringBuilder();
        for (Step step : done) {
            out.append(step.change().address()).append(": ").append(pastTense(step.action()))
                    .append(" [id=").append(step.change().id()).append("]\n");
        }
        long added = count(Action.CREATE);
        long changed = count(Action.UPDATE);
        long destroyed = count(Action.DELETE);
        String resources = "Resources: " + added + " added, " + changed + " changed, " + destroyed + " destroyed.";
        if (succeeded()) {
            return out.append("\nApply complete! ").append(resources).append('\n').toString();
        }
        out.append(failed.change().address()).append(": ").append(failed.action().name().toLowerCase(Locale.ROOT))
                .append(" FAILED: ").append(error.getMessage()).append('\n');
        for (Step step : notDone) {
            out.append(step.change().address()).append(": not attempted (").append(step.action().name()
                    .toLowerCase(Locale.ROOT)).append(")\n");
        }
        return out.append("\nApply stopped at the first failure. ").append(resources).append(' ')
                .append(notDone.size()).append(" step(s) not attempted; plan again to see what remains.\n").toString();
    }

    private long count(Action action) {
        return done.stream().filter(s -> s.action() == action).count();
    }

    private static String pastTense(Action action) {
        return switch (action) {
            case CREATE -> "Creation complete";
            case UPDATE -> "Modifications complete";
            case DELETE -> "Destruction complete";
            default -> action.name();
        };
    }
}

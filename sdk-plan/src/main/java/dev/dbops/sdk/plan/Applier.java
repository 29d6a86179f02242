package dev.dbops.sdk.plan;

import dev.dbops.sdk.DbOpsApiException;
import dev.dbops.sdk.DbOpsValidationException;
import dev.dbops.sdk.NotFoundException;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.SchemaRef;
import dev.dbops.sdk.plan.ApplyResult.Outcome;
import dev.dbops.sdk.plan.ApplyResult.Status;
import dev.dbops.sdk.plan.ApplyResult.Step;
import dev.dbops.sdk.plan.ManagedResources.Entry;
import dev.dbops.sdk.plan.ResourceChange.Action;
import dev.dbops.sdk.plan.ResourceChange.FieldChange;
import dev.dbops.sdk.plan.ResourceChange.Kind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs a plan's steps on the workers, each as soon as what it depends on is done: a schema's
 * create before its instances' creates, instance deletes before their schema's delete, a
 * replacement's create before the delete of what it replaces. A failed step skips what depends on
 * it; independent steps go on.
 */
final class Applier {

    private final Plan plan;
    private final Project project;
    private final Patience patience;
    private final List<Step> steps = new ArrayList<>();
    private final Map<Step, List<Step>> dependsOn = new HashMap<>();
    private final Map<Step, CompletableFuture<Outcome>> futures = new HashMap<>();

    private Applier(Plan plan, Project project, Patience patience) {
        this.plan = plan;
        this.project = project;
        this.patience = patience;
    }

    static List<Outcome> run(Plan plan, Project project, Workers workers, Patience patience) {
        Applier applier = new Applier(plan, project, patience);
        applier.buildGraph();
        for (Step step : applier.steps) {
            applier.schedule(step, workers);
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Step step : applier.steps) {
            try {
                outcomes.add(applier.futures.get(step).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                applier.futures.values().forEach(f -> f.cancel(true));
                throw new IllegalStateException("interrupted while applying; plan again to see what was done", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a step could not be run: " + e.getCause(), e.getCause());
            }
        }
        return outcomes;
    }

    /** The plan's changes as steps, and what each waits for. */
    static List<Step> order(Plan plan) {
        Applier applier = new Applier(plan, null, null);
        applier.buildGraph();
        return applier.steps;
    }

    private void buildGraph() {
        Map<String, Step> creates = new HashMap<>();
        Map<String, Step> deletes = new HashMap<>();
        for (ResourceChange change : plan.actions()) {
            String key = key(change.kind(), change.id());
            switch (change.action()) {
                case CREATE -> creates.put(key, add(new Step(change, Action.CREATE)));
                case UPDATE -> add(new Step(change, Action.UPDATE));
                case DELETE -> deletes.put(key, add(new Step(change, Action.DELETE)));
                case REPLACE -> {
                    deletes.put(key, add(new Step(change, Action.DELETE)));
                    creates.put(key, add(new Step(change, Action.CREATE)));
                }
                default -> { }
            }
        }
        Map<String, List<Step>> instanceDeletes = new HashMap<>();
        for (Step step : steps) {
            if (step.action() == Action.DELETE && step.change().kind() == Kind.INSTANCE) {
                instanceDeletes.computeIfAbsent(step.change().schema(), s -> new ArrayList<>()).add(step);
            }
        }
        for (Step step : steps) {
            ResourceChange change = step.change();
            List<Step> deps = dependsOn.computeIfAbsent(step, s -> new ArrayList<>());
            String own = key(change.kind(), change.id());
            if (step.action() == Action.CREATE) {
                if (deletes.containsKey(own)) {
                    deps.add(deletes.get(own));                          // a replacement: delete, then create
                }
                if (change.kind() == Kind.INSTANCE && creates.containsKey(key(Kind.SCHEMA, change.schema()))) {
                    deps.add(creates.get(key(Kind.SCHEMA, change.schema())));   // a schema before its instances
                }
            }
            if (step.action() == Action.DELETE) {
                if (change.kind() == Kind.SCHEMA) {
                    deps.addAll(instanceDeletes.getOrDefault(change.schema(), List.of()));   // instances before their schema
                }
                if (change.replacedBy() != null) {
                    Kind kind = change.replacedBy().contains("/") ? Kind.INSTANCE : Kind.SCHEMA;
                    Step replacement = creates.get(key(kind, change.replacedBy()));
                    if (replacement != null) {
                        deps.add(replacement);                            // the new one first, then the old one goes
                    }
                }
            }
        }
    }

    private Step add(Step step) {
        steps.add(step);
        return step;
    }

    private static String key(Kind kind, String id) {
        return kind + ":" + id;
    }

    private CompletableFuture<Outcome> schedule(Step step, Workers workers) {
        CompletableFuture<Outcome> existing = futures.get(step);
        if (existing != null) {
            return existing;
        }
        List<Step> deps = dependsOn.getOrDefault(step, List.of());
        List<CompletableFuture<Outcome>> before = new ArrayList<>();
        for (Step dep : deps) {
            before.add(schedule(dep, workers));
        }
        CompletableFuture<Outcome> future = CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
                .thenApplyAsync(ignored -> {
                    for (CompletableFuture<Outcome> dep : before) {
                        Outcome outcome = dep.join();
                        if (!outcome.succeeded()) {
                            return new Outcome(step, Status.SKIPPED, outcome.step().change().address() + " ("
                                    + outcome.step().change().id() + ") " + (outcome.status() == Status.FAILED
                                    ? "failed to be " : "was not ") + pastParticiple(outcome.step().action()), null);
                        }
                    }
                    return execute(step);
                }, workers.executor());
        futures.put(step, future);
        return future;
    }

    private Outcome execute(Step step) {
        ResourceChange change = step.change();
        SchemaRef schemaRef = project.schema(change.schema());
        try {
            if (change.kind() == Kind.SCHEMA) {
                switch (step.action()) {
                    case CREATE -> patience.call(() -> project.schemas().create(desiredSchema(change).body()).execute());
                    case UPDATE -> patience.call(() -> schemaRef.update(UpdateBodies.schema(desiredSchema(change).body(),
                            roots(change))).execute());
                    case DELETE -> patience.call(() -> schemaRef.delete().execute());
                    default -> throw new IllegalStateException("no call for " + step);
                }
            } else {
                switch (step.action()) {
                    case CREATE -> patience.call(() -> schemaRef.instances().create(desiredInstance(change).body()).execute());
                    case UPDATE -> patience.call(() -> schemaRef.instance(change.instance()).update(
                            UpdateBodies.instance(desiredInstance(change).body(), roots(change))).execute());
                    case DELETE -> patience.call(() -> schemaRef.instance(change.instance()).delete().execute());
                    default -> throw new IllegalStateException("no call for " + step);
                }
            }
            return new Outcome(step, Status.DONE, null, null);
        } catch (NotFoundException gone) {
            if (step.action() == Action.DELETE) {
                // What a delete wants: Terraform's provider reports an error here; the resource is gone all the same.
                return new Outcome(step, Status.ALREADY_GONE, "it was already gone", null);
            }
            return new Outcome(step, Status.FAILED, gone.getMessage(), gone);
        } catch (RuntimeException failure) {
            return new Outcome(step, Status.FAILED, failure.getMessage(), failure);
        }
    }

    private static Set<String> roots(ResourceChange change) {
        Set<String> roots = new LinkedHashSet<>();
        for (FieldChange f : change.fields()) {
            roots.add(f.field().split("\\.", 2)[0]);
        }
        return roots;
    }

    private DesiredState.Schema desiredSchema(ResourceChange change) {
        return plan.desired().schema(change.schema())
                .orElseThrow(() -> new IllegalStateException(change.address() + " is not declared in the plan's state"));
    }

    private DesiredState.Instance desiredInstance(ResourceChange change) {
        return plan.desired().instance(change.schema(), change.instance())
                .orElseThrow(() -> new IllegalStateException(change.address() + " is not declared in the plan's state"));
    }

    private static String pastParticiple(Action action) {
        return switch (action) {
            case CREATE -> "created";
            case UPDATE -> "updated";
            case DELETE -> "deleted";
            default -> "changed";
        };
    }

    // ---- what the configuration manages afterwards ----

    /**
     * The record after an apply: every declared resource that exists (or may: a create whose answer
     * was lost), under its declared name; every formerly managed one that was not deleted and is not gone.
     */
    static ManagedResources managedAfter(Plan plan, List<Outcome> outcomes) {
        Map<String, Outcome> last = new HashMap<>();
        for (Outcome o : outcomes) {
            String key = key(o.step().change().kind(), o.step().change().id());
            last.put(key, o);
            if (o.step().action() == Action.DELETE) {
                last.put("deleted " + key, o);
            }
        }
        Set<String> gone = new HashSet<>();
        for (Plan.Untouched u : plan.untouched()) {
            if (u.reason().contains("already gone")) {
                gone.add(key(u.kind(), u.id()));
            }
        }
        Map<String, Entry> next = new LinkedHashMap<>();
        for (Entry entry : plan.managedResources().entries()) {
            String key = key(entry.kind(), entry.id());
            Outcome o = last.get(key);
            boolean deleted = o != null && o.step().action() == Action.DELETE && o.succeeded();
            boolean isGone = gone.contains(key);
            if (!deleted && !isGone) {
                next.put(key, entry);
            }
        }
        DesiredState desired = plan.desired();
        for (DesiredState.Schema schema : desired.schemas()) {
            track(next, last, plan, Entry.schema(schema.name(), schema.identifier()));
        }
        for (DesiredState.Instance instance : desired.instances()) {
            track(next, last, plan, Entry.instance(instance.name(), instance.schema(), instance.identifier()));
        }
        return ManagedResources.of(plan.managedResources().org(), plan.managedResources().project(), next.values());
    }

    private static void track(Map<String, Entry> next, Map<String, Outcome> last, Plan plan, Entry declared) {
        String key = key(declared.kind(), declared.id());
        Optional<ResourceChange> change = Optional.ofNullable(plan.changeOf(declared.kind(), declared.id()));
        if (change.isEmpty()) {
            return;
        }
        Outcome o = last.get(key);
        Outcome deletion = last.get("deleted " + key);
        boolean created = o != null && o.step().action() == Action.CREATE && (o.succeeded() || mayExist(o));
        boolean exists = switch (change.get().action()) {
            case NO_CHANGE, UPDATE -> true;
            case CREATE -> created;
            // A replacement whose delete did not happen still has the old resource.
            case REPLACE -> created || deletion == null || !deletion.succeeded();
            default -> false;
        };
        if (exists) {
            next.put(key, declared);
        } else {
            next.remove(key);
        }
    }

    /** A create that failed without a definite refusal may have reached the service: it may exist. */
    private static boolean mayExist(Outcome o) {
        if (o.status() != Status.FAILED) {
            return false;
        }
        RuntimeException e = o.error();
        boolean refused = e instanceof DbOpsValidationException
                || (e instanceof DbOpsApiException api && api.status() / 100 == 4);
        return !refused;
    }
}

package dev.dbops.benchmarks;

import dev.dbops.sdk.Project;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbInstanceCreate;
import dev.dbops.sdk.model.DbInstanceUpdate;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.plan.DesiredState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline: how Terraform with the Harness provider plans and applies the same resources, as
 * issue 14 models it. Plan refreshes every resource in its state with one GET (schema and instance
 * reads, as the provider's ReadContext does), ten at a time, then compares; resources not in its
 * state are created. Apply walks the graph ten at a time: an instance as soon as its schema is
 * created (as with a reference or depends_on). Updates send the whole body, as the provider does.
 * No retries and no 429 handling: the provider uses Go's default HTTP client.
 */
final class TerraformModel {

    private final Project project;
    private final int parallelism;
    /** Terraform's state: what it created, by id ({@code schema} or {@code schema/instance}). */
    private final Map<String, Object> state = new LinkedHashMap<>();

    TerraformModel(Project project, int parallelism) {
        this.project = project;
        this.parallelism = parallelism;
    }

    /** What a plan found to do. */
    record Changes(List<DesiredState.Schema> createSchemas, List<DesiredState.Instance> createInstances,
                   List<DesiredState.Instance> updateInstances) {
        int size() {
            return createSchemas.size() + createInstances.size() + updateInstances.size();
        }
    }

    /** Refresh (a GET per resource in state, ten at a time), then compare with the configuration. */
    Changes plan(DesiredState desired) {
        Map<String, Object> refreshed = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            List<CompletableFuture<Void>> reads = new ArrayList<>();
            for (String id : state.keySet()) {
                reads.add(CompletableFuture.runAsync(() -> {
                    Object live = id.contains("/")
                            ? project.schema(id.split("/")[0]).instance(id.split("/")[1]).find().execute().orElse(null)
                            : project.schema(id).find().execute().orElse(null);
                    synchronized (refreshed) {
                        refreshed.put(id, live);
                    }
                }, pool));
            }
            reads.forEach(CompletableFuture::join);
        } finally {
            pool.shutdownNow();
        }
        List<DesiredState.Schema> schemas = new ArrayList<>();
        List<DesiredState.Instance> creates = new ArrayList<>();
        List<DesiredState.Instance> updates = new ArrayList<>();
        for (DesiredState.Schema schema : desired.schemas()) {
            if (refreshed.get(schema.identifier()) == null) {
                schemas.add(schema);
            }
        }
        for (DesiredState.Instance instance : desired.instances()) {
            Object live = refreshed.get(instance.schema() + "/" + instance.identifier());
            if (live == null) {
                creates.add(instance);
            } else if (!matches(instance.body(), (DbInstance) live)) {
                updates.add(instance);
            }
        }
        return new Changes(schemas, creates, updates);
    }

    /** Applies the changes ten at a time, instances after their schema; counts failures (no retries). */
    long apply(Changes changes) {
        AtomicLong failures = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            Map<String, CompletableFuture<Boolean>> schemaDone = new LinkedHashMap<>();
            for (DesiredState.Schema schema : changes.createSchemas()) {
                schemaDone.put(schema.identifier(), CompletableFuture.supplyAsync(() -> attempt(failures, () -> {
                    DbSchema created = project.schemas().create(schema.body()).execute();
                    record(schema.identifier(), created);
                }), pool));
            }
            List<CompletableFuture<Boolean>> all = new ArrayList<>(schemaDone.values());
            for (DesiredState.Instance instance : changes.createInstances()) {
                CompletableFuture<Boolean> after = schemaDone.getOrDefault(instance.schema(), CompletableFuture.completedFuture(true));
                all.add(after.thenApplyAsync(ok -> {
                    if (!ok) {
                        failures.incrementAndGet();   // not attempted: its schema failed
                        return false;
                    }
                    return attempt(failures, () -> record(instance.schema() + "/" + instance.identifier(),
                            project.schema(instance.schema()).instances().create(instance.body()).execute()));
                }, pool));
            }
            for (DesiredState.Instance instance : changes.updateInstances()) {
                all.add(CompletableFuture.supplyAsync(() -> attempt(failures, () -> project.schema(instance.schema())
                        .instance(instance.identifier()).update(wholeBody(instance.body())).execute()), pool));
            }
            all.forEach(CompletableFuture::join);
        } finally {
            pool.shutdownNow();
        }
        return failures.get();
    }

    private synchronized void record(String id, Object resource) {
        state.put(id, resource);
    }

    private static boolean attempt(AtomicLong failures, Runnable call) {
        try {
            call.run();
            return true;
        } catch (RuntimeException failed) {
            failures.incrementAndGet();
            return false;
        }
    }

    /** The provider's update: every field of the resource, changed or not. */
    private static DbInstanceUpdate wholeBody(DbInstanceCreate declared) {
        return new DbInstanceUpdate().name(declared.getName()).tags(declared.getTags()).branch(declared.getBranch())
                .commitSha(declared.getCommitSha()).gitTag(declared.getGitTag()).connector(declared.getConnector())
                .context(declared.getContext()).substituteProperties(declared.getSubstituteProperties());
    }

    private static boolean matches(DbInstanceCreate declared, DbInstance live) {
        return Objects.equals(declared.getName(), live.getName()) && Objects.equals(declared.getBranch(), live.getBranch())
                && Objects.equals(declared.getConnector(), live.getConnector())
                && Objects.equals(declared.getContext(), live.getContext());
    }
}

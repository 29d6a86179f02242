package dev.dbops.sdk.plan;

import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.Sleeper;
import dev.dbops.sdk.plan.ApplyResult.Outcome;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Terraform's plan and apply for Database DevOps, at fleet scale. {@link #plan} reads what exists
 * by lists (about one request per schema plus one per 100 instances) and compares;
 * {@link #apply} makes the changes with up to {@link #parallelism()} requests in flight, in
 * dependency order, and reports every step's outcome; {@link #export} writes what exists as a
 * configuration. Apply, then plan again, and the plan is empty.
 *
 * <p>Every request goes through one client built from yours with a {@link RateLimitGate} added: a
 * 429 with {@code Retry-After} pauses every worker, and a call refused by the rate limit is sent
 * again (the SDK's retries, then the provisioner's) until it has been refused for
 * {@link Builder#rateLimitPatience(Duration)}.
 *
 * <pre>{@code
 * try (Provisioner provisioner = Provisioner.using(dbops)) {
 *     DesiredState desired = DesiredState.load(Path.of("fleet.yaml"), dbops.project("default", "default_project"));
 *     Plan plan = provisioner.plan(desired);
 *     System.out.print(plan.render());
 *     ApplyResult result = provisioner.apply(plan);
 *     System.out.print(result.render());
 * }
 * }</pre>
 *
 * <p>Thread-safe; plans and applies may run at the same time (each has its own workers).
 */
public final class Provisioner implements AutoCloseable {

    /** Requests in flight at once, unless set: Terraform's default {@code -parallelism}. */
    public static final int DEFAULT_PARALLELISM = 10;
    /** How long a call may keep being refused by a rate limit before it fails, unless set. */
    public static final Duration DEFAULT_RATE_LIMIT_PATIENCE = Duration.ofMinutes(10);

    private final HarnessDbOps client;
    private final RateLimitGate gate;
    private final int parallelism;
    private final Patience patience;

    private Provisioner(Builder builder) {
        this.gate = new RateLimitGate(builder.clock, builder.sleeper);
        this.client = gate.install(builder.client);
        this.parallelism = builder.parallelism;
        this.patience = new Patience(gate, builder.clock, builder.rateLimitPatience);
    }

    /**
     * A provisioner with the defaults: 10 requests in flight, 10 minutes of patience with a rate limit.
     *
     * @param client the client whose settings (and connection pool) its requests use
     * @return the provisioner; close it when done
     */
    public static Provisioner using(HarnessDbOps client) {
        return builder(client).build();
    }

    /**
     * A builder for a provisioner that sends its requests through (a copy of) this client.
     *
     * @param client the client whose settings (and connection pool) its requests use
     * @return the builder
     */
    public static Builder builder(HarnessDbOps client) {
        return new Builder(client);
    }

    /** {@return how many requests are in flight at once, in plan and in apply} */
    public int parallelism() {
        return parallelism;
    }

    /** {@return the shared backoff every request of this provisioner passes (its stats say how often it waited)} */
    public RateLimitGate rateLimitGate() {
        return gate;
    }

    /**
     * A plan with {@link PlanOptions#DEFAULT}: creates, updates, and deletes of what the configuration managed.
     *
     * @param desired what the project should contain
     * @return the plan
     */
    public Plan plan(DesiredState desired) {
        return plan(desired, PlanOptions.DEFAULT);
    }

    /**
     * Reads what exists (lists, not a GET per resource) and compares it with the desired state.
     * Sends nothing that changes anything; reads the record of managed resources, if the state keeps one.
     *
     * @param desired what the project should contain
     * @param options prune, replacement
     * @return the plan
     */
    public Plan plan(DesiredState desired, PlanOptions options) {
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(options, "options");
        try (Workers workers = new Workers(parallelism, "dbops-plan")) {
            return Planner.plan(desired, options, project(desired), workers, patience);
        }
    }

    /**
     * Makes the plan's changes, each as soon as what it depends on is done, with up to
     * {@link #parallelism()} in flight: a schema's create before its instances', instance deletes
     * before their schema's, the create of a replacement before the delete of what it replaces. A
     * failure skips what depends on it and lets everything else finish; the result has every
     * step's outcome. A delete that finds the resource gone is done. Then, if the state keeps a
     * record of managed resources, rewrites it.
     *
     * @param plan the plan to carry out
     * @return every step's outcome, and the record written
     * @throws PlanRefusedException sending nothing, when the plan has {@linkplain Plan#refusals() refusals}
     */
    public ApplyResult apply(Plan plan) {
        Objects.requireNonNull(plan, "plan");
        if (!plan.refusals().isEmpty()) {
            throw new PlanRefusedException(plan.refusals());
        }
        RateLimitGate.Stats before = gate.stats();
        List<Outcome> outcomes;
        try (Workers workers = new Workers(parallelism, "dbops-apply")) {
            outcomes = Applier.run(plan, project(plan.desired()), workers, patience);
        }
        ManagedResources managed = Applier.managedAfter(plan, outcomes);
        plan.desired().managedResourcesFile().ifPresent(file -> {
            if (!managed.equals(plan.managedResources()) || !java.nio.file.Files.exists(file)) {
                managed.write(file);
            }
        });
        long unchanged = plan.changes().stream().filter(c -> c.action() == ResourceChange.Action.NO_CHANGE).count();
        return new ApplyResult(outcomes, unchanged, managed, gate.stats().minus(before));
    }

    /**
     * Writes every schema of the project, with its instances, as a configuration in this module's
     * shape (Terraform's {@code -generate-config-out}): load it, and the plan has nothing to change.
     *
     * @param project the project to export
     * @return the configuration, to write or print
     */
    public ExportedConfiguration export(Project project) {
        return export(project, List.of());
    }

    /**
     * As {@link #export(Project)}, for these schemas only (all of them when none are named).
     *
     * @param project the project to export
     * @param schemas the identifiers of the schemas to export; empty for all
     * @return the configuration, to write or print
     */
    public ExportedConfiguration export(Project project, Collection<String> schemas) {
        Objects.requireNonNull(project, "project");
        Set<String> only = new LinkedHashSet<>(schemas);
        Project live = client.project(project.org(), project.project());
        try (Workers workers = new Workers(parallelism, "dbops-export")) {
            return ExportedConfiguration.of(live, LiveState.readAll(live, only, workers, patience));
        }
    }

    /** Closes this provisioner's client (the one given to it stays open). */
    @Override
    public void close() {
        client.close();
    }

    private Project project(DesiredState desired) {
        return client.project(desired.project().org(), desired.project().project());
    }

    @Override
    public String toString() {
        return "Provisioner{parallelism=" + parallelism + ", " + gate + "}";
    }

    /** Configures a {@link Provisioner}. */
    public static final class Builder {
        private final HarnessDbOps client;
        private int parallelism = DEFAULT_PARALLELISM;
        private Duration rateLimitPatience = DEFAULT_RATE_LIMIT_PATIENCE;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.SYSTEM;

        private Builder(HarnessDbOps client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /**
         * Requests in flight at once, in plan and in apply (default 10, as Terraform's {@code -parallelism}).
         *
         * @param parallelism 1 or more
         * @return this builder
         */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be 1 or more, was " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /**
         * How long one call may keep being refused by a rate limit (429) before it fails (default
         * 10 minutes); meanwhile it is sent again whenever the shared gate opens.
         *
         * @param patience how long; zero fails at the first refusal the SDK's retries could not get past
         * @return this builder
         */
        public Builder rateLimitPatience(Duration patience) {
            Objects.requireNonNull(patience, "patience");
            if (patience.isNegative()) {
                throw new IllegalArgumentException("rateLimitPatience must not be negative, was " + patience);
            }
            this.rateLimitPatience = patience;
            return this;
        }

        /**
         * The clock the rate-limit gate and the patience read (default: the system's); for tests.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How the rate-limit gate waits (default: {@link Sleeper#SYSTEM}); for tests, one that moves a test clock.
         *
         * @param sleeper the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** {@return the provisioner; close it when done} */
        public Provisioner build() {
            return new Provisioner(this);
        }
    }
}

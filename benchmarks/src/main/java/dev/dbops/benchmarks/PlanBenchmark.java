package dev.dbops.benchmarks;

import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.RetryPolicy;
import dev.dbops.sdk.plan.ApplyResult;
import dev.dbops.sdk.plan.DesiredState;
import dev.dbops.sdk.plan.Plan;
import dev.dbops.sdk.plan.Provisioner;
import dev.dbops.sdk.testkit.DbOpsStandIn;
import dev.dbops.sdk.testkit.NetworkConditions;
import dev.dbops.sdk.testkit.ReceivedRequest;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Plan and apply at fleet scale (issue 14): {@code S} schemas × {@code I} instances against the
 * stand-in with injected latency, ours against a Terraform-model baseline ({@link TerraformModel})
 * in the same run. For each of plan on an empty project, apply (create all), plan with no changes,
 * plan and apply after changing 10% of the instances, and apply (create all) under a rate limit:
 * the requests the stand-in received and the wall time. Prints a Markdown table and writes it to
 * {@code --out}. A plain main, not JMH: each phase is one long run of real waits, measured once.
 *
 * <pre>mvn -B -pl benchmarks -am package -DskipTests -Pplan-benchmark</pre>
 *
 * Options (defaults in brackets): {@code --schemas [20] --instances [50] --latency-ms [50]
 * --parallelism [10] --rate-limit [100] (requests per second) --out FILE}.
 */
public final class PlanBenchmark {

    /** The goal for a plan with nothing to change, in requests. */
    static final int NO_CHANGE_PLAN_GOAL = 40;
    /** The goal for apply: wall time at most this many times requests × latency ÷ parallelism. */
    static final double APPLY_FLOOR_GOAL = 1.2;

    private PlanBenchmark() {
    }

    /** What to run. */
    record Settings(int schemas, int instances, Duration latency, int parallelism, int rateLimitPerSecond) {
        static Settings parse(List<String> args) {
            int schemas = 20;
            int instances = 50;
            long latencyMs = 50;
            int parallelism = Provisioner.DEFAULT_PARALLELISM;
            int rateLimit = 100;
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--schemas" -> schemas = Integer.parseInt(args.get(++i));
                    case "--instances" -> instances = Integer.parseInt(args.get(++i));
                    case "--latency-ms" -> latencyMs = Long.parseLong(args.get(++i));
                    case "--parallelism" -> parallelism = Integer.parseInt(args.get(++i));
                    case "--rate-limit" -> rateLimit = Integer.parseInt(args.get(++i));
                    case "--out" -> i++;
                    default -> throw new IllegalArgumentException("unknown option " + args.get(i));
                }
            }
            return new Settings(schemas, instances, Duration.ofMillis(latencyMs), parallelism, rateLimit);
        }

        int resources() {
            return schemas + schemas * instances;
        }

        int changed() {
            return schemas * Math.max(1, instances / 10);
        }
    }

    /** One measured phase of one side. */
    record Measure(long requests, long rateLimited, Duration wall, long failures) {
        double floorMillis(Settings settings) {
            return (double) requests * settings.latency().toMillis() / settings.parallelism();
        }

        double ofFloor(Settings settings) {
            double floor = floorMillis(settings);
            return floor == 0 ? 0 : wall.toNanos() / 1e6 / floor;
        }
    }

    /** Ours and the baseline in one phase. */
    record Row(String phase, Measure ours, Measure baseline, boolean isApply) {
    }

    /** The rows in order, and the settings they ran with. */
    record Result(Settings settings, List<Row> rows) {
        Row row(String phase) {
            return rows.stream().filter(r -> r.phase().equals(phase)).findFirst().orElseThrow();
        }
    }

    static final String PLAN_EMPTY = "plan, empty project";
    static final String APPLY_ALL = "apply, create all";
    static final String PLAN_SAME = "plan, no changes";
    static final String PLAN_TENTH = "plan, 10% of instances changed";
    static final String APPLY_TENTH = "apply, 10% of instances changed";
    static final String APPLY_LIMITED = "apply, create all, under a rate limit";

    /** Runs every phase with the settings the options give, prints the table and writes it to {@code --out}. */
    public static void main(String[] args) throws IOException {
        List<String> options = List.of(args);
        Settings settings = Settings.parse(options);
        int out = options.indexOf("--out");
        Result result = run(settings);
        String table = render(result, environment());
        System.out.print(table);
        if (out >= 0) {
            Path file = Path.of(options.get(out + 1));
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, table, StandardCharsets.UTF_8);
            System.out.println("Written to " + file);
        }
    }

    /** Runs every phase, ours then the baseline, on one stand-in. */
    static Result run(Settings settings) {
        List<Row> rows = new ArrayList<>();
        try (DbOpsStandIn standIn = DbOpsStandIn.stateful().start()) {
            warmUp(standIn, settings);
            standIn.network(n -> n.latency(settings.latency()));
            HarnessDbOps client = standIn.client();
            HarnessDbOps noRetries = standIn.clientBuilder().retryPolicy(RetryPolicy.NONE).build();
            try (Provisioner provisioner = Provisioner.builder(client).parallelism(settings.parallelism()).build()) {
                Project ours = client.project("default", "ours");
                Project theirs = noRetries.project("default", "baseline");
                TerraformModel terraform = new TerraformModel(theirs, settings.parallelism());
                DesiredState desired = fleet(ours, settings, "main");
                DesiredState desiredTheirs = fleet(theirs, settings, "main");

                Plan[] plan = new Plan[1];
                TerraformModel.Changes[] changes = new TerraformModel.Changes[1];
                Measure oursEmpty = measure(standIn, () -> {
                    plan[0] = provisioner.plan(desired);
                    return 0L;
                });
                Measure theirsEmpty = measure(standIn, () -> {
                    changes[0] = terraform.plan(desiredTheirs);
                    return 0L;
                });
                rows.add(new Row(PLAN_EMPTY, oursEmpty, theirsEmpty, false));
                rows.add(new Row(APPLY_ALL, measure(standIn, () -> failures(provisioner.apply(plan[0]))),
                        measure(standIn, () -> terraform.apply(changes[0])), true));
                rows.add(new Row(PLAN_SAME, measure(standIn, () -> {
                    plan[0] = provisioner.plan(desired);
                    return plan[0].hasChanges() ? 1L : 0L;
                }), measure(standIn, () -> {
                    changes[0] = terraform.plan(desiredTheirs);
                    return (long) changes[0].size();
                }), false));

                DesiredState changed = fleet(ours, settings, "release");
                DesiredState changedTheirs = fleet(theirs, settings, "release");
                rows.add(new Row(PLAN_TENTH, measure(standIn, () -> {
                    plan[0] = provisioner.plan(changed);
                    return plan[0].actions().size() == settings.changed() ? 0L : 1L;
                }), measure(standIn, () -> {
                    changes[0] = terraform.plan(changedTheirs);
                    return changes[0].size() == settings.changed() ? 0L : 1L;
                }), false));
                rows.add(new Row(APPLY_TENTH, measure(standIn, () -> failures(provisioner.apply(plan[0]))),
                        measure(standIn, () -> terraform.apply(changes[0])), true));
            } finally {
                noRetries.close();
            }

            standIn.reset();
            standIn.network(n -> n.latency(settings.latency()).rateLimit(settings.rateLimitPerSecond(), Duration.ofSeconds(1)));
            HarnessDbOps limitedNoRetries = standIn.clientBuilder().retryPolicy(RetryPolicy.NONE).build();
            try (Provisioner provisioner = Provisioner.builder(client).parallelism(settings.parallelism()).build()) {
                DesiredState desired = fleet(client.project("default", "ours"), settings, "main");
                TerraformModel terraform = new TerraformModel(limitedNoRetries.project("default", "baseline"),
                        settings.parallelism());
                DesiredState desiredTheirs = fleet(limitedNoRetries.project("default", "baseline"), settings, "main");
                Plan plan = provisioner.plan(desired);
                // Each side starts with fresh rate-limit windows: setting the conditions again starts them.
                standIn.network(n -> n.rateLimit(settings.rateLimitPerSecond(), Duration.ofSeconds(1)));
                Measure oursLimited = measure(standIn, () -> failures(provisioner.apply(plan)));
                TerraformModel.Changes changes = terraform.plan(desiredTheirs);
                standIn.network(n -> n.rateLimit(settings.rateLimitPerSecond(), Duration.ofSeconds(1)));
                Measure theirsLimited = measure(standIn, () -> terraform.apply(changes));
                rows.add(new Row(APPLY_LIMITED, oursLimited, theirsLimited, true));
            } finally {
                limitedNoRetries.close();
            }
            standIn.network(NetworkConditions.NONE);
        }
        return new Result(settings, rows);
    }

    /**
     * Both sides' whole cycle once at full size and without latency before measuring, so that the
     * JIT has compiled the client and the stand-in's paths for both: whichever side ran first
     * otherwise paid for it (about 2 s of a create-all at this size).
     */
    private static void warmUp(DbOpsStandIn standIn, Settings settings) {
        HarnessDbOps client = standIn.client();
        HarnessDbOps noRetries = standIn.clientBuilder().retryPolicy(RetryPolicy.NONE).build();
        try (Provisioner provisioner = Provisioner.builder(client).parallelism(settings.parallelism()).build()) {
            DesiredState ours = fleet(client.project("default", "warm_up_ours"), settings, "main");
            provisioner.apply(provisioner.plan(ours));
            provisioner.apply(provisioner.plan(fleet(client.project("default", "warm_up_ours"), settings, "release")));
            TerraformModel terraform = new TerraformModel(noRetries.project("default", "warm_up_baseline"), settings.parallelism());
            DesiredState theirs = fleet(noRetries.project("default", "warm_up_baseline"), settings, "main");
            terraform.apply(terraform.plan(theirs));
            terraform.apply(terraform.plan(fleet(noRetries.project("default", "warm_up_baseline"), settings, "release")));
        } finally {
            noRetries.close();
        }
        standIn.reset();
    }

    private static long failures(ApplyResult result) {
        return result.failed().size() + result.skipped().size();
    }

    private static Measure measure(DbOpsStandIn standIn, Supplier<Long> phase) {
        int before = standIn.received().size();
        long started = System.nanoTime();
        long failures = phase.get();
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        List<ReceivedRequest> sent = standIn.received().subList(before, standIn.received().size());
        return new Measure(sent.size(), sent.stream().filter(ReceivedRequest::rateLimited).count(), wall, failures);
    }

    /** The fleet: schema s<i> with instances s<i>_db<j>; the first tenth of each schema's instances on {@code branch}. */
    static DesiredState fleet(Project project, Settings settings, String branch) {
        DesiredState.Builder builder = DesiredState.builder(project);
        int changedPerSchema = Math.max(1, settings.instances() / 10);
        for (int s = 0; s < settings.schemas(); s++) {
            String schema = "s" + s;
            builder.schema(schema, c -> c.name("Schema " + schema).tags("fleet:benchmark")
                    .changelog(l -> l.connector("git").location("db/" + schema + ".yaml")));
            for (int i = 0; i < settings.instances(); i++) {
                String onBranch = i < changedPerSchema ? branch : "main";
                builder.instance(schema, schema + "_db" + i, c -> c.name("Tenant database").tags("env:prod")
                        .branch(onBranch).connector("pg").context("production"));
            }
        }
        return builder.build();
    }

    /** The machine and JVM, for the table's caption. */
    static String environment() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + ", " + ManagementFactory.getOperatingSystemMXBean().getName()
                + " " + System.getProperty("os.arch") + ", " + LocalDate.now();
    }

    /** The Markdown table, then each goal with ✓ or ✗. */
    static String render(Result result, String environment) {
        Settings s = result.settings();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d schemas × %d instances (%,d resources), %d ms latency per request, "
                        + "parallelism %d; rate limit %d requests/s. %s.%n%n", s.schemas(), s.instances(), s.resources(),
                s.latency().toMillis(), s.parallelism(), s.rateLimitPerSecond(), environment));
        out.append("| phase | ours: requests | ours: wall | ours: wall ÷ floor | baseline: requests | baseline: wall | "
                + "baseline: wall ÷ floor |\n|---|--:|--:|--:|--:|--:|--:|\n");
        for (Row row : result.rows()) {
            out.append("| ").append(row.phase()).append(" | ").append(requests(row.ours())).append(" | ")
                    .append(seconds(row.ours().wall())).append(" | ").append(row.isApply() ? ratio(row.ours(), s) : "")
                    .append(" | ").append(requests(row.baseline())).append(" | ").append(seconds(row.baseline().wall()))
                    .append(" | ").append(row.isApply() ? ratio(row.baseline(), s) : "").append(" |\n");
        }
        Row limited = result.row(APPLY_LIMITED);
        out.append(String.format(Locale.ROOT, "%nUnder the rate limit: ours %d failed or not attempted, baseline %d.%n",
                limited.ours().failures(), limited.baseline().failures()));
        out.append("\nRequests: all the stand-in received (429s in brackets). Floor: requests × latency ÷ parallelism.\n\n");
        long noChange = result.row(PLAN_SAME).ours().requests();
        long baselineNoChange = result.row(PLAN_SAME).baseline().requests();
        out.append(goal(noChange <= NO_CHANGE_PLAN_GOAL, "a plan with no changes in ≤ " + NO_CHANGE_PLAN_GOAL
                + " requests: " + noChange + " (the baseline: " + baselineNoChange + ")"));
        for (String phase : List.of(APPLY_ALL, APPLY_TENTH)) {
            Measure ours = result.row(phase).ours();
            out.append(goal(ours.ofFloor(s) <= APPLY_FLOOR_GOAL, phase + " within " + APPLY_FLOOR_GOAL + "× the "
                    + "latency floor: " + String.format(Locale.ROOT, "%.2f× (%s for a floor of %s)", ours.ofFloor(s),
                    seconds(ours.wall()), seconds(Duration.ofNanos((long) (ours.floorMillis(s) * 1e6))))));
        }
        out.append(goal(limited.ours().failures() == 0, "0 failures under a rate limit: " + limited.ours().failures()
                + " (" + limited.ours().rateLimited() + " requests answered 429, all sent again)"));
        return out.toString();
    }

    private static String goal(boolean met, String text) {
        return "- " + (met ? "✓ " : "✗ ") + text + "\n";
    }

    private static String requests(Measure m) {
        return String.format(Locale.ROOT, "%,d", m.requests()) + (m.rateLimited() > 0
                ? String.format(Locale.ROOT, " (%,d)", m.rateLimited()) : "");
    }

    private static String ratio(Measure m, Settings s) {
        return String.format(Locale.ROOT, "%.2f", m.ofFloor(s));
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
    }
}

package dev.dbops.examples;

import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.plan.ApplyResult;
import dev.dbops.sdk.plan.DesiredState;
import dev.dbops.sdk.plan.ExportedConfiguration;
import dev.dbops.sdk.plan.Plan;
import dev.dbops.sdk.plan.PlanOptions;
import dev.dbops.sdk.plan.PlanRefusedException;
import dev.dbops.sdk.plan.Provisioner;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The documentation's Terraform tab as {@code terraform plan} and {@code terraform apply}, without
 * Terraform: reads the desired state (the bundled {@value #BUNDLED}, or the file given as argument),
 * prints the plan, applies it, and plans again to show that nothing is left to do. A file given as
 * argument keeps the record of what it manages beside it ({@code fleet.yaml} → {@code fleet.managed.json}),
 * so that removing a resource from the file deletes it on the next run.
 *
 * <p>Options: {@code --prune} (also delete undeclared instances the file never managed),
 * {@code --allow-replacement}, {@code --parallelism N} (requests in flight, default 10), and
 * {@code --export FILE [SCHEMA...]}, which writes what exists as a configuration instead.
 */
public final class PlanAndApply {

    static final String BUNDLED = "provision-database-devops.yaml";

    private PlanAndApply() {
    }

    /** Runs against Harness when {@code HARNESS_PLATFORM_API_KEY} is set, else against the embedded stand-in. */
    public static void main(String[] args) {
        try (ExampleEnvironment env = ExampleEnvironment.open(System.out)) {
            ApplyResult result = run(env.client(), env.client().project(env.org, env.project), Arrays.asList(args), System.out);
            if (result != null && !result.succeeded()) {
                throw new IllegalStateException("apply did not complete: " + result.failed().size() + " step(s) failed, "
                        + result.skipped().size() + " not attempted; run it again to retry what remains");
            }
        }
    }

    /** Plans, applies and plans again (or exports); the apply's result, or null when there was no apply. */
    static ApplyResult run(HarnessDbOps client, Project project, List<String> args, PrintStream out) {
        PlanOptions options = PlanOptions.DEFAULT;
        Provisioner.Builder builder = Provisioner.builder(client);
        List<String> files = new ArrayList<>();
        String export = null;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--prune" -> options = options.withPrune();
                case "--allow-replacement" -> options = options.withReplacement();
                case "--parallelism" -> builder.parallelism(Integer.parseInt(args.get(++i)));
                case "--export" -> export = args.get(++i);
                default -> files.add(args.get(i));
            }
        }
        try (Provisioner provisioner = builder.build()) {
            if (export != null) {
                ExportedConfiguration exported = provisioner.export(project, files);
                exported.writeTo(Path.of(export));
                out.println("Exported " + exported.schemaCount() + " schema(s) and " + exported.instanceCount()
                        + " instance(s) of " + project.org() + "/" + project.project() + " to " + export
                        + ": plan it, and nothing changes; apply it, and it manages them.");
                exported.warnings().forEach(w -> out.println("Warning: " + w));
                return null;
            }
            String file = files.isEmpty() ? null : files.get(0);
            DesiredState desired = file == null ? bundled(project) : DesiredState.load(Path.of(file), project);
            out.println("Desired state: " + (file == null ? "classpath:" + BUNDLED : file) + " ("
                    + desired.schemas().size() + " schema(s), " + desired.instances().size() + " instance(s))"
                    + desired.managedResourcesFile().map(m -> "; what it manages is recorded in " + m).orElse(""));
            out.println();

            Plan plan = provisioner.plan(desired, options);
            out.print(plan.render());
            out.println();

            ApplyResult result;
            try {
                result = provisioner.apply(plan);
            } catch (PlanRefusedException refused) {
                out.println(refused.getMessage());
                return null;
            }
            out.print(result.render());
            if (result.succeeded()) {
                out.println();
                out.println("Planning again:");
                out.print(provisioner.plan(desired, options).render());
            }
            return result;
        }
    }

    private static DesiredState bundled(Project project) {
        try (InputStream in = PlanAndApply.class.getResourceAsStream("/" + BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLED + " is missing from the classpath: build sdk-examples first");
            }
            return DesiredState.read(in, BUNDLED, project);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

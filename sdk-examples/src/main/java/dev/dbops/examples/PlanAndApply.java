package dev.dbops.examples;

import dev.dbops.sdk.Project;
import dev.dbops.sdk.plan.ApplyResult;
import dev.dbops.sdk.plan.DesiredState;
import dev.dbops.sdk.plan.Plan;
import dev.dbops.sdk.plan.PlanOptions;
import dev.dbops.sdk.plan.PlanRefusedException;
import dev.dbops.sdk.plan.Provisioner;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The documentation's Terraform tab as {@code terraform plan} and {@code terraform apply}, without
 * Terraform: reads the desired state (the bundled {@value #BUNDLED}, or the file given as argument),
 * prints the plan, applies it, and plans again to show that nothing is left to do.
 * Options: {@code --prune} (delete undeclared instances), {@code --allow-replacement}.
 */
public final class PlanAndApply {

    static final String BUNDLED = "provision-database-devops.yaml";

    private PlanAndApply() {
    }

    public static void main(String[] args) {
        try (ExampleEnvironment env = ExampleEnvironment.open(System.out)) {
            ApplyResult result = run(env.client().project(env.org, env.project), Arrays.asList(args), System.out);
            if (result != null && !result.succeeded()) {
                throw new IllegalStateException("apply failed: " + result.error().getMessage(), result.error());
            }
        }
    }

    /** Plans, applies and plans again; the apply's result, or null when apply refused the plan. */
    static ApplyResult run(Project project, List<String> args, PrintStream out) {
        PlanOptions options = PlanOptions.DEFAULT;
        if (args.contains("--prune")) {
            options = options.withPrune();
        }
        if (args.contains("--allow-replacement")) {
            options = options.withReplacement();
        }
        String file = args.stream().filter(a -> !a.startsWith("--")).findFirst().orElse(null);
        DesiredState desired = file == null ? bundled(project) : DesiredState.load(Path.of(file), project);
        out.println("Desired state: " + (file == null ? "classpath:" + BUNDLED : file) + " ("
                + desired.schemas().size() + " schema(s), "
                + desired.schemas().stream().mapToInt(s -> s.instances().size()).sum() + " instance(s))");
        out.println();

        Plan plan = Provisioner.plan(desired, options);
        out.print(plan.render());
        out.println();

        ApplyResult result;
        try {
            result = Provisioner.apply(plan);
        } catch (PlanRefusedException refused) {
            out.println(refused.getMessage());
            return null;
        }
        out.print(result.render());
        if (result.succeeded()) {
            out.println();
            out.println("Planning again:");
            out.print(Provisioner.plan(desired, options).render());
        }
        return result;
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

package dev.dbops.examples;

import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.testkit.DbOpsStandIn;

import java.io.PrintStream;
import java.util.Optional;

/**
 * Where an example runs: against Harness when {@code HARNESS_PLATFORM_API_KEY} is set (through
 * {@link HarnessDbOps#fromEnv()}), otherwise against the embedded stateful stand-in, said in one line.
 */
final class ExampleEnvironment implements AutoCloseable {

    private final HarnessDbOps client;
    private final DbOpsStandIn standIn;
    final String org;
    final String project;

    private ExampleEnvironment(HarnessDbOps client, DbOpsStandIn standIn, String org, String project) {
        this.client = client;
        this.standIn = standIn;
        this.org = org;
        this.project = project;
    }

    static ExampleEnvironment open(PrintStream out) {
        String org = setting("HARNESS_ORG_ID", "harness.orgId", "default");
        String project = setting("HARNESS_PROJECT_ID", "harness.projectId", "default_project");
        if (setting(HarnessDbOps.ENV_API_KEY, HarnessDbOps.PROP_API_KEY, null) == null) {
            DbOpsStandIn standIn = DbOpsStandIn.stateful().start();
            out.println("No " + HarnessDbOps.ENV_API_KEY + " set: using the embedded Database DevOps stand-in at "
                    + standIn.baseUrl() + " (nothing leaves this machine).");
            return new ExampleEnvironment(standIn.client(), standIn, org, project);
        }
        HarnessDbOps client = HarnessDbOps.fromEnv();
        out.println("Using Harness at " + client.endpoint() + " (org " + org + ", project " + project + ").");
        return new ExampleEnvironment(client, null, org, project);
    }

    HarnessDbOps client() {
        return client;
    }

    /** The embedded stand-in, when the example runs on it (no API key set); an example may seed it. */
    Optional<DbOpsStandIn> standIn() {
        return Optional.ofNullable(standIn);
    }

    @Override
    public void close() {
        if (standIn != null) {
            standIn.stop();
        }
    }

    private static String setting(String env, String property, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}

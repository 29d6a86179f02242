package dev.dbops.examples;

import dev.dbops.sdk.HarnessDbOps;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ReleaseCheck's {@code main}, as the README runs it: without a key it tells the embedded stand-in
 * the document's story, prints the changesets against the instances, and waits for the last
 * changeset on customer_db_instance while a simulated pipeline deploys it (no real waiting).
 */
class ReleaseCheckTest {

    private static boolean keySet() {
        String env = System.getenv(HarnessDbOps.ENV_API_KEY);
        String property = System.getProperty(HarnessDbOps.PROP_API_KEY);
        return env != null && !env.isBlank() || property != null && !property.isBlank();
    }

    private static List<String> mainOutput(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ReleaseCheck.main(args);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void printsTheChangesetsAgainstTheInstancesThenWaitsForTheLastOne() {
        assumeTrue(!keySet(), HarnessDbOps.ENV_API_KEY + " is set: main would use Harness");

        List<String> lines = mainOutput();

        assertThat(lines.get(0)).startsWith("No " + HarnessDbOps.ENV_API_KEY + " set: using the embedded");
        assertThat(lines).containsSubsequence(
                "Migration state of my_db_schema: 4 changeset(s) on 2 instance(s)",
                "  changeset                  customer_db_instance  my_db_instance",
                "  create_customers_table     deployed              deployed        synced",
                "  add_customers_email        deployed              FAILED",
                "  create_orders_table        rolled back           not deployed",
                "  add_orders_customer_index  not deployed          not deployed");
        assertThat(lines).containsSubsequence(
                "customer_db_instance: pending create_orders_table, add_orders_customer_index; failed none",
                "my_db_instance: pending create_orders_table, add_orders_customer_index; failed add_customers_email");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("  add_customers_email: Migration failed")
                .contains("column \"email\" of relation \"customers\" contains null values"));
        assertThat(lines).containsSubsequence(
                "Waiting for add_orders_customer_index on customer_db_instance (not deployed yet)...",
                "Deployed: add_orders_customer_index on customer_db_instance at 2025-10-22T21:00:02Z (tag v1.6.0)",
                "Project default/default_project: 1 schema(s), 2 instance(s). Recent deployments:",
                "  2025-10-22T21:00:02Z  customer_db_instance (my_db_schema)",
                "  2025-10-22T21:00:00Z  my_db_instance (my_db_schema)");
        // The pipeline ran in the waiter's first pause, on the simulated clock (21:00:00 + 2 s).
        assertThat(lines).contains("  (stand-in pipeline: release v1.6.0 deploys add_orders_customer_index on"
                + " customer_db_instance while the waiter waits 2 s)");
    }

    @Test
    void waitingForAFailedChangesetEndsAtOnceWithTheServicesError() {
        assumeTrue(!keySet(), HarnessDbOps.ENV_API_KEY + " is set: main would use Harness");

        List<String> lines = mainOutput("my_db_schema", "my_db_instance", "add_customers_email");

        assertThat(lines).containsSubsequence(
                "Waiting for add_customers_email on my_db_instance (not deployed yet)...",
                "Failed: changeset add_customers_email on instance my_db_instance: Deployment_Failed: Migration failed"
                        + " for changeset changelog.yaml::add_customers_email::jsmith: Reason: liquibase.exception"
                        + ".DatabaseException: ERROR: column \"email\" of relation \"customers\" contains null values");
        assertThat(lines).noneMatch(line -> line.contains("stand-in pipeline"));
    }
}

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
 * The README's first command runs {@code main}: without a key it must start the embedded stand-in,
 * say so in one line, and provision there. (With a key set this would reach Harness: skipped.)
 */
class EntryPointTest {

    private static boolean keySet() {
        String env = System.getenv(HarnessDbOps.ENV_API_KEY);
        String property = System.getProperty(HarnessDbOps.PROP_API_KEY);
        return env != null && !env.isBlank() || property != null && !property.isBlank();
    }

    private static List<String> mainOutput(Runnable main) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void withoutAKeyMainProvisionsOnTheEmbeddedStandInAndSaysSoOnce() {
        assumeTrue(!keySet(), HarnessDbOps.ENV_API_KEY + " is set: main would use Harness");

        List<String> lines = mainOutput(() -> ProvisionDatabaseDevOps.main(new String[] {"--teardown"}));

        assertThat(lines.get(0)).startsWith("No " + HarnessDbOps.ENV_API_KEY + " set: using the embedded")
                .contains("http://");
        assertThat(lines).filteredOn(line -> line.contains("stand-in")).hasSize(1);
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("Created schema   my_db_schema"))
                .anySatisfy(line -> assertThat(line).startsWith("Created instance my_db_instance"));
    }

    @Test
    void theApiTabExampleStartsTheSameWay() {
        assumeTrue(!keySet(), HarnessDbOps.ENV_API_KEY + " is set: main would use Harness");

        List<String> lines = mainOutput(() -> ProvisionViaApi.main(new String[0]));

        assertThat(lines.get(0)).startsWith("No " + HarnessDbOps.ENV_API_KEY + " set: using the embedded");
        assertThat(lines).filteredOn(line -> line.contains("stand-in")).hasSize(1);
    }
}

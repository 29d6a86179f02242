package dev.dbops.resilience;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts the secrets capture before the first test and prints the figures table after the last,
 * to stdout and to {@code target/reliability.md}. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public final class FiguresListener implements TestExecutionListener {

    private long started;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        started = System.nanoTime();
        Secrets.install();
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if ("off".equals(System.getProperty("dbops.figures"))) {
            return; // a side execution (the platform-charset one): the table is the main run's
        }
        String table = Figures.markdown((System.nanoTime() - started) / 1_000_000);
        PrintStream out = System.out;
        out.println();
        out.println("Reliability figures (dbops-resilience-tests)");
        out.println(table);
        Path file = Path.of(System.getProperty("basedir", "."), "target", "reliability.md");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, table, StandardCharsets.UTF_8);
        } catch (IOException e) {
            out.println("Could not write " + file + ": " + e);
        }
    }
}

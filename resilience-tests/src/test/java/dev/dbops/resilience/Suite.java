package dev.dbops.resilience;

import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.RetryPolicy;
import dev.dbops.sdk.testkit.DbOpsStandIn;

import java.time.Duration;

/** What every class of the suite shares: the key, the fast client settings, the fixture names. */
final class Suite {

    static final String ORG = "resilience_org";
    static final String PROJECT = "resilience_project";
    /** Small backoff so that retries cost milliseconds, not seconds. */
    static final RetryPolicy FAST_RETRIES =
            RetryPolicy.DEFAULT.withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).withMaxRetries(3);
    static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);
    /**
     * Where a timeout is not what is tested: long enough that a stand-in slowed down by a busy
     * machine (other builds share its two cores) cannot add an attempt to a count a test asserts.
     */
    static final Duration STEADY_TIMEOUT = Duration.ofSeconds(2);

    private Suite() {
    }

    /** A stand-in that is running, with the secrets capture already installed. */
    static DbOpsStandIn standIn() {
        Secrets.install();
        return DbOpsStandIn.stateful().start();
    }

    /** The client the faults are aimed at: the suite's key, 300 ms per attempt, 3 quick retries. */
    static HarnessDbOps fastClient(DbOpsStandIn standIn) {
        HarnessDbOps client = standIn.clientBuilder().apiKey(Secrets.KEY).requestTimeout(SHORT_TIMEOUT)
                .retryPolicy(FAST_RETRIES).build();
        Secrets.inspect(client);
        return client;
    }

    /** The same quick retries with a 2 s timeout, for faults that are not about time. */
    static HarnessDbOps steadyClient(DbOpsStandIn standIn) {
        HarnessDbOps client = standIn.clientBuilder().apiKey(Secrets.KEY).requestTimeout(STEADY_TIMEOUT)
                .retryPolicy(FAST_RETRIES).build();
        Secrets.inspect(client);
        return client;
    }

    /** A patient client for arranging fixtures and checking the stand-in's state afterwards. */
    static HarnessDbOps setupClient(DbOpsStandIn standIn) {
        HarnessDbOps client = standIn.clientBuilder().apiKey(Secrets.KEY).build();
        Secrets.inspect(client);
        return client;
    }

    static Project project(HarnessDbOps client) {
        Project project = client.project(ORG, PROJECT);
        Secrets.inspect(project);
        return project;
    }

    static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}

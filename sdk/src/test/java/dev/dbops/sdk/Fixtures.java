package dev.dbops.sdk;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** What most tests share: the WireMock server, a fast-retrying client, the documented paths. */
final class Fixtures {

    static final String ORG = "default";
    static final String PROJECT = "default_project";
    static final String SCHEMA = "my_db_schema";
    static final String INSTANCE = "my_db_instance";
    static final String KEY = "pat.test-key.0123456789";

    static final String SCHEMAS_PATH = "/v1/orgs/" + ORG + "/projects/" + PROJECT + "/dbschema";
    static final String SCHEMA_PATH = SCHEMAS_PATH + "/" + SCHEMA;
    static final String INSTANCE_LIST_PATH = SCHEMA_PATH + "/instancelist";
    static final String INSTANCES_PATH = SCHEMA_PATH + "/instance";
    static final String INSTANCE_PATH = INSTANCES_PATH + "/" + INSTANCE;
    static final String MIGRATION_STATE_PATH = SCHEMA_PATH + "/migrationstate";
    static final String OVERVIEW_PATH = SCHEMAS_PATH + "/overview";

    /** The default policy (2 retries) with millisecond backoff, so that retry tests stay fast. */
    static final RetryPolicy FAST = RetryPolicy.DEFAULT.withBackoff(Duration.ofMillis(5), Duration.ofMillis(20));

    private Fixtures() {
    }

    static WireMockExtension wireMock() {
        return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    }

    /** A builder for a client of this WireMock server, fast retries, key {@link #KEY}. */
    static HarnessDbOps.Builder builder(WireMockExtension wm) {
        return HarnessDbOps.builder().apiKey(KEY).endpoint(wm.baseUrl()).retryPolicy(FAST);
    }

    static HarnessDbOps client(WireMockExtension wm) {
        return builder(wm).build();
    }

    static Project project(HarnessDbOps dbops) {
        return dbops.project(ORG, PROJECT);
    }

    /** A JSON response with the body of a named example of the OpenAPI document. */
    static ResponseDefinitionBuilder example(int status, String exampleName) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(SpecExamples.json(exampleName));
    }

    /** Every request WireMock received, oldest first. */
    static List<LoggedRequest> journal(WireMockExtension wm) {
        return wm.findAll(anyRequestedFor(anyUrl()));
    }

    /** First answers {@code first}, then {@code then} for every later request. */
    static void firstThen(WireMockExtension wm, MappingBuilder first, MappingBuilder then) {
        String scenario = "first-then-" + System.nanoTime();
        wm.stubFor(first.inScenario(scenario).whenScenarioStateIs("Started").willSetStateTo("answered"));
        wm.stubFor(then.inScenario(scenario).whenScenarioStateIs("answered"));
    }

    /** A loopback port nothing listens on: connecting to it is refused. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.dbops.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dbops.sdk.DbOpsApiException;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.model.DbSchema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.dbops.contract.Contract.SPEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * JSON is UTF-8 on the wire, so a schema named in French or a server message with a dash must reach
 * the user intact whatever the platform's default charset. On Java 17 that default is US-ASCII in a
 * container without a locale (LANG unset or C), which is where CI often runs. The pom runs this class
 * alone in a JVM started that way ({@code -Dfile.encoding=ANSI_X3.4-1968}), execution
 * {@code non-utf8-platform}.
 */
class PlatformCharsetTest {

    static final String TEXT = "Schéma de production – Zürich ✓";

    static final SpecValidatingListener SPEC_CHECK = new SpecValidatingListener(Contract.STRICT_VALIDATOR);

    @RegisterExtension
    static final WireMockExtension WIREMOCK = SpecValidatingListener.wireMock(SPEC_CHECK);

    @BeforeEach
    void reset() {
        SPEC_CHECK.reset();
    }

    @Test
    void runsWhereTheDefaultCharsetIsNotUtf8() {
        assertThat(Charset.defaultCharset()).isNotEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void aNonAsciiNameReachesTheUserIntact() {
        Scenario get = Scenario.primary(SPEC.operation("getDbSchema"));
        ObjectNode body = (ObjectNode) get.responseBody().deepCopy();
        body.put("name", TEXT);
        WIREMOCK.stubFor(any(urlPathEqualTo(get.path())).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(body.toString().getBytes(StandardCharsets.UTF_8))));

        DbSchema schema = client().project(Scenario.ORG, Scenario.PROJECT).schema(Scenario.SCHEMA).get().execute();

        assertThat(schema.getName()).isEqualTo(TEXT);
        SPEC_CHECK.assertNoViolations();
    }

    @Test
    void aNonAsciiServerMessageReachesTheUserIntact() {
        Scenario get = Scenario.primary(SPEC.operation("getDbSchema"));
        ObjectNode error = (ObjectNode) get.op().responses().get(404).examples().values().iterator().next().value().deepCopy();
        error.put("message", TEXT);
        WIREMOCK.stubFor(any(urlPathEqualTo(get.path())).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody(error.toString().getBytes(StandardCharsets.UTF_8))));

        DbOpsApiException e = catchThrowableOfType(DbOpsApiException.class,
                () -> client().project(Scenario.ORG, Scenario.PROJECT).schema(Scenario.SCHEMA).get().execute());

        assertThat(e).isNotNull();
        assertThat(e.serverMessage()).isEqualTo(TEXT);
        assertThat(e.getMessage()).contains(TEXT);
        SPEC_CHECK.assertNoViolations();
    }

    private static HarnessDbOps client() {
        return Contract.client(WIREMOCK.baseUrl()).build();
    }
}

package dev.dbops.resilience;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.testkit.DbOpsStandIn;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Runs in its own surefire execution with {@code -Dfile.encoding=ANSI_X3.4-1968}: JDK 17's default
 * charset in a container without a UTF-8 locale. Responses are UTF-8 whatever the platform says,
 * so names beyond ASCII must read back exactly, from a success body and from an error message.
 */
class PlatformCharsetTest {

    static final String NAME = "Schéma 日本語 ✓ 🚀";

    @Test
    void nonAsciiTextSurvivesAnAsciiPlatformCharset() {
        // Meaningful only in the ascii-platform-charset execution (a -Dtest=... run lands it in the default one).
        assumeFalse(Charset.defaultCharset().equals(StandardCharsets.UTF_8), "the platform charset is UTF-8");
        try (DbOpsStandIn standIn = DbOpsStandIn.stateful().start()) {
            HarnessDbOps client = standIn.clientBuilder().build();
            var project = client.project("o", "p");
            DbSchema created = project.schemas().create("s1").name(NAME).tags("team:équipe")
                    .changelog(c -> c.connector("git").location("changelog.yaml")).execute();
            assertThat(created.getName()).isEqualTo(NAME);
            assertThat(project.schema("s1").get().execute().getTags()).containsEntry("team", "équipe");
            standIn.server().stubFor(WireMock.get(urlPathEqualTo("/v1/orgs/o/projects/p/dbschema/s2")).atPriority(1)
                    .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                            .withBody(("{\"message\":\"Schéma s2 introuvable\"}").getBytes(StandardCharsets.UTF_8))));
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(dev.dbops.sdk.NotFoundException.class,
                    () -> project.schema("s2").get().execute()).serverMessage()).isEqualTo("Schéma s2 introuvable");
        }
    }
}

package dev.dbops.sdk;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static dev.dbops.sdk.Fixtures.KEY;
import static dev.dbops.sdk.Fixtures.firstThen;
import static dev.dbops.sdk.Fixtures.journal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every request carries: the key, the account when set, Accept and the SDK's User-Agent. */
class HeadersTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wireMock();

    private static final String USER_AGENT = "^dbops-java/" + Pattern.quote(HarnessDbOps.VERSION)
            + " \\(Java " + Pattern.quote(Runtime.version().toString()) + "\\)";

    @Test
    void everyOperationAndEveryRetrySendsTheHeaders() {
        stubAllOperations();
        firstThen(wm, Op.GET_SCHEMA.stub().willReturn(status(503)), Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success()));
        HarnessDbOps client = Fixtures.builder(wm).accountId("acct_1").userAgentSuffix("my-platform/1.4").build();

        for (Op op : Op.values()) {
            op.run(client);
        }

        List<LoggedRequest> requests = journal(wm);
        assertThat(requests).hasSize(Op.values().length + 1);
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.getHeader("x-api-key")).isEqualTo(KEY);
            assertThat(r.getHeader("Harness-Account")).isEqualTo("acct_1");
            assertThat(r.getHeader("Accept")).isEqualTo("application/json");
            assertThat(r.getHeader("User-Agent")).matches(USER_AGENT + " my-platform/1\\.4$");
            // plain http to WireMock: HTTP/1.1 without an h2c upgrade attempt
            assertThat(r.containsHeader("Upgrade")).isFalse();
        });
        assertThat(requests).filteredOn(r -> r.getMethod().getName().matches("POST|PUT"))
                .hasSize((int) java.util.Arrays.stream(Op.values()).filter(op -> op.method.matches("POST|PUT")).count())
                .allSatisfy(r -> assertThat(r.getHeader("Content-Type")).isEqualTo("application/json"));
        assertThat(client.userAgent()).matches(USER_AGENT + " my-platform/1\\.4$");
    }

    @Test
    void withoutAnAccountNoHarnessAccountHeaderIsSent() {
        stubAllOperations();
        HarnessDbOps client = Fixtures.client(wm);

        for (Op op : Op.values()) {
            op.run(client);
        }

        assertThat(journal(wm)).hasSize(Op.values().length)
                .allSatisfy(r -> {
                    assertThat(r.containsHeader("Harness-Account")).isFalse();
                    assertThat(r.getHeader("x-api-key")).isEqualTo(KEY);
                    assertThat(r.getHeader("User-Agent")).matches(USER_AGENT + "$");
                });
        assertThat(client.accountId()).isNull();
    }

    @Test
    void theVersionInTheUserAgentIsTheBuiltOne() {
        // version.properties is filtered at build time; an unfiltered or missing file would say "dev" or "${...}".
        assertThat(HarnessDbOps.VERSION).matches("\\d+\\.\\d+\\.\\d+.*").doesNotContain("$");
    }

    @Test
    void aUserAgentSuffixThatCouldSplitTheHeaderIsRefused() {
        assertThatThrownBy(() -> HarnessDbOps.builder().userAgentSuffix("evil\r\nX-Injected: 1"))
                .isInstanceOf(DbOpsValidationException.class).hasMessageContaining("userAgentSuffix");
    }

    @Test
    void anAccountThatCouldSplitTheHeaderIsRefusedWhenSet() {
        assertThatThrownBy(() -> HarnessDbOps.builder().accountId("acct_1\r\nX-Injected: 1"))
                .isInstanceOf(DbOpsValidationException.class).hasMessageContaining("accountId");
    }

    @Test
    void aBlankAccountMeansNone() {
        stubAllOperations();

        Op.GET_SCHEMA.run(Fixtures.builder(wm).accountId("  ").build());

        assertThat(journal(wm)).singleElement().satisfies(r -> assertThat(r.containsHeader("Harness-Account")).isFalse());
    }

    private static void stubAllOperations() {
        for (Op op : Op.values()) {
            wm.stubFor(op.stub().willReturn(op.success()));
        }
    }
}

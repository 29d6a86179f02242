package dev.dbops.sdk;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.Map;
import java.util.Properties;

import static dev.dbops.sdk.Fixtures.SCHEMA;
import static dev.dbops.sdk.Fixtures.journal;
import static dev.dbops.sdk.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** fromEnv() reads the Terraform provider's variables; system properties win; a missing key fails naming it. */
class FromEnvTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wireMock();

    private static Properties props(String... keyValues) {
        Properties props = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    @Test
    void theThreeVariablesConfigureTheClient() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success()));
        Map<String, String> env = Map.of(
                "HARNESS_PLATFORM_API_KEY", "pat.env.key",
                "HARNESS_ACCOUNT_ID", "acct_env",
                "HARNESS_ENDPOINT", wm.baseUrl());

        HarnessDbOps client = HarnessDbOps.builder().retryPolicy(Fixtures.FAST).fromEnv(env, new Properties()).build();
        project(client).schema(SCHEMA).get().execute();

        assertThat(client.endpoint()).isEqualTo(URI.create(wm.baseUrl()));
        assertThat(client.accountId()).isEqualTo("acct_env");
        assertThat(journal(wm)).singleElement().satisfies(r -> {
            assertThat(r.getHeader("x-api-key")).isEqualTo("pat.env.key");
            assertThat(r.getHeader("Harness-Account")).isEqualTo("acct_env");
        });
    }

    @Test
    void theKeyAloneIsEnoughAndTheRestDefaults() {
        HarnessDbOps client = HarnessDbOps.builder()
                .fromEnv(Map.of("HARNESS_PLATFORM_API_KEY", "pat.env.key"), new Properties()).build();

        assertThat(client.endpoint()).isEqualTo(URI.create("https://app.harness.io"));
        assertThat(client.accountId()).isNull();
    }

    @Test
    void withoutTheKeyItFailsNamingTheVariable() {
        assertThatThrownBy(() -> HarnessDbOps.builder().fromEnv(Map.of("HARNESS_ACCOUNT_ID", "acct"), new Properties()))
                .isInstanceOf(DbOpsValidationException.class)
                .hasMessageContaining("HARNESS_PLATFORM_API_KEY")
                .hasMessageContaining("harness.platformApiKey");
    }

    @Test
    void aBlankKeyIsAMissingKey() {
        assertThatThrownBy(() -> HarnessDbOps.builder()
                .fromEnv(Map.of("HARNESS_PLATFORM_API_KEY", "  "), props("harness.platformApiKey", "")))
                .isInstanceOf(DbOpsValidationException.class).hasMessageContaining("HARNESS_PLATFORM_API_KEY");
    }

    @Test
    void systemPropertiesWinOverTheEnvironment() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success()));
        Map<String, String> env = Map.of(
                "HARNESS_PLATFORM_API_KEY", "pat.env.key",
                "HARNESS_ACCOUNT_ID", "acct_env",
                "HARNESS_ENDPOINT", "https://app.harness.io");
        Properties props = props(
                "harness.platformApiKey", "pat.prop.key",
                "harness.accountId", "acct_prop",
                "harness.endpoint", wm.baseUrl());

        HarnessDbOps client = HarnessDbOps.builder().fromEnv(env, props).build();
        project(client).schema(SCHEMA).get().execute();

        assertThat(client.accountId()).isEqualTo("acct_prop");
        assertThat(journal(wm)).singleElement().satisfies(r -> {
            assertThat(r.getHeader("x-api-key")).isEqualTo("pat.prop.key");
            assertThat(r.getHeader("Harness-Account")).isEqualTo("acct_prop");
        });
    }

    @Test
    void anInsecureEndpointFromTheEnvironmentIsRefusedToo() {
        HarnessDbOps.Builder builder = HarnessDbOps.builder().fromEnv(Map.of(
                "HARNESS_PLATFORM_API_KEY", "pat.env.key", "HARNESS_ENDPOINT", "http://harness.example.com"), new Properties());

        assertThatThrownBy(builder::build).isInstanceOf(DbOpsValidationException.class).hasMessageContaining("plain http");
    }

    @Test
    void aBuilderWithoutKeyFailsNamingIt() {
        assertThatThrownBy(() -> HarnessDbOps.builder().build())
                .isInstanceOf(DbOpsValidationException.class).hasMessageContaining("apiKey")
                .hasMessageContaining("HARNESS_PLATFORM_API_KEY");
    }

    @Test
    void aKeyThatCannotBeAHeaderIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> HarnessDbOps.builder().apiKey("pat.abc\r\ndef").build())
                .isInstanceOf(DbOpsValidationException.class)
                .hasMessageContaining("apiKey").hasMessageNotContaining("pat.abc");
    }

    @Test
    void thePublicFromEnvReadsSystemProperties() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success()));
        Map<String, String> set = Map.of(
                "harness.platformApiKey", "pat.sysprop.key",
                "harness.accountId", "acct_sysprop",
                "harness.endpoint", wm.baseUrl());
        Properties saved = new Properties();
        set.keySet().forEach(k -> {
            if (System.getProperty(k) != null) {
                saved.setProperty(k, System.getProperty(k));
            }
        });
        try {
            set.forEach(System::setProperty);

            HarnessDbOps client = HarnessDbOps.fromEnv();
            project(client).schema(SCHEMA).get().execute();

            assertThat(client.endpoint()).isEqualTo(URI.create(wm.baseUrl()));
            assertThat(journal(wm)).singleElement().satisfies(r -> {
                assertThat(r.getHeader("x-api-key")).isEqualTo("pat.sysprop.key");
                assertThat(r.getHeader("Harness-Account")).isEqualTo("acct_sysprop");
            });
        } finally {
            set.keySet().forEach(k -> {
                if (saved.containsKey(k)) {
                    System.setProperty(k, saved.getProperty(k));
                } else {
                    System.clearProperty(k);
                }
            });
        }
    }
}

package dev.dbops.sdk;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.dbops.sdk.Fixtures.KEY;
import static dev.dbops.sdk.Fixtures.SCHEMA;
import static dev.dbops.sdk.Fixtures.SCHEMA_PATH;
import static dev.dbops.sdk.Fixtures.journal;
import static dev.dbops.sdk.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The key travels only over https, or plain http to this machine, and never across a redirect. */
class TransportSecurityTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wireMock();

    /** Another origin a redirect could point at. */
    @RegisterExtension
    static WireMockExtension elsewhere = Fixtures.wireMock();

    @Test
    void plainHttpToAnotherHostIsRefused() {
        assertThatThrownBy(() -> HarnessDbOps.builder().apiKey(KEY).endpoint("http://example.com").build())
                .isInstanceOf(DbOpsValidationException.class)
                .hasMessageContaining("http://example.com").hasMessageContaining("allowInsecureHttp()")
                .hasMessageNotContaining(KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1.nip.io", "http://localhost.example.com", "http://10.0.0.8:8080",
            "http://app.harness.io/gateway"})
    void plainHttpToHostsThatOnlyLookLocalIsRefused(String endpoint) {
        assertThatThrownBy(() -> HarnessDbOps.builder().apiKey(KEY).endpoint(endpoint).build())
                .isInstanceOf(DbOpsValidationException.class).hasMessageContaining("plain http");
    }

    @Test
    void plainHttpToAnotherHostIsAllowedWhenAskedFor() {
        HarnessDbOps client = HarnessDbOps.builder().apiKey(KEY).endpoint("http://example.com").allowInsecureHttp().build();

        assertThat(client.endpoint()).isEqualTo(URI.create("http://example.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080", "http://127.0.0.2",
            "http://api.localhost", "https://app.harness.io", "https://app.harness.io/gateway"})
    void loopbackHttpAndAnyHttpsAreAllowed(String endpoint) {
        assertThatCode(() -> HarnessDbOps.builder().apiKey(KEY).endpoint(endpoint).build()).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://app.harness.io", "app.harness.io", "https://app.harness.io?x=1", "https://app.harness.io#top"})
    void anEndpointThatIsNotABaseUrlIsRefused(String endpoint) {
        assertThatThrownBy(() -> HarnessDbOps.builder().endpoint(endpoint))
                .isInstanceOf(DbOpsValidationException.class).hasMessageContaining("endpoint");
    }

    @Test
    void theDefaultEndpointIsHarnessSaas() {
        assertThat(HarnessDbOps.builder().apiKey(KEY).build().endpoint()).isEqualTo(URI.create("https://app.harness.io"));
    }

    @Test
    void aPathPrefixLikeTheGatewayIsKept() {
        wm.stubFor(any(anyUrl()).willReturn(Op.GET_SCHEMA.success()));

        project(Fixtures.builder(wm).endpoint(wm.baseUrl() + "/gateway/").build()).schema(SCHEMA).get().execute();

        wm.verify(1, getRequestedFor(urlPathEqualTo("/gateway" + SCHEMA_PATH)));
    }

    @ParameterizedTest
    @EnumSource(value = HttpClient.Redirect.class, names = {"NORMAL", "ALWAYS"})
    void aCustomHttpClientThatFollowsRedirectsIsRefused(HttpClient.Redirect redirect) {
        HttpClient http = HttpClient.newBuilder().followRedirects(redirect).build();

        assertThatThrownBy(() -> HarnessDbOps.builder().httpClient(http))
                .isInstanceOf(DbOpsValidationException.class).hasMessageContaining("redirect");
    }

    @Test
    void aRedirectIsNotFollowed() {
        redirectToElsewhere();

        DbOpsApiException e = catchThrowableOfType(DbOpsApiException.class,
                () -> project(Fixtures.client(wm)).schema(SCHEMA).get().execute());

        assertRedirectReturned(e);
    }

    @Test
    void aRedirectIsNotFollowedWithACustomHttpClientEither() {
        redirectToElsewhere();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();

        DbOpsApiException e = catchThrowableOfType(DbOpsApiException.class,
                () -> project(Fixtures.builder(wm).httpClient(http).build()).schema(SCHEMA).get().execute());

        assertRedirectReturned(e);
    }

    @Test
    void aCustomHttpClientIsTheOneThatSends() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success()));
        AtomicInteger tasks = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(task -> {
                        tasks.incrementAndGet();
                        pool.execute(task);
                    })
                    .build();
            HarnessDbOps client = Fixtures.builder(wm).httpClient(http).build();

            project(client).schema(SCHEMA).get().execute();
            project(client).schema(SCHEMA).get().execute();

            assertThat(tasks).hasPositiveValue();
            assertThat(journal(wm)).hasSize(2);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void redirectToElsewhere() {
        elsewhere.stubFor(any(anyUrl()).willReturn(Op.GET_SCHEMA.success()));
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(aResponse().withStatus(302)
                .withHeader("Location", elsewhere.baseUrl() + SCHEMA_PATH)));
    }

    private static void assertRedirectReturned(DbOpsApiException e) {
        assertThat(e).isExactlyInstanceOf(DbOpsApiException.class);
        assertThat(e.status()).isEqualTo(302);
        assertThat(e.headers().get("Location")).containsExactly(elsewhere.baseUrl() + SCHEMA_PATH);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(journal(wm)).hasSize(1);
        assertThat(journal(elsewhere)).as("requests that followed the redirect").isEmpty();
    }
}

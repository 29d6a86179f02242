package dev.dbops.sdk;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.dbops.sdk.Fixtures.SCHEMA;
import static dev.dbops.sdk.Fixtures.journal;
import static dev.dbops.sdk.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Over HTTP/2, which https negotiates (Harness's endpoint among them), an oversized body still ends
 * as the typed error it is. There the HttpClient fails the response as soon as a body's stream is
 * cancelled, so the SDK must say why it ended the body before it cancels the stream; otherwise the
 * caller got "stream cancelled", a connection error, and the call was retried.
 */
class Http2Test {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().dynamicHttpsPort()).build();

    private static final int TEN_MB = 10 << 20;

    /** Trusts WireMock's self-signed certificate (and anything else: this test talks only to it). */
    private static HttpClient http2Client() throws GeneralSecurityException {
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {trustAll}, null);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(tls)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HarnessDbOps client(HttpClient http) {
        // A generous timeout: on a loaded two-core machine, TLS and a 10 MB answer from WireMock took more
        // than 10 s, the body deadline ended the first attempt and the retry made the test see 2 attempts.
        return HarnessDbOps.builder().apiKey(Fixtures.KEY).endpoint("https://localhost:" + wm.getHttpsPort())
                .httpClient(http).retryPolicy(Fixtures.FAST).requestTimeout(Duration.ofSeconds(60)).build();
    }

    @Test
    void theServerSpeaksHttp2AndTheSdkReadsOverIt() throws Exception {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success()));
        HttpClient http = http2Client();
        HttpResponse<Void> probe = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + wm.getHttpsPort()
                + Fixtures.SCHEMA_PATH)).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(probe.version()).as("the protocol this test is about").isEqualTo(HttpClient.Version.HTTP_2);

        assertThat(project(client(http)).schema(SCHEMA).get().execute().getIdentifier()).isEqualTo(SCHEMA);
    }

    /** A GET of the schema over HTTP/2, answered with this status and JSON body: what it threw. */
    private static <E extends Throwable> E getSchemaAnswered(int status, String json, Class<E> expected)
            throws GeneralSecurityException {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(json)));
        HarnessDbOps client = client(http2Client());
        E thrown = catchThrowableOfType(expected, () -> project(client).schema(SCHEMA).get().execute());
        assertThat(thrown).as(expected.getSimpleName()).isNotNull();
        return thrown;
    }

    @Test
    void aTenMegabyteSuccessBodyIsMalformedAndNotRetried() throws Exception {
        MalformedResponseException e = getSchemaAnswered(200, "{\"identifier\":\"" + "x".repeat(TEN_MB) + "\"}",
                MalformedResponseException.class);

        assertThat(e.getMessage()).contains("larger than 8 MiB");
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(journal(wm)).hasSize(1);
    }

    @Test
    void aTenMegabyteErrorBodyKeepsItsStatusAndIsCut() throws Exception {
        BadRequestException e = getSchemaAnswered(400, "{\"message\":\"bad\",\"padding\":\"" + "x".repeat(TEN_MB) + "\"}",
                BadRequestException.class);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.body()).hasSize(64 << 10).startsWith("{\"message\":\"bad\"");
        assertThat(e.attempts()).isEqualTo(1);
    }
}

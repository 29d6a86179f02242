package dev.dbops.sdk;

import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient.Builder} whose {@code build()} returns one existing client. The generated
 * {@code ApiClient} builds a new HttpClient (with its own thread pool and connections) for every
 * API object; handing it this builder makes every API object share the client's one HttpClient.
 * Configuring it is refused: the shared client is configured where it is made.
 */
final class SharedHttpClientBuilder implements HttpClient.Builder {

    private final HttpClient shared;

    SharedHttpClientBuilder(HttpClient shared) {
        this.shared = shared;
    }

    @Override
    public HttpClient build() {
        return shared;
    }

    private static UnsupportedOperationException configured() {
        return new UnsupportedOperationException("The shared HttpClient is configured by HarnessDbOps.Builder");
    }

    @Override
    public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
        throw configured();
    }

    @Override
    public HttpClient.Builder connectTimeout(Duration duration) {
        throw configured();
    }

    @Override
    public HttpClient.Builder sslContext(SSLContext sslContext) {
        throw configured();
    }

    @Override
    public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
        throw configured();
    }

    @Override
    public HttpClient.Builder executor(Executor executor) {
        throw configured();
    }

    @Override
    public HttpClient.Builder followRedirects(HttpClient.Redirect policy) {
        throw configured();
    }

    @Override
    public HttpClient.Builder version(HttpClient.Version version) {
        throw configured();
    }

    @Override
    public HttpClient.Builder priority(int priority) {
        throw configured();
    }

    @Override
    public HttpClient.Builder proxy(ProxySelector proxySelector) {
        throw configured();
    }

    @Override
    public HttpClient.Builder authenticator(Authenticator authenticator) {
        throw configured();
    }
}

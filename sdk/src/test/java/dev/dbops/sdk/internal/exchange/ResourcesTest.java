package dev.dbops.sdk.internal.exchange;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The last lease closes what the SDK made: the HttpClient where it can be closed (JDK 21 and
 * later; here an HttpClient that is AutoCloseable stands in for one), the executor it started;
 * never what the user supplied.
 */
class ResourcesTest {

    /** An HttpClient that can be closed, as the JDK's is from 21 on, counting its closes. */
    static final class CloseableHttpClient extends HttpClient implements AutoCloseable {
        final AtomicInteger closes = new AtomicInteger();
        private final HttpClient delegate = HttpClient.newHttpClient();

        @Override
        public void close() {
            closes.incrementAndGet();
        }

        @Override
        public Optional<CookieHandler> cookieHandler() {
            return delegate.cookieHandler();
        }

        @Override
        public Optional<Duration> connectTimeout() {
            return delegate.connectTimeout();
        }

        @Override
        public Redirect followRedirects() {
            return Redirect.NEVER;
        }

        @Override
        public Optional<ProxySelector> proxy() {
            return delegate.proxy();
        }

        @Override
        public SSLContext sslContext() {
            return delegate.sslContext();
        }

        @Override
        public SSLParameters sslParameters() {
            return delegate.sslParameters();
        }

        @Override
        public Optional<Authenticator> authenticator() {
            return delegate.authenticator();
        }

        @Override
        public Version version() {
            return delegate.version();
        }

        @Override
        public Optional<Executor> executor() {
            return delegate.executor();
        }

        @Override
        public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
                throws IOException, InterruptedException {
            return delegate.send(request, handler);
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
            return delegate.sendAsync(request, handler);
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                                HttpResponse.PushPromiseHandler<T> push) {
            return delegate.sendAsync(request, handler, push);
        }
    }

    @Test
    void theLastLeaseClosesTheClientTheSdkMadeAndItsExecutor() {
        CloseableHttpClient http = new CloseableHttpClient();
        Resources resources = new Resources(http, true, null);
        ExecutorService executor = (ExecutorService) resources.asyncExecutor();
        assertThat(resources.acquire()).isTrue();

        resources.release();
        assertThat(http.closes).as("a lease is still held").hasValue(0);
        assertThat(executor.isShutdown()).isFalse();

        resources.release();
        assertThat(http.closes).hasValue(1);
        assertThat(executor.isShutdown()).isTrue();
        assertThat(resources.acquire()).as("no lease after the last is released").isFalse();
        assertThat(resources.asyncExecutor()).isNull();
    }

    @Test
    void whatTheUserSuppliedIsNeverClosed() {
        CloseableHttpClient http = new CloseableHttpClient();
        Executor mine = Runnable::run;
        Resources resources = new Resources(http, false, mine);

        resources.release();

        assertThat(http.closes).hasValue(0);
        assertThat(resources.asyncExecutor()).isSameAs(mine);
    }
}

package dev.dbops.sdk;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A JDK HttpServer on 127.0.0.1 answering every request with one canned response. */
final class CannedServer implements AutoCloseable {

    private final HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile byte[] body = new byte[0];
    private volatile Map<String, String> headers = Map.of();
    private volatile boolean hang;
    private volatile boolean stallBody;

    CannedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "canned-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                if (hang) {
                    release.await(30, TimeUnit.SECONDS);
                    return;
                }
                headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                if (stallBody) {
                    exchange.getResponseBody().write(body, 0, body.length / 2);
                    exchange.getResponseBody().flush();
                    release.await(30, TimeUnit.SECONDS);
                    return;
                }
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    CannedServer answer(int status, byte[] body, Map<String, String> headers) {
        this.status = status;
        this.body = body;
        this.headers = headers;
        return this;
    }

    /** Reads requests and never answers them (until closed). */
    CannedServer hang() {
        this.hang = true;
        return this;
    }

    /** Sends the status, the headers and half the body, then nothing (until closed). */
    CannedServer stallBody() {
        this.stallBody = true;
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    HarnessDbOps client() {
        return HarnessDbOps.builder().apiKey("test-key").endpoint(url()).maxRetries(0).build();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}

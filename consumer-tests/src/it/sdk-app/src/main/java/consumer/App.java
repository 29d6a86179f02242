package consumer;

import com.sun.net.httpserver.HttpServer;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.model.DbSchema;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A user's program: one create through the SDK against a loopback server, which answers with the
 * body it was sent (so that no JSON is written here). Exits non-zero, saying why, when the SDK
 * cannot be used as its POM and jar are published.
 */
public final class App {

    /** Jars that a program on the SDK alone must not find on its path. */
    private static final List<String> FOREIGN = List.of(
            "junit", "wiremock", "swagger", "snakeyaml", "jackson-dataformat-yaml", "assertj", "opentest4j");

    private App() {
    }

    /**
     * Runs the program.
     *
     * @param args {@code --module}: also check that the SDK was loaded as the named module
     *             {@code dev.dbops.sdk}
     * @throws IOException when the loopback server cannot start
     */
    public static void main(String[] args) throws IOException {
        List<String> problems = new ArrayList<>();
        for (String property : List.of("java.class.path", "jdk.module.path")) {
            for (String entry : System.getProperty(property, "").split(File.pathSeparator)) {
                String jar = new File(entry).getName();
                FOREIGN.stream().filter(jar::contains)
                        .forEach(f -> problems.add(jar + " is on the " + property + ": the SDK's POM brought it"));
            }
        }
        if (args.length > 0 && args[0].equals("--module")) {
            String module = HarnessDbOps.class.getModule().getName();
            if (!"dev.dbops.sdk".equals(module)) {
                problems.add("the SDK loaded as module " + module + ", not dev.dbops.sdk");
            }
        }

        AtomicReference<String> seen = new AtomicReference<>("nothing");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            seen.set(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                    + " key=" + exchange.getRequestHeaders().getFirst("x-api-key"));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            HarnessDbOps dbops = HarnessDbOps.builder()
                    .apiKey("pat.consumer.0123456789")
                    .accountId("consumer_account")
                    .endpoint("http://127.0.0.1:" + server.getAddress().getPort())
                    .allowInsecureHttp()
                    .build();
            DbSchema schema = dbops.project("default", "default_project").schemas().create("my_db_schema")
                    .name("My Database Schema")
                    .changelog(c -> c.connector("cockroachDB").location("changelog.yaml"))
                    .execute();
            if (!"my_db_schema".equals(schema.getIdentifier()) || !"My Database Schema".equals(schema.getName())) {
                problems.add("the created schema read back as " + schema.getIdentifier() + " / " + schema.getName());
            }
            if (!seen.get().startsWith("POST ") || !seen.get().endsWith(" key=pat.consumer.0123456789")) {
                problems.add("the server saw " + seen.get());
            }
        } catch (RuntimeException e) {
            problems.add("the call failed: " + e);
        } finally {
            server.stop(0);
        }

        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("sdk-app: " + p));
            System.exit(1);
        }
        System.out.println("sdk-app: created my_db_schema through " + seen.get().replaceAll(" key=.*", ""));
    }
}

package dev.dbops.sdk;

import dev.dbops.sdk.model.DbSchema;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Response bodies are JSON, so UTF-8 whatever the platform's default charset: the generated client
 * used to decode them with {@code new String(bytes)} (the default charset) before parsing. The
 * changed templates parse the bytes; these tests hold the SDK to that, and to the rest of what the
 * body reading did (a blank body is no body; an error body is the exception's text).
 */
class ResponseDecodingTest {

    static final String NAME = "Schéma ünïcødé ✓ 数据库";
    static final String MESSAGE = "Schéma « my_db_schema » introuvable ✗";

    static byte[] schemaJson() {
        return ("{\"identifier\":\"my_db_schema\",\"name\":\"" + NAME + "\",\"created\":1761120868}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] errorJson() {
        return ("{\"message\":\"" + MESSAGE + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void utf8BodiesAreReadAsUtf8() throws Exception {
        try (CannedServer server = new CannedServer()) {
            HarnessDbOps dbops = server.client();
            server.answer(200, schemaJson(), Map.of("X-Request-Id", "req-1"));
            DbOpsResponse<DbSchema> response = dbops.project("o", "p").schema("my_db_schema").get()
                    .executeWithResponse();
            assertThat(response.body().getName()).isEqualTo(NAME);
            assertThat(response.header("content-TYPE")).contains("application/json");
            assertThat(response.headers().get("x-request-id")).containsExactly("req-1");
            assertThat(response.requestId()).contains("req-1");

            server.answer(404, errorJson(), Map.of());
            assertThatThrownBy(() -> dbops.project("o", "p").schema("my_db_schema").get().execute())
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining(MESSAGE);
        }
    }

    @Test
    void aBlankBodyIsNoBody() throws Exception {
        // Blank (even Unicode-blank) is read as no body, not as broken JSON; a get then says the
        // body is missing rather than returning null.
        try (CannedServer server = new CannedServer()) {
            server.answer(200, " \r\n\t\u000B".getBytes(StandardCharsets.UTF_8), Map.of());
            assertThatThrownBy(() -> server.client().project("o", "p").schema("my_db_schema").get().execute())
                    .isInstanceOf(MalformedResponseException.class).hasMessageContaining("without the JSON body");
            server.answer(200, "\u2003\n".getBytes(StandardCharsets.UTF_8), Map.of());
            assertThatThrownBy(() -> server.client().project("o", "p").schema("my_db_schema").get().execute())
                    .isInstanceOf(MalformedResponseException.class).hasMessageContaining("without the JSON body");
        }
    }

    @Test
    void aBodyThatIsNotJsonIsAMalformedResponse() throws Exception {
        try (CannedServer server = new CannedServer()) {
            server.answer(200, "<html>proxy</html>".getBytes(StandardCharsets.UTF_8), Map.of());
            assertThatThrownBy(() -> server.client().project("o", "p").schema("my_db_schema").get().execute())
                    .isInstanceOf(MalformedResponseException.class);
        }
    }

    @Test
    void aCallWithItsOwnTimeoutWorksAgainAndAgain() throws Exception {
        try (CannedServer server = new CannedServer()) {
            server.answer(200, schemaJson(), Map.of());
            HarnessDbOps dbops = server.client();
            for (int i = 0; i < 3; i++) {
                for (Duration timeout : List.of(Duration.ofSeconds(5), Duration.ofSeconds(6))) {
                    assertThat(dbops.project("o", "p").schema("my_db_schema").get().timeout(timeout).execute()
                            .getName()).isEqualTo(NAME);
                }
            }
        }
    }

    /**
     * The same calls in a JVM whose default charset is ISO-8859-1 (possible on Java 17, as on
     * Windows' Cp1252): with {@code new String(bytes)} the name came back as "SchÃ©ma…".
     */
    @Test
    void utf8BodiesAreReadAsUtf8WhateverTheDefaultCharset() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Dfile.encoding=ISO-8859-1",
                "-cp", System.getProperty("java.class.path"), Latin1Probe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("target/latin1-probe.log")).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(Path.of("target/latin1-probe.log"), StandardCharsets.ISO_8859_1);
        org.junit.jupiter.api.Assumptions.assumeFalse(output.contains("SKIP"), output);
        assertThat(output).contains("OK").doesNotContain("MISMATCH");
        assertThat(process.exitValue()).isZero();
    }

    /** Runs in the ISO-8859-1 JVM: ASCII output only, so that the charset cannot garble the verdict. */
    public static final class Latin1Probe {
        public static void main(String[] args) throws Exception {
            if (!Charset.defaultCharset().equals(StandardCharsets.ISO_8859_1)) {
                System.out.println("SKIP: default charset is " + Charset.defaultCharset());
                return;
            }
            try (CannedServer server = new CannedServer()) {
                HarnessDbOps dbops = server.client();
                server.answer(200, schemaJson(), Map.of());
                String name = dbops.project("o", "p").schema("my_db_schema").get().execute().getName();
                server.answer(404, errorJson(), Map.of());
                String message;
                try {
                    dbops.project("o", "p").schema("my_db_schema").get().execute();
                    message = "no exception";
                } catch (NotFoundException e) {
                    message = e.getMessage();
                }
                boolean ok = NAME.equals(name) && message.contains(MESSAGE);
                System.out.println(ok ? "OK" : "MISMATCH name=" + escape(name) + " message=" + escape(message));
                System.exit(ok ? 0 : 1);
            }
        }

        private static String escape(String s) {
            StringBuilder out = new StringBuilder();
            s.chars().forEach(c -> out.append(c < 128 ? String.valueOf((char) c) : String.format("\\u%04x", c)));
            return out.toString();
        }
    }
}

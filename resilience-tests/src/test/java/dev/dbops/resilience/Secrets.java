package dev.dbops.resilience;

import dev.dbops.sdk.DbOpsApiException;
import dev.dbops.sdk.DbOpsResponse;
import dev.dbops.sdk.Page;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The distinctive API key every client of the suite uses, and the scan that must never find it:
 * every SDK log record at every level, every other log record (WireMock, Jetty), everything the
 * test JVM writes to stdout and stderr, and the message, stack trace and {@code toString()} of
 * every exception and public object the suite's calls produce.
 */
final class Secrets {

    /**
     * Shaped like a Harness personal access token ({@code pat.<account>.<token>.<secret>}), header-safe,
     * and unlike anything else the suite writes, so any occurrence is a leak.
     */
    static final String KEY = "pat.resilienceAcct7Q.tok3Zf9Qx.Kx9dbopsSECRETq2W7f3a9c1e";

    private static final AtomicLong keyHits = new AtomicLong();
    private static final List<String> hitPlaces = new CopyOnWriteArrayList<>();
    private static final AtomicLong objects = new AtomicLong();
    private static final Map<String, AtomicLong> sdkRecordsByLevel = new ConcurrentHashMap<>();
    private static final AtomicLong otherRecords = new AtomicLong();
    private static final SimpleFormatter FORMAT = new SimpleFormatter();
    private static final Capture console = new Capture(64 << 20);
    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static Logger sdkLogger;
    private static boolean installed;

    private Secrets() {
    }

    /**
     * Starts capturing: a handler at Level.ALL on "dev.dbops.sdk" (System.Logger's backend on a bare
     * JDK is java.util.logging), one on the root logger for everything else, and a tee on stdout and
     * stderr. Idempotent; the figures listener calls it before the first test.
     */
    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String text = record.getLoggerName() + " " + record.getLevel() + " " + FORMAT.formatMessage(record)
                        + (record.getThrown() == null ? "" : "\n" + stackTrace(record.getThrown()));
                if (record.getLoggerName() != null && record.getLoggerName().startsWith("dev.dbops.sdk")
                        && !record.getLoggerName().startsWith("dev.dbops.sdk.testkit")) {
                    sdkRecordsByLevel.computeIfAbsent(record.getLevel().getName(), k -> new AtomicLong()).incrementAndGet();
                } else {
                    otherRecords.incrementAndGet();
                }
                count("log " + record.getLoggerName() + " " + record.getLevel(), text);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        sdkLogger = Logger.getLogger("dev.dbops.sdk");
        sdkLogger.setLevel(Level.ALL);
        // The handler sees every record; the console would only repeat the INFO retry lines.
        sdkLogger.setUseParentHandlers(false);
        sdkLogger.addHandler(handler);
        Logger root = Logger.getLogger("");
        for (Handler existing : root.getHandlers()) {
            root.removeHandler(existing);
        }
        root.addHandler(handler);
        System.setOut(new PrintStream(new Tee(System.out, console), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(System.err, console), true, StandardCharsets.UTF_8));
    }

    /** Scans what an object shows a user: toString, and for exceptions message and full stack trace. */
    static void inspect(Object o) {
        if (o == null) {
            return;
        }
        objects.incrementAndGet();
        StringBuilder text = new StringBuilder(String.valueOf(o));
        if (o instanceof Throwable t) {
            text.append('\n').append(t.getMessage()).append('\n').append(t.getLocalizedMessage())
                    .append('\n').append(stackTrace(t));
            if (t instanceof DbOpsApiException api) {
                text.append('\n').append(api.body()).append('\n').append(api.serverMessage())
                        .append('\n').append(api.headers());
            }
        }
        if (o instanceof DbOpsResponse<?> response) {
            text.append('\n').append(response.headers());
            inspect(response.body());
        }
        if (o instanceof Page<?> page) {
            inspect(page.response());
        }
        if (o instanceof Collection<?> items) { // never a PagedList: iterating it would call the server
            items.forEach(Secrets::inspect);
        }
        count("toString/message of " + o.getClass().getName(), text.toString());
    }

    static void inspectAll(Object... all) {
        for (Object o : all) {
            inspect(o);
        }
    }

    /** Occurrences of the key in a text. */
    static int occurrences(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        int n = 0;
        for (int at = text.indexOf(KEY); at >= 0; at = text.indexOf(KEY, at + KEY.length())) {
            n++;
        }
        return n;
    }

    /** Counts the key in the captured stdout and stderr; call once, at the end. */
    static long scanConsole() {
        String text = console.text();
        int n = occurrences(text);
        if (n > 0) {
            keyHits.addAndGet(n);
            hitPlaces.add("stdout/stderr (" + n + "x)");
        }
        return n;
    }

    static long keyOccurrences() {
        return keyHits.get();
    }

    static List<String> hitPlaces() {
        return List.copyOf(hitPlaces);
    }

    static long objectsInspected() {
        return objects.get();
    }

    static Map<String, Long> sdkLogRecordsByLevel() {
        Map<String, Long> copy = new TreeMap<>();
        sdkRecordsByLevel.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    static long sdkLogRecords() {
        return sdkRecordsByLevel.values().stream().mapToLong(AtomicLong::get).sum();
    }

    static long otherLogRecords() {
        return otherRecords.get();
    }

    static long consoleBytes() {
        return console.size();
    }

    static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static void count(String where, String text) {
        int n = occurrences(text);
        if (n > 0) {
            keyHits.addAndGet(n);
            if (hitPlaces.size() < 20) {
                hitPlaces.add(where + ": " + text.substring(0, Math.min(text.length(), 400)).replace('\n', ' '));
            }
        }
    }

    /** Keeps what the JVM prints (up to a cap) for the final scan. */
    private static final class Capture extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int cap;
        private long total;

        Capture(int cap) {
            this.cap = cap;
        }

        @Override
        public synchronized void write(int b) {
            total++;
            if (bytes.size() < cap) {
                bytes.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            total += len;
            int room = Math.max(0, Math.min(len, cap - bytes.size()));
            bytes.write(b, off, room);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        synchronized long size() {
            return total;
        }
    }

    private static final class Tee extends OutputStream {
        private final OutputStream original;
        private final OutputStream copy;

        Tee(OutputStream original, OutputStream copy) {
            this.original = original;
            this.copy = copy;
        }

        @Override
        public void write(int b) throws IOException {
            original.write(b);
            copy.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            original.write(b, off, len);
            copy.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            original.flush();
        }
    }
}

package dev.dbops.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP/1.1 server on 127.0.0.1 that answers every request with prebuilt bytes: one
 * thread per connection, keep-alive, no parsing beyond the request line, the body length and the
 * {@code page} query parameter. It allocates nothing per request (outside {@link #recordRequests}),
 * so its cost in time and allocation is the same small constant for every client measured.
 */
public final class LoopbackServer implements AutoCloseable {

    /** One recorded request, for tests that compare what the clients send. */
    public record Request(String method, String target, List<String> headerLines, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DBSCHEMA = "dbschema".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INSTANCELIST = "instancelist".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAGE = "page=".getBytes(StandardCharsets.US_ASCII);

    private final CannedResponses responses;
    private final ServerSocket serverSocket;
    private final Thread acceptor;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final AtomicInteger requestCount = new AtomicInteger();
    private final List<Request> recorded = new ArrayList<>();
    private volatile boolean recordRequests;
    private volatile boolean closed;

    private LoopbackServer(CannedResponses responses) throws IOException {
        this.responses = responses;
        this.serverSocket = new ServerSocket();
        this.serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        this.acceptor = new Thread(this::acceptLoop, "loopback-accept");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** Starts a server on an ephemeral loopback port. */
    public static LoopbackServer start(CannedResponses responses) {
        try {
            return new LoopbackServer(responses);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot bind a loopback port", e);
        }
    }

    /** {@code http://127.0.0.1:port}. */
    public String baseUrl() {
        return "http://" + serverSocket.getInetAddress().getHostAddress() + ":" + serverSocket.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connectionsAccepted() {
        return connectionCount.get();
    }

    /** Requests answered so far. */
    public int requestsServed() {
        return requestCount.get();
    }

    /** Keeps a copy of every request from now on (tests only: it allocates). */
    public void recordRequests(boolean on) {
        synchronized (recorded) {
            recorded.clear();
        }
        recordRequests = on;
    }

    /** The requests recorded since {@link #recordRequests(boolean)} was turned on. */
    public List<Request> recorded() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : connections) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = serverSocket.accept();
                socket.setTcpNoDelay(true);
                connections.add(socket);
                Thread t = new Thread(() -> serve(socket), "loopback-conn-" + connectionCount.incrementAndGet());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    e.printStackTrace();
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            Connection c = new Connection(in);
            while (!closed) {
                int headEnd = c.readHead();
                if (headEnd < 0) {
                    return; // the client closed the connection
                }
                byte[] reply = answer(c, headEnd);
                requestCount.incrementAndGet(); // before the reply: a client that has it sees the count
                out.write(reply);
                out.flush();
            }
        } catch (SocketException closing) {
            // the client or close() dropped the connection
        } catch (IOException e) {
            if (!closed) {
                e.printStackTrace();
            }
        } finally {
            connections.remove(socket);
        }
    }

    /** Reads the body, picks the canned reply, and leaves the connection at the next request. */
    private byte[] answer(Connection c, int headEnd) throws IOException {
        byte[] b = c.buf;
        int p = c.start;
        int methodEnd = indexOf(b, p, headEnd, (byte) ' ');
        int targetEnd = indexOf(b, methodEnd + 1, headEnd, (byte) ' ');
        int targetStart = methodEnd + 1;
        int queryStart = indexOf(b, targetStart, targetEnd, (byte) '?');
        int pathEnd = queryStart < 0 ? targetEnd : queryStart;
        boolean get = b[p] == 'G';

        long contentLength = 0;
        boolean chunked = false;
        int line = indexOf(b, p, headEnd, (byte) '\n') + 1;
        List<String> headerLines = recordRequests ? new ArrayList<>() : null;
        while (line < headEnd) {
            int eol = indexOf(b, line, headEnd + 2, (byte) '\r');
            if (eol <= line) {
                break;
            }
            if (startsWithIgnoreCase(b, line, eol, CONTENT_LENGTH)) {
                contentLength = parseLong(b, line + CONTENT_LENGTH.length, eol);
            } else if (startsWithIgnoreCase(b, line, eol, TRANSFER_ENCODING)) {
                chunked = true; // the only transfer coding a client sends
            }
            if (headerLines != null) {
                headerLines.add(new String(b, line, eol - line, StandardCharsets.ISO_8859_1));
            }
            line = eol + 2;
        }

        String method = null;
        String target = null;
        if (headerLines != null) {
            method = new String(b, p, methodEnd - p, StandardCharsets.ISO_8859_1);
            target = new String(b, targetStart, targetEnd - targetStart, StandardCharsets.ISO_8859_1);
        }
        // Decide the route before the body is read: reading may move the buffer.
        byte[] reply;
        int lastSlash = lastIndexOf(b, targetStart, pathEnd, (byte) '/');
        if (get) {
            reply = segmentBefore(b, targetStart, lastSlash, DBSCHEMA) ? responses.getSchema() : responses.notFound();
        } else if (endsWith(b, lastSlash + 1, pathEnd, DBSCHEMA)) {
            reply = responses.createSchema();
        } else if (endsWith(b, lastSlash + 1, pathEnd, INSTANCELIST)) {
            reply = responses.instancePage(queryStart < 0 ? 0 : pageParameter(b, queryStart + 1, targetEnd));
        } else {
            reply = responses.notFound();
        }

        c.start = headEnd + 4;
        byte[] body = chunked ? c.readChunked(headerLines != null) : c.skip(contentLength, headerLines != null);
        if (headerLines != null) {
            synchronized (recorded) {
                recorded.add(new Request(method, target, List.copyOf(headerLines), body == null ? new byte[0] : body));
            }
        }
        return reply;
    }

    /** The bytes of one keep-alive connection, read into one reused buffer. */
    private static final class Connection {
        private final InputStream in;
        byte[] buf = new byte[16 * 1024];
        int start;
        int end;

        Connection(InputStream in) {
            this.in = in;
        }

        /** Index of the blank line's CR that ends the head, or -1 at the end of the stream. */
        int readHead() throws IOException {
            if (start == end) {
                start = 0;
                end = 0;
            }
            while (true) {
                // Scans from the start of the request each time: fill() may move it.
                for (int i = start; i + 3 < end; i++) {
                    if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                        return i;
                    }
                }
                if (!fill()) {
                    return -1;
                }
            }
        }

        /** Reads more bytes, compacting or growing the buffer first. */
        private boolean fill() throws IOException {
            if (start > 0 && end == buf.length) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                return false;
            }
            end += n;
            return true;
        }

        byte[] skip(long length, boolean keep) throws IOException {
            byte[] kept = keep ? new byte[(int) length] : null;
            long left = length;
            int copied = 0;
            while (left > 0) {
                if (start == end) {
                    start = 0;
                    end = 0;
                    if (!fill()) {
                        throw new IOException("body ended early");
                    }
                }
                int n = (int) Math.min(left, end - start);
                if (kept != null) {
                    System.arraycopy(buf, start, kept, copied, n);
                }
                copied += n;
                start += n;
                left -= n;
            }
            return kept;
        }

        byte[] readChunked(boolean keep) throws IOException {
            java.io.ByteArrayOutputStream kept = keep ? new java.io.ByteArrayOutputStream() : null;
            while (true) {
                int eol = line();
                long size = 0;
                for (int i = start; i < eol && buf[i] != ';'; i++) {
                    size = size * 16 + Character.digit(buf[i], 16);
                }
                start = eol + 2;
                if (size == 0) {
                    line(); // the blank line after the last chunk (no trailers are sent)
                    start += 2;
                    return kept == null ? null : kept.toByteArray();
                }
                byte[] chunk = skip(size, keep);
                if (kept != null) {
                    kept.write(chunk);
                }
                line();
                start += 2;
            }
        }

        private int line() throws IOException {
            while (true) {
                for (int i = start; i + 1 < end; i++) {
                    if (buf[i] == '\r' && buf[i + 1] == '\n') {
                        return i;
                    }
                }
                if (!fill()) {
                    throw new IOException("chunked body ended early");
                }
            }
        }
    }

    private static int pageParameter(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            if (startsWithIgnoreCase(b, i, to, PAGE)) {
                return (int) parseLong(b, i + PAGE.length, to);
            }
            int amp = indexOf(b, i, to, (byte) '&');
            if (amp < 0) {
                break;
            }
            i = amp + 1;
        }
        return 0;
    }

    private static long parseLong(byte[] b, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                v = v * 10 + (c - '0');
            } else if (c == '&') {
                break;
            } else if (c != ' ' && c != '\t') {
                break;
            }
        }
        return v;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b, int from, int to, byte c) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWithIgnoreCase(byte[] b, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (Character.toLowerCase(b[from + i]) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsWith(byte[] b, int from, int to, byte[] word) {
        return to - from == word.length && startsWithIgnoreCase(b, from, to, word);
    }

    /** Whether the path segment just before the one ending at {@code slash} is {@code word}. */
    private static boolean segmentBefore(byte[] b, int from, int slash, byte[] word) {
        if (slash <= from) {
            return false;
        }
        int previous = lastIndexOf(b, from, slash, (byte) '/');
        return previous >= 0 && endsWith(b, previous + 1, slash, word);
    }
}

package dev.dbops.resilience;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback socket that answers every connection with the same bytes, for what WireMock cannot
 * send: a body shorter than its Content-Length, a body delimited only by closing the connection,
 * bytes that are not HTTP at all, headers followed by a body that stalls. Serves a bounded number
 * of connections, each on its own daemon thread.
 */
final class RawServer implements AutoCloseable {

    private static final int MAX_CONNECTIONS = 100;

    private final ServerSocket socket;
    private final byte[] response;
    private final long holdMillis;
    private final Thread acceptor;
    final AtomicInteger connections = new AtomicInteger();
    final List<String> requestHeads = new CopyOnWriteArrayList<>();

    RawServer(byte[] response) throws IOException {
        this(response, 0);
    }

    /** Answers, then keeps each connection open this long before closing it (a stalled body). */
    RawServer(byte[] response, long holdMillis) throws IOException {
        this.response = response;
        this.holdMillis = holdMillis;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::serve, "raw-server-" + socket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static RawServer answering(String head, byte[] body) throws IOException {
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return new RawServer(all);
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private void serve() {
        for (int i = 0; i < MAX_CONNECTIONS && !socket.isClosed(); i++) {
            Socket accepted;
            try {
                accepted = socket.accept();
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
                continue;
            }
            connections.incrementAndGet();
            Thread answer = new Thread(() -> answer(accepted), "raw-server-" + socket.getLocalPort() + "-" + i);
            answer.setDaemon(true);
            answer.start();
        }
    }

    private void answer(Socket accepted) {
        try (Socket s = accepted) {
            s.setSoTimeout(5_000);
            requestHeads.add(readRequest(s.getInputStream()));
            try {
                s.getOutputStream().write(response);
                s.getOutputStream().flush();
                hold(s);
            } catch (IOException clientStoppedReading) {
                // the client closed the connection early (a size limit, a timeout): fine
            }
        } catch (IOException e) {
            // the client went away before sending its request
        }
    }

    /** Waits up to the hold time, or until the client closes its side. */
    private void hold(Socket s) throws IOException {
        if (holdMillis <= 0) {
            return;
        }
        s.setSoTimeout((int) holdMillis);
        try {
            while (s.getInputStream().read() >= 0) {
                // a client does not send more on this connection; this only notices it closing
            }
        } catch (java.net.SocketTimeoutException held) {
            // held for the whole time
        }
    }

    /** Reads the request head and any body announced by Content-Length, so closing sends FIN, not RST. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4 && head.size() < 65_536) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                long length = Long.parseLong(line.substring(15).trim());
                in.readNBytes((int) Math.min(length, 1 << 20));
            }
        }
        return text;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.contract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay between a FastCGI client and the gateway that keeps a copy of what the gateway sent on
 * the latest connection, so a test can tell a client that misread a correct stream from a gateway
 * that sent a wrong one. One connection at a time is what it is for (one cgi-fcgi process per request).
 */
final class RecordingRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final int gatewayPort;
    private volatile Recording latest;

    /** What the gateway sent on one connection; complete once the gateway's side ended. */
    static final class Recording {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CountDownLatch ended = new CountDownLatch(1);

        /** The bytes, once the gateway's side ended (or after {@code seconds}, as far as they came). */
        byte[] await(long seconds) throws InterruptedException {
            ended.await(seconds, TimeUnit.SECONDS);
            synchronized (bytes) {
                return bytes.toByteArray();
            }
        }
    }

    RecordingRelay(int gatewayPort) throws IOException {
        this.gatewayPort = gatewayPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "cgi-fcgi-relay");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The recording of the latest connection. */
    Recording latest() {
        return latest;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket gateway = new Socket(InetAddress.getLoopbackAddress(), gatewayPort);
                Recording r = new Recording();
                latest = r;
                copy(client, gateway, null);
                copy(gateway, client, r);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void copy(Socket from, Socket to, Recording record) {
        Thread t = new Thread(() -> {
            byte[] b = new byte[65536];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(b)) > 0) {
                    if (record != null) {
                        synchronized (record.bytes) {
                            record.bytes.write(b, 0, n);
                        }
                    }
                    out.write(b, 0, n);
                }
                to.shutdownOutput();
            } catch (IOException e) {
                closeQuietly(to); // one side went away: so does the other
            } finally {
                if (record != null) {
                    record.ended.countDown();
                }
            }
        }, "cgi-fcgi-relay-copy");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /**
     * The STDOUT content of a FastCGI stream, in order, or null when the stream is not well formed (a
     * record whose version is not 1, or a record cut off before its end): then there is nothing
     * trustworthy to compare a client's output with.
     */
    static byte[] stdoutOf(byte[] stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < stream.length) {
            if (i + 8 > stream.length || stream[i] != 1) {
                return null;
            }
            int type = stream[i + 1] & 0xff;
            int length = ((stream[i + 4] & 0xff) << 8) | (stream[i + 5] & 0xff);
            int padding = stream[i + 6] & 0xff;
            if (i + 8 + length + padding > stream.length) {
                return null;
            }
            if (type == 6) { // FCGI_STDOUT
                out.write(stream, i + 8, length);
            }
            i += 8 + length + padding;
        }
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}

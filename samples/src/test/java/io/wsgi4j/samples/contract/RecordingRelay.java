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
 * the latest connection, and which side ended it, so a test can tell a client that misread or
 * abandoned a correct stream from a gateway that sent a wrong one. One connection at a time is what
 * it is for (one cgi-fcgi process per request).
 */
final class RecordingRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final int gatewayPort;
    private volatile Recording latest;

    /** How the copy of the gateway's bytes to the client ended. */
    enum Ending {
        /** The gateway closed its side (orderly). */
        GATEWAY_CLOSED,
        /** Reading from the gateway failed (a reset, or the relay closed it after the client went). */
        GATEWAY_FAILED,
        /** The client could no longer take bytes: it had closed its socket while the gateway still sent. */
        CLIENT_GONE
    }

    /** What the gateway sent on one connection; complete once the copy to the client ended. */
    static final class Recording {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile Ending ending;

        /** The bytes, once the copy ended (or after {@code seconds}, as far as they came). */
        byte[] await(long seconds) throws InterruptedException {
            ended.await(seconds, TimeUnit.SECONDS);
            synchronized (bytes) {
                return bytes.toByteArray();
            }
        }

        /** How the copy ended; null while it runs. */
        Ending ending() {
            return ending;
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
            Ending ending = Ending.GATEWAY_CLOSED;
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                for (int n; (n = readOrFail(in, b)) > 0; ) {
                    if (record != null) {
                        synchronized (record.bytes) {
                            record.bytes.write(b, 0, n);
                        }
                    }
                    try {
                        out.write(b, 0, n);
                    } catch (IOException e) {
                        ending = Ending.CLIENT_GONE;
                        throw e;
                    }
                }
                to.shutdownOutput();
            } catch (ReadFailed e) {
                ending = Ending.GATEWAY_FAILED;
                closeQuietly(to);
            } catch (IOException e) {
                closeQuietly(to); // one side went away: so does the other
            } finally {
                if (record != null) {
                    record.ending = ending;
                    record.ended.countDown();
                }
            }
        }, "cgi-fcgi-relay-copy");
        t.setDaemon(true);
        t.start();
    }

    /** A read that failed, told apart from a write that failed. */
    private static final class ReadFailed extends IOException {
        ReadFailed(IOException cause) {
            super(cause);
        }
    }

    private static int readOrFail(InputStream in, byte[] b) throws ReadFailed {
        try {
            return in.read(b);
        } catch (IOException e) {
            throw new ReadFailed(e);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /**
     * The records of a FastCGI stream from the gateway, as far as they are complete: their STDOUT
     * content in order, whether an END_REQUEST came, and whether every complete record was well
     * formed (version 1, a type a gateway sends: STDOUT, STDERR or END_REQUEST, and the request id of
     * the first record: one client process sends one request). A record cut off at the end (the copy
     * stopped there) is left out.
     */
    record Records(byte[] stdout, boolean endRequest, boolean wellFormed) {
        static Records of(byte[] stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            boolean end = false;
            int firstId = -1;
            int i = 0;
            while (i + 8 <= stream.length) {
                int type = stream[i + 1] & 0xff;
                int id = (stream[i + 2] & 0xff) << 8 | stream[i + 3] & 0xff;
                firstId = firstId < 0 ? id : firstId;
                if (stream[i] != 1 || type != 3 && type != 6 && type != 7 || id != firstId) {
                    return new Records(out.toByteArray(), end, false);
                }
                int length = ((stream[i + 4] & 0xff) << 8) | (stream[i + 5] & 0xff);
                int padding = stream[i + 6] & 0xff;
                if (i + 8 + length + padding > stream.length) {
                    break; // cut off
                }
                if (type == 6) { // FCGI_STDOUT
                    out.write(stream, i + 8, length);
                } else if (type == 3) { // FCGI_END_REQUEST
                    end = true;
                }
                i += 8 + length + padding;
            }
            return new Records(out.toByteArray(), end, true);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a flood of connections that never finish a request does to a new client: opens N
 * connections to a loopback server or gateway that stall (after {@value #WARM_UP_REQUESTS} ordinary
 * requests that warm the server up), holds them, and meanwhile times
 * {@code SAMPLES} fresh clients, each connecting, sending a whole request for {@code /plaintext}
 * and reading the whole answer. Kinds of flood:
 * <ul>
 *   <li>{@code silent}: HTTP, connect and send nothing;
 *   <li>{@code half}: HTTP, half a request head;
 *   <li>{@code body}: HTTP, a whole head of a POST whose 1,000-byte body stops after its first byte;
 *   <li>{@code fastcgi}: a FastCGI BEGIN_REQUEST and nothing more (the new clients speak FastCGI);
 *   <li>{@code scgi}: the start of an SCGI netstring and nothing more (the new clients speak SCGI);
 *   <li>{@code fastcgi-body}, {@code scgi-body}: a whole head of a POST to {@code /echo} (which reads its
 *       body) whose 1,000-byte body stops after its first byte;
 *   <li>{@code trickle}: HTTP, a POST to {@code /echo} of 100,000 bytes whose first 8 KiB come at once and
 *       the rest a byte every {@value #TRICKLE_SECONDS} s on each connection (each read well within a
 *       body timeout, the whole far slower than any minimum rate).
 * </ul>
 * With {@code CLOSE_WAIT_S} > 0 it then waits that long and counts how many flood connections the
 * server has closed (its time limit for a request head should have passed by then). Prints
 * {@code FLOOD kind=... warm_up=w/200 open=n failed=f new_client_ms_max=... new_client_ms_median=... answered=a/SAMPLES
 * closed_after_wait=c/n}.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.wsgi4j.benchmarks.tools.SilentFlood 8080 10000 silent 20 25
 * }</pre>
 *
 * @since 0.2
 */
public final class SilentFlood {
    private static final byte[] HTTP_REQUEST =
            "GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTP_HALF = "GET /plaintext HTTP/1.1\r\nHost: 12".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTP_BODY_STALLED = "POST /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\nx"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SCGI_HALF = "70:CONTENT_LENGTH".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SCGI_BODY_STALLED = scgiStalledBody();
    private static final byte[] HTTP_TRICKLE = trickleStart();
    /** How often a {@code trickle} flood sends one more byte on each connection. */
    private static final int TRICKLE_SECONDS = 5;

    /** Requests sent (one per connection) before the flood, to warm the server's request path. */
    private static final int WARM_UP_REQUESTS = 200;

    private SilentFlood() {}

    /** Arguments: PORT CONNECTIONS silent|half|body|fastcgi|scgi|fastcgi-body|scgi-body|trickle SAMPLES [CLOSE_WAIT_S]. @since 0.2 */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        String kind = args[2];
        int samples = Integer.parseInt(args[3]);
        int closeWait = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        byte[] stall = switch (kind) {
            case "silent" -> new byte[0];
            case "half" -> HTTP_HALF;
            case "body" -> HTTP_BODY_STALLED;
            case "fastcgi" -> FastCgiRequests.beginRequest();
            case "scgi" -> SCGI_HALF;
            case "fastcgi-body" -> FastCgiRequests.stalledBody();
            case "scgi-body" -> SCGI_BODY_STALLED;
            case "trickle" -> HTTP_TRICKLE;
            default -> throw new IllegalArgumentException(
                    "kind must be silent, half, body, fastcgi, scgi, fastcgi-body, scgi-body or trickle, got " + kind);
        };
        byte[] request = switch (kind) {
            case "fastcgi", "fastcgi-body" -> FastCgiRequests.request();
            case "scgi", "scgi-body" -> scgiRequest();
            default -> HTTP_REQUEST;
        };
        InetAddress host = InetAddress.getLoopbackAddress();
        // warm the request path first, so that the samples time the flood and not the first request's class loading
        int warm = 0;
        for (int i = 0; i < WARM_UP_REQUESTS; i++) {
            warm += answer(host, port, request) != null ? 1 : 0;
        }
        List<Socket> flood = new ArrayList<>(n);
        int failed = 0;
        for (int i = 0; i < n; i++) {
            try {
                Socket s = new Socket(host, port);
                s.getOutputStream().write(stall);
                flood.add(s);
            } catch (IOException e) {
                failed++;
            }
        }
        if (kind.equals("trickle")) {
            Thread trickler = new Thread(() -> trickle(flood), "trickle");
            trickler.setDaemon(true);
            trickler.start();
        }
        Thread.sleep(1000); // let the server take them all in
        double[] ms = new double[samples];
        int answered = 0;
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            String answer = answer(host, port, request);
            if (answer != null && answer.contains("Hello, World!")) {
                answered++;
            }
            ms[i] = (System.nanoTime() - t0) / 1e6;
            Thread.sleep(50);
        }
        int closed = -1;
        if (closeWait > 0) {
            Thread.sleep(closeWait * 1000L);
            List<Socket> open = new ArrayList<>();
            for (Socket s : flood) {
                if (!closedByServer(s, 1)) {
                    open.add(s);
                }
            }
            if (open.size() <= 50) {
                // a second look with a longer wait: a 1 ms read was seen (Java 25, a loaded core) to miss a
                // close that the server's side showed sent (ss: the server's socket in FIN-WAIT-2)
                open.removeIf(s -> closedByServer(s, 200));
            }
            closed = flood.size() - open.size();
        }
        Arrays.sort(ms);
        System.out.println(String.format(Locale.ROOT,
                "FLOOD kind=%s warm_up=%d/%d open=%d failed=%d new_client_ms_max=%.1f new_client_ms_median=%.1f answered=%d/%d"
                        + " closed_after_wait=%s",
                kind, warm, WARM_UP_REQUESTS, flood.size(), failed, ms[samples - 1], ms[samples / 2], answered, samples,
                closed < 0 ? "-" : closed + "/" + flood.size()));
        for (Socket s : flood) {
            s.close();
        }
    }

    /** Sends one more body byte on every flood connection every {@value #TRICKLE_SECONDS} s, for ever (a daemon). */
    private static void trickle(List<Socket> flood) {
        List<Socket> sockets = List.copyOf(flood);
        while (true) {
            try {
                Thread.sleep(TRICKLE_SECONDS * 1000L);
            } catch (InterruptedException e) {
                return;
            }
            for (Socket s : sockets) {
                try {
                    s.getOutputStream().write('x');
                } catch (IOException closed) {
                    // answered and closed by the server
                }
            }
        }
    }

    private static byte[] trickleStart() {
        String head = "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n";
        return (head + "x".repeat(8192)).getBytes(StandardCharsets.US_ASCII);
    }

    /** One request on a new connection: the whole answer, or null when it failed. */
    private static String answer(InetAddress host, int port, byte[] request) {
        try (Socket s = new Socket(host, port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(request);
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the server closed (or reset) the connection: a read sees end of stream within {@code waitMillis}. */
    private static boolean closedByServer(Socket s, int waitMillis) {
        try {
            s.setSoTimeout(waitMillis);
            while (true) {
                if (s.getInputStream().read() < 0) {
                    return true; // after any answer (a 408), the end of stream
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private static byte[] scgiRequest() {
        return scgi("0", "GET", "/plaintext", "");
    }

    private static byte[] scgiStalledBody() {
        return scgi("1000", "POST", "/echo", "x");
    }

    /** An SCGI netstring for {@code method path} declaring {@code length}, then {@code body}. */
    private static byte[] scgi(String length, String method, String path, String body) {
        String headers = "CONTENT_LENGTH\0" + length + "\0SCGI\0" + "1\0REQUEST_METHOD\0" + method + "\0REQUEST_URI\0"
                + path + "\0PATH_INFO\0" + path + "\0SCRIPT_NAME\0\0QUERY_STRING\0\0SERVER_NAME\0" + "127.0.0.1\0"
                + "SERVER_PORT\0" + "80\0SERVER_PROTOCOL\0HTTP/1.1\0";
        return (headers.length() + ":" + headers + "," + body).getBytes(StandardCharsets.ISO_8859_1);
    }
}

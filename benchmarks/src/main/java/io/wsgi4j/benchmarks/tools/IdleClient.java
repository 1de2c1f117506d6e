// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Opens N keep-alive connections to a loopback server, completes one {@code GET /plaintext} on
 * each (so every connection has passed through the server's request path and now idles between
 * requests), prints {@code OPEN n failed=f}, holds them, then checks that three of them still
 * answer ({@code REUSE ok/3}) and closes them all. Used by {@code idle.sh}.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.wsgi4j.benchmarks.tools.IdleClient 8080 10000 20
 * }</pre>
 *
 * @since 0.1
 */
public final class IdleClient {
    private static final byte[] REQUEST =
            "GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private IdleClient() {}

    /** Arguments: PORT CONNECTIONS HOLD_SECONDS. @since 0.1 */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        long holdMillis = (long) (Double.parseDouble(args[2]) * 1000);
        List<Socket> open = new ArrayList<>(n);
        int failed = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            try {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                s.setSoTimeout(10_000);
                exchange(s);
                open.add(s);
            } catch (IOException e) {
                if (++failed <= 3) {
                    System.err.println("connection " + i + " failed: " + e);
                }
            }
        }
        // one write, so a reader polling the output never sees half the line
        System.out.println(String.format(Locale.ROOT, "OPEN %d failed=%d open_s=%.2f", open.size(), failed,
                (System.nanoTime() - t0) / 1e9));
        System.out.flush();
        Thread.sleep(holdMillis);
        int ok = 0;
        if (!open.isEmpty()) {
            for (Socket s : List.of(open.get(0), open.get(open.size() / 2), open.get(open.size() - 1))) {
                try {
                    exchange(s);
                    ok++;
                } catch (IOException e) {
                    System.err.println("reuse failed: " + e);
                }
            }
        }
        System.out.println("REUSE " + ok + "/3");
        for (Socket s : open) {
            s.close();
        }
    }

    /** Sends one request and reads the whole response (head, then Content-Length bytes). */
    private static void exchange(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(REQUEST);
        out.flush();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        int have = 0;
        int headEnd = -1;
        long need = Long.MAX_VALUE;
        while (have < need) {
            int n = in.read(buf, have, buf.length - have);
            if (n < 0) {
                throw new IOException("closed after " + have + " bytes of the response");
            }
            have += n;
            if (headEnd < 0) {
                String text = new String(buf, 0, have, StandardCharsets.ISO_8859_1);
                headEnd = text.indexOf("\r\n\r\n");
                if (headEnd >= 0) {
                    if (!text.startsWith("HTTP/1.1 200")) {
                        throw new IOException("expected 200, got " + text.lines().findFirst().orElse(""));
                    }
                    need = headEnd + 4 + contentLength(text.substring(0, headEnd));
                }
            }
            if (have == buf.length) {
                throw new IOException("response larger than " + buf.length + " bytes");
            }
        }
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                return Long.parseLong(line.substring(colon + 1).trim());
            }
        }
        return 0;
    }
}

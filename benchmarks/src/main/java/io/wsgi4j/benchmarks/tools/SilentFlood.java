// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.tools;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a flood of connections that never finish a request does to a new client: opens N
 * connections to a loopback server that send nothing ({@code silent}) or half a request head
 * ({@code half}), holds them, and meanwhile times {@code SAMPLES} fresh clients, each connecting,
 * sending {@code GET /plaintext} and reading the whole answer. Prints
 * {@code FLOOD open=n failed=f new_client_ms_max=... new_client_ms_median=... answered=a/SAMPLES}.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.wsgi4j.benchmarks.tools.SilentFlood 8080 10000 silent 20
 * }</pre>
 *
 * @since 0.2
 */
public final class SilentFlood {
    private static final byte[] REQUEST =
            "GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HALF = "GET /plaintext HTTP/1.1\r\nHost: 12".getBytes(StandardCharsets.US_ASCII);

    private SilentFlood() {}

    /** Arguments: PORT CONNECTIONS silent|half SAMPLES. @since 0.2 */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        boolean half = args[2].equals("half");
        int samples = Integer.parseInt(args[3]);
        InetAddress host = InetAddress.getLoopbackAddress();
        List<Socket> flood = new ArrayList<>(n);
        int failed = 0;
        for (int i = 0; i < n; i++) {
            try {
                Socket s = new Socket(host, port);
                if (half) {
                    s.getOutputStream().write(HALF);
                }
                flood.add(s);
            } catch (IOException e) {
                failed++;
            }
        }
        Thread.sleep(1000); // let the server take them all in
        double[] ms = new double[samples];
        int answered = 0;
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            try (Socket s = new Socket(host, port)) {
                s.setSoTimeout(30_000);
                s.getOutputStream().write(REQUEST);
                InputStream in = s.getInputStream();
                byte[] all = in.readAllBytes();
                if (new String(all, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200")) {
                    answered++;
                }
            } catch (IOException e) {
                // counted as not answered
            }
            ms[i] = (System.nanoTime() - t0) / 1e6;
            Thread.sleep(50);
        }
        Arrays.sort(ms);
        System.out.println(String.format(Locale.ROOT,
                "FLOOD open=%d failed=%d kind=%s new_client_ms_max=%.1f new_client_ms_median=%.1f answered=%d/%d",
                flood.size(), failed, half ? "half" : "silent", ms[samples - 1], ms[samples / 2], answered, samples));
        for (Socket s : flood) {
            s.close();
        }
    }
}

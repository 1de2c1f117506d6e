// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.tools;

import io.wsgi4j.benchmarks.apps.HelloApp;
import io.wsgi4j.gateway.FastCgiServer;
import io.wsgi4j.gateway.GatewayAddress;
import io.wsgi4j.server.HttpServer;
import io.wsgi4j.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a backend spends on one request behind nginx, with nginx left out: the reference HTTP server
 * and the FastCGI gateway each serve the hello app in this JVM, and one client thread sends them the
 * request nginx sends (the HTTP proxy's keep-alive request, or FastCGI with {@code fastcgi_keep_conn on}
 * and the parameters of {@code benchmarks/load/common.sh}), one at a time on one kept connection.
 * Every other thread's CPU time (the server's, kernel time included) and allocated bytes, per
 * request, are summed over rounds that alternate the two backends; the median round is printed.
 * The client's own work is not counted; the loopback's receive path for the client's socket runs in
 * the server's write, as it does behind a real nginx.
 *
 * <pre>{@code
 * taskset -c 0 java -cp benchmarks/target/benchmarks.jar io.wsgi4j.benchmarks.tools.BackendCost [requests-per-round] [rounds]
 * }</pre>
 *
 * Prints {@code BACKEND kind=http|fastcgi cpu_ns_per_req=... bytes_per_req=...} and the ratio.
 *
 * @since 0.2
 */
public final class BackendCost {
    private static final byte[] HTTP_REQUEST = ("GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"
            + "User-Agent: wrk\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private BackendCost() {}

    /** Arguments: requests per round (default 100,000), rounds (default 7). @since 0.2 */
    public static void main(String[] args) throws Exception {
        int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ServerConfig config = ServerConfig.builder().quiet(true).maxRequestsPerConnection(0).build();
        HttpServer http = HttpServer.make(loopback.getHostAddress(), 0, HelloApp.INSTANCE, config).start();
        FastCgiServer fcgi = FastCgiServer.bind(GatewayAddress.tcp(loopback.getHostAddress(), 0), HelloApp.INSTANCE)
                .start();
        try (Client httpClient = new HttpClient(new Socket(loopback, http.port()));
                Client fcgiClient = new FastCgiClient(new Socket(loopback, fcgi.port()))) {
            Client[] clients = {httpClient, fcgiClient};
            // warm-up: both paths compiled before either is measured, in turns, so that neither connection
            // waits long enough for a backend's idle or head time limit to close it
            for (int i = 0; i < perRound * 3; i++) {
                for (Client c : clients) {
                    c.exchange();
                }
            }
            double[][] cpu = new double[2][rounds];
            double[][] bytes = new double[2][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < 2; k++) {
                    Usage before = Usage.ofOtherThreads();
                    for (int i = 0; i < perRound; i++) {
                        clients[k].exchange();
                    }
                    Usage after = Usage.ofOtherThreads();
                    cpu[k][r] = (after.cpuNanos - before.cpuNanos) / (double) perRound;
                    bytes[k][r] = (after.bytes - before.bytes) / (double) perRound;
                }
            }
            String[] names = {"http", "fastcgi"};
            for (int k = 0; k < 2; k++) {
                System.out.println(String.format(Locale.ROOT, "BACKEND kind=%s cpu_ns_per_req=%.0f bytes_per_req=%.0f",
                        names[k], median(cpu[k]), median(bytes[k])));
            }
            System.out.println(String.format(Locale.ROOT, "BACKEND fastcgi/http cpu=%.2f bytes=%.2f (java %s, %d x %d)",
                    median(cpu[1]) / median(cpu[0]), median(bytes[1]) / median(bytes[0]), Runtime.version(), perRound,
                    rounds));
        } finally {
            fcgi.shutdown();
            http.shutdown();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** CPU time and allocated bytes of every live thread but the calling one. */
    private record Usage(long cpuNanos, long bytes) {
        static Usage ofOtherThreads() {
            com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long self = Thread.currentThread().getId();
            long[] ids = Arrays.stream(bean.getAllThreadIds()).filter(id -> id != self).toArray();
            long cpu = Arrays.stream(bean.getThreadCpuTime(ids)).filter(t -> t > 0).sum();
            long bytes = Arrays.stream(bean.getThreadAllocatedBytes(ids)).filter(b -> b > 0).sum();
            return new Usage(cpu, bytes);
        }
    }

    /** One request and its whole response on a kept connection (the client's own work is not counted). */
    private abstract static class Client implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final InputStream in;
        final byte[] buf = new byte[64 * 1024];

        Client(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = socket.getInputStream();
        }

        abstract void exchange() throws IOException;

        /** Reads exactly {@code n} bytes into {@link #buf} at {@code at}. */
        void readFully(int at, int n) throws IOException {
            for (int got = 0; got < n; ) {
                int r = in.read(buf, at + got, n - got);
                if (r < 0) {
                    throw new IOException("the backend closed the connection");
                }
                got += r;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** HTTP/1.1 keep-alive, as nginx's proxy with an upstream keepalive pool sends it; the response has a Content-Length. */
    private static final class HttpClient extends Client {
        HttpClient(Socket socket) throws IOException {
            super(socket);
        }

        @Override
        void exchange() throws IOException {
            out.write(HTTP_REQUEST);
            int have = 0;
            while (true) {
                int r = in.read(buf, have, buf.length - have);
                if (r < 0) {
                    throw new IOException("the backend closed the connection");
                }
                have += r;
                int end = headEnd(have);
                if (end > 0) {
                    int body = contentLength(end);
                    if (have < end + body) {
                        readFully(have, end + body - have);
                    }
                    return;
                }
            }
        }

        private int headEnd(int have) {
            for (int i = 3; i < have; i++) {
                if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                    return i + 1;
                }
            }
            return -1;
        }

        private int contentLength(int end) {
            String head = new String(buf, 0, end, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            int at = head.indexOf("content-length:");
            if (at < 0) {
                throw new IllegalStateException("no Content-Length in " + head);
            }
            return Integer.parseInt(head.substring(at + 15, head.indexOf('\r', at)).trim());
        }
    }

    /** FastCGI with keep-conn, the parameters nginx sends with the load scripts' configuration. */
    private static final class FastCgiClient extends Client {
        private final byte[] request = FastCgiRequests.keptRequest(new String[] {
            "REQUEST_METHOD", "GET", "SCRIPT_NAME", "", "PATH_INFO", "/plaintext", "QUERY_STRING", "",
            "REQUEST_URI", "/plaintext", "CONTENT_TYPE", "", "CONTENT_LENGTH", "", "SERVER_NAME", "localhost",
            "SERVER_PORT", "8080", "SERVER_PROTOCOL", "HTTP/1.1", "REMOTE_ADDR", "127.0.0.1",
            "REMOTE_PORT", "51234", "HTTP_HOST", "127.0.0.1:8080", "HTTP_USER_AGENT", "wrk"});

        FastCgiClient(Socket socket) throws IOException {
            super(socket);
        }

        @Override
        void exchange() throws IOException {
            out.write(request);
            while (true) { // records until END_REQUEST
                readFully(0, 8);
                int type = buf[1] & 0xff;
                int length = (buf[4] & 0xff) << 8 | buf[5] & 0xff;
                readFully(8, length + (buf[6] & 0xff));
                if (type == FastCgiRequests.END_REQUEST) {
                    return;
                }
            }
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * R1.2 on the gateways: a {@code wsgi.input} that an application keeps past its response refuses to read
 * (an {@link IllegalStateException} naming R1.2), as on the reference server and the adapters, instead of
 * reading on (SCGI: the rest of the stream) or failing with a message that blames the request body
 * (FastCGI: "the request body ended ... before its CONTENT_LENGTH").
 */
class KeptInputTest {
    /** {@code /keep} reads 2 bytes of its input and keeps it; {@code /later} reads the kept one, then its own. */
    private static final class Keeper implements Application {
        final AtomicReference<InputStream> kept = new AtomicReference<>();

        @Override
        public Iterable<byte[]> call(io.wsgi4j.Environ env, io.wsgi4j.StartResponse sr) throws Exception {
            String text;
            if (env.pathInfo().equals("/keep")) {
                kept.set(env.input());
                text = "kept " + new String(env.input().readNBytes(2), StandardCharsets.ISO_8859_1);
            } else {
                String late;
                try {
                    int n = kept.get().read(new byte[64]);
                    late = n < 0 ? "end of stream" : n + " bytes";
                } catch (Exception e) {
                    late = e.toString();
                }
                text = "kept: " + late + "\nown: " + new String(env.input().readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            return Body.of(text);
        }
    }

    private static Map<String, String> post(String path, int length) {
        Map<String, String> p = new HashMap<>(FastCgiWire.get(path));
        p.put("REQUEST_METHOD", "POST");
        p.put("CONTENT_LENGTH", Integer.toString(length));
        return p;
    }

    private static void assertRefused(String response) {
        assertTrue(response.endsWith("\nown: abcdefghij"), () -> "the second request lost its body: " + response);
        assertTrue(response.contains("kept: java.lang.IllegalStateException: R1.2 wsgi.input was read after its"
                + " response ended"), () -> "the kept input did not refuse to read: " + response);
    }

    @Test
    void fastCgiKeptInputRefusesToReadAfterItsResponseR1_2() throws Exception {
        Keeper app = new Keeper();
        FastCgiServer server = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), app).start();
        try (FastCgiWire wire = FastCgiWire.connect(server.port())) {
            wire.whole(1, true, post("/keep", 10), "0123456789".getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(wire.response(1).text().endsWith("kept 01"));
            wire.whole(1, true, post("/later", 10), "abcdefghij".getBytes(StandardCharsets.ISO_8859_1));
            assertRefused(wire.response(1).text());
        } finally {
            server.shutdown();
        }
    }

    @Test
    void fastCgiKeptInputOfABodyWithoutALengthRefusesToReadAfterItsResponseR1_2() throws Exception {
        Keeper app = new Keeper();
        FastCgiServer server = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), app).start();
        try (FastCgiWire wire = FastCgiWire.connect(server.port())) {
            Map<String, String> keep = new HashMap<>(post("/keep", 0));
            keep.remove("CONTENT_LENGTH"); // a chunked request body passed on unbuffered: the pipe is the input
            wire.whole(1, true, keep, "0123456789".getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(wire.response(1).text().endsWith("kept 01"));
            wire.whole(1, true, post("/later", 10), "abcdefghij".getBytes(StandardCharsets.ISO_8859_1));
            assertRefused(wire.response(1).text());
        } finally {
            server.shutdown();
        }
    }

    private static String scgi(int port, String path, String body) throws Exception {
        String pairs = "CONTENT_LENGTH\0" + body.length() + "\0SCGI\0" + "1\0REQUEST_METHOD\0POST\0PATH_INFO\0" + path
                + "\0SCRIPT_NAME\0\0SERVER_NAME\0localhost\0SERVER_PORT\0" + "80\0SERVER_PROTOCOL\0HTTP/1.1\0";
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write((pairs.length() + ":" + pairs + "," + body).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void scgiKeptInputRefusesToReadAfterItsResponseR1_2() throws Exception {
        Keeper app = new Keeper();
        ScgiServer server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), app).start();
        try {
            assertTrue(scgi(server.port(), "/keep", "0123456789").endsWith("kept 01"));
            assertRefused(scgi(server.port(), "/later", "abcdefghij"));
        } finally {
            server.shutdown();
        }
    }

    private static String cgi(Application app, String path, String body) {
        Map<String, String> vars = post(path, body.length());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, CgiGateway.run(app, vars, new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)),
                out, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void cgiKeptInputRefusesToReadAfterItsResponseR1_2() {
        Keeper app = new Keeper();
        assertTrue(cgi(app, "/keep", "0123456789").endsWith("kept 01"));
        assertRefused(cgi(app, "/later", "abcdefghij"));
    }
}

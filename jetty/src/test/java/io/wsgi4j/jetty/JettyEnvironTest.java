// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JettyEnvironTest {

    /** Answers the addresses the environ holds, one line. */
    private static final Application ADDRESSES = (environ, startResponse) -> {
        startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
        return Body.of(environ.get(Environ.REMOTE_ADDR) + " " + environ.get(Environ.REMOTE_PORT) + " "
                + environ.get(Environ.SERVER_NAME) + " " + environ.get(Environ.SERVER_PORT));
    };

    /** Sends one request on {@code socket} and returns the body of its response (read by Content-Length). */
    private static String exchange(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed inside the response head: " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int at = text.toLowerCase(java.util.Locale.ROOT).indexOf("content-length: ");
        int length = Integer.parseInt(text.substring(at + 16, text.indexOf("\r\n", at)).trim());
        return new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    @Test
    void remoteAddrAndPortAreEachConnectionsOwnOnEveryRequestItCarries() throws Exception {
        String get = "GET / HTTP/1.1\r\nHost: example.com:81\r\n\r\n";
        try (JettyServer server = JettyServer.builder(ADDRESSES).host("127.0.0.1").port(0).start();
                Socket a = new Socket("127.0.0.1", server.port());
                Socket b = new Socket("127.0.0.1", server.port())) {
            for (int round = 0; round < 2; round++) {
                // interleaved, so a value kept for one connection would show up on the other
                assertEquals("127.0.0.1 " + a.getLocalPort() + " example.com 81", exchange(a, get), "connection a");
                assertEquals("127.0.0.1 " + b.getLocalPort() + " example.com 81", exchange(b, get), "connection b");
            }
        }
    }

    @Test
    void withoutAHostServerNameAndPortAreTheBoundAddress() throws Exception {
        try (JettyServer server = JettyServer.builder(ADDRESSES).host("127.0.0.1").port(0).start();
                Socket s = new Socket("127.0.0.1", server.port())) {
            assertEquals("127.0.0.1 " + s.getLocalPort() + " 127.0.0.1 " + server.port(),
                    exchange(s, "GET / HTTP/1.0\r\n\r\n"));
        }
    }

    @Test
    void anInputTheApplicationNeverReadsStillLetsTheConnectionCarryTheNextRequest() throws Exception {
        Application echoOrNot = (environ, startResponse) -> {
            byte[] body = environ.pathInfo().equals("/read") ? environ.input().readAllBytes() : new byte[0];
            startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return Body.of(new String(body, StandardCharsets.ISO_8859_1) + "|");
        };
        try (JettyServer server = JettyServer.builder(echoOrNot).host("127.0.0.1").port(0).start();
                Socket s = new Socket("127.0.0.1", server.port())) {
            String post = "POST %s HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
            assertEquals("|", exchange(s, String.format(post, "/ignore")));
            assertEquals("hello|", exchange(s, String.format(post, "/read")));
        }
    }

    @Test
    void aHostWhosePortIsNoPortIsRefusedAsByTheReferenceServer() throws Exception {
        try (JettyServer server = JettyServer.builder(ADDRESSES).host("127.0.0.1").port(0).start();
                Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x:+80\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            // R2.10 keeps SERVER_PORT to a decimal number from 0 to 65535, and RFC 9112 section 3.2 wants a 400 for
            // an invalid Host; Jetty lets "+80" through
            assertTrue(response.startsWith("HTTP/1.1 400 "), response);
            assertTrue(response.contains("invalid port in Host"), response);
        }
    }

    @Test
    void aReadOfNoBytesReturnsZeroAsOnEveryTransport() throws Exception {
        Application reads = (environ, startResponse) -> {
            byte[] b = new byte[8];
            // InputStream.read: "if len is zero, then no bytes are read and 0 is returned", at the end too
            String seen = environ.input().read(b, 0, 0) + "," + environ.input().read(b, 0, 8) + ","
                    + environ.input().read(b, 0, 0) + "," + environ.input().read(b, 0, 8);
            startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return Body.of(seen);
        };
        try (JettyServer server = JettyServer.builder(reads).host("127.0.0.1").port(0).start();
                Socket s = new Socket("127.0.0.1", server.port())) {
            assertEquals("0,5,0,-1", exchange(s, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"));
            assertEquals("0,-1,0,-1", exchange(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        }
    }

    @Test
    void anHttp10RequestWithoutHostIsAnsweredWithTheBoundAddressNotAHostItNeverSent() throws Exception {
        Application host = (environ, startResponse) -> {
            startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return Body.of(environ.get("HTTP_HOST") + " " + environ.get(Environ.SERVER_NAME));
        };
        try (JettyServer server = JettyServer.builder(host).host("127.0.0.1").port(0).start();
                Socket s = new Socket("127.0.0.1", server.port())) {
            assertEquals("null 127.0.0.1", exchange(s, "GET /nohost HTTP/1.0\r\n\r\n"));
        }
    }

    @Test
    void aPathJettyRewroteIsStillTheBytesReceivedOneCharPerByte() throws Exception {
        Application path = (environ, startResponse) -> {
            startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return Body.of(environ.scriptName() + " " + environ.pathInfo() + " " + environ.get(Environ.RAW_TARGET),
                    StandardCharsets.ISO_8859_1);
        };
        try (JettyServer server = JettyServer.builder(path).host("127.0.0.1").port(0).build()) {
            server.jetty().setHandler(new org.eclipse.jetty.server.handler.ContextHandler(new WsgiHandler(path), "/app"));
            server.start();
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                // R2.3: Jetty decodes %E6%97%A5 as UTF-8 to one character; the environ holds its three bytes
                assertEquals("/app /\u00e6\u0097\u00a5 null",
                        exchange(s, "GET /app;jsessionid=1/%E6%97%A5 HTTP/1.1\r\nHost: x\r\n\r\n"));
            }
        }
    }

    @Test
    void anIpv6ClientsAddressesAreWrittenAsRfc3875WritesThem() throws Exception {
        InetAddress loopback = InetAddress.getByName("::1");
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(loopback, 0));
        } catch (IOException e) {
            assumeTrue(false, "no IPv6 loopback here: " + e);
        }
        try (JettyServer server = JettyServer.builder(ADDRESSES).host("::1").port(0).start();
                Socket s = new Socket(loopback, server.port())) {
            // REMOTE_ADDR is a bare address (RFC 3875 section 4.1.8: hostnumber), as the reference server gives it;
            // SERVER_NAME from the bound address is a literal in brackets (section 4.1.14), as from a Host header
            assertEquals("0:0:0:0:0:0:0:1 " + s.getLocalPort() + " [0:0:0:0:0:0:0:1] " + server.port(),
                    exchange(s, "GET / HTTP/1.0\r\n\r\n"));
        }
    }
}

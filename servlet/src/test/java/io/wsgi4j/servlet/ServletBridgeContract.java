// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.testing.contract.ContractApp;
import io.wsgi4j.testing.contract.ContractResponse;
import io.wsgi4j.testing.contract.ContractTransport;
import io.wsgi4j.testing.contract.GatewayContract;
import io.wsgi4j.testing.contract.HttpWire;
import io.wsgi4j.testing.contract.TransportClauses;
import io.wsgi4j.testing.contract.TransportProbes;
import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import io.wsgi4j.UrlMap;
import io.wsgi4j.observe.RequestRecord;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway contract and the abort clauses on the Servlet bridge, plus the bridge's own clauses
 * (mounting, the raw target). A subclass starts one container with the servlets
 * mapped in context {@value #CONTEXT}: the contract app at {@code /app/*} (so SCRIPT_NAME is
 * {@code /ctx/app}), the failure probes at {@code /probe/*}, and as the default servlet {@code /} a
 * {@link UrlMap} that mounts a guarded application at {@code /admin} and the contract app at {@code /}.
 * A container filter on {@code /admin/*} answers 403: the guard the application relies on. At
 * {@code /form/*} an application answers the form field {@code b} as the container parses it; at
 * {@code /own/dated} one sends its own Date and Server, at {@code /own/streamed} one streams its body, at
 * {@code /own/varied} one sends Vary and Set-Cookie behind a filter that set its own, at {@code /own/notmodified}
 * one answers 304 and at {@code /own/nocontent} one answers 204 with a Content-Length.
 */
abstract class ServletBridgeContract extends GatewayContract implements TransportClauses {
    static final String CONTEXT = "/ctx";

    private final ContractApp app = new ContractApp();
    private final TransportProbes probes = new TransportProbes();
    private int port;

    /** A started container: its port and how to stop it. */
    record Container(int port, AutoCloseable stop) {
    }

    /** What the observer of the servlet at {@code /observed} was told. */
    private final BlockingQueue<RequestRecord> observed = new LinkedBlockingQueue<>();

    /**
     * Starts the container with {@code servlets} (URL pattern to servlet) and {@code filters} (URL
     * pattern to filter, for requests) in context {@value #CONTEXT}, configured to pass an encoded
     * {@code /} through to the servlet.
     */
    protected abstract Container start(Map<String, HttpServlet> servlets, Map<String, Filter> filters)
            throws Exception;

    static final String APP_DATE = "Sun, 06 Nov 1994 08:49:37 GMT";

    /** What the application mounted at {@code /admin} answers: the guard must keep every request from it. */
    static final String GUARDED = "the guarded application answered";

    /** A session or compression filter: adds its fields before the application runs. */
    static final class Session extends HttpFilter {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, jakarta.servlet.ServletException {
            response.addHeader("Vary", "Accept-Encoding");
            response.addHeader("Set-Cookie", "SESSION=abc");
            chain.doFilter(request, response);
        }
    }

    /** The container's guard on {@code /admin/*}: 403 for every request it sees. */
    static final class Guard extends HttpFilter {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException {
            response.sendError(403);
        }
    }

    @Override
    protected final ContractTransport openTransport() throws Exception {
        Map<String, HttpServlet> servlets = new LinkedHashMap<>();
        servlets.put("/app/*", new WsgiServlet(app));
        servlets.put("/probe/*", new WsgiServlet(probes));
        Application guarded = (environ, startResponse) -> {
            startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return Body.of(GUARDED);
        };
        Application form = (environ, startResponse) -> {
            HttpServletRequest request = (HttpServletRequest) environ.get(WsgiServlet.SERVLET_REQUEST);
            startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return Body.of("b=" + request.getParameter("b"));
        };
        servlets.put("/form/*", new WsgiServlet(form));
        Application dated = (environ, startResponse) -> {
            startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain", "date", APP_DATE,
                    "Server", "shop/1.0", "Set-Cookie", "a=1", "Set-Cookie", "b=2"));
            return Body.of("ok");
        };
        Application streamed = (environ, startResponse) -> {
            startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return () -> List.of("some ".getBytes(StandardCharsets.US_ASCII),
                    "bytes".getBytes(StandardCharsets.US_ASCII)).iterator(); // not a collection: no length known
        };
        Application varied = (environ, startResponse) -> {
            startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain", "Vary", "Cookie",
                    "Set-Cookie", "app=1"));
            return Body.of("ok");
        };
        Application notModified = (environ, startResponse) -> {
            startResponse.start(Status.of(304), Headers.of("ETag", "\"v1\""));
            return Body.empty();
        };
        Application noContent = (environ, startResponse) -> {
            startResponse.start(Status.of(204), Headers.of("Content-Length", "5", "X-Done", "yes"));
            return Body.empty();
        };
        servlets.put("/own/*", new WsgiServlet(UrlMap.builder().mount("/dated", dated).mount("/streamed", streamed)
                .mount("/varied", varied).mount("/notmodified", notModified).mount("/nocontent", noContent).build()));
        servlets.put("/observed/*", new WsgiServlet(dated, observed::add));
        servlets.put("/", new WsgiServlet(UrlMap.builder().mount("/admin", guarded).mount("/", app).build()));
        Container container = start(servlets, Map.of("/admin/*", new Guard(), "/own/varied", new Session()));
        port = container.port();
        return new WireTransport(port, CONTEXT + "/app", app, container.stop());
    }

    @Override
    public int probePort() {
        return port;
    }

    @Override
    public String probePrefix() {
        return CONTEXT + "/probe";
    }

    @Override
    public TransportProbes transportProbes() {
        return probes;
    }

    private List<String> env(String target) throws Exception {
        ContractResponse r = new HttpWire("127.0.0.1", port).send("GET", target, Map.of(), null);
        assertEquals(200, r.status(), r::text);
        return List.of(r.text().split("\n"));
    }

    // ---------------------------------------------------------------- mounting and the raw target

    @Test
    public void scriptNameIsContextPlusServletPathAndPathInfoTheRestOfTheRawUri() throws Exception {
        List<String> env = env("/ctx/app/env/a%20b?x=%41");
        assertTrue(env.contains("SCRIPT_NAME=/ctx/app"), env::toString);
        assertTrue(env.contains("PATH_INFO=/env/a b"), env::toString);
        assertTrue(env.contains("QUERY_STRING=x=%41"), env::toString);
        assertTrue(env.contains("wsgi4j.raw_target=/ctx/app/env/a%20b?x=%41"), env::toString);
    }

    @Test
    public void anEncodedSlashReachesTheApplicationAsTheContainerMappedIt() throws Exception {
        // the container mapped one segment "a%2Fb"; decoded, the path would be one no filter saw. The raw
        // target, whose path would decode to "/ctx/app/env/a/b", is left out (R2.16)
        List<String> env = env("/ctx/app/env/a%2Fb");
        assertTrue(env.contains("SCRIPT_NAME=/ctx/app"), env::toString);
        assertTrue(env.contains("PATH_INFO=/env/a%2Fb"), env::toString);
        assertTrue(env.stream().noneMatch(e -> e.startsWith("wsgi4j.raw_target=")), env::toString);
    }

    @Test
    public void anEncodedSlashCannotCarryARequestPastTheContainersGuard() throws Exception {
        // the container maps "/admin%2Fx" as one segment: the /admin/* guard does not apply, and the default
        // servlet gets it; the application must not then see "/admin/x", which its own /admin mount would take
        for (String target : List.of("/ctx/admin%2Fx", "/ctx/admin%2fx", "/ctx/admin%2F..%2Fadmin/x",
                "/ctx/./admin%2Fx", "/ctx;v=1/admin%2Fx")) {
            String response = raw(target);
            assertFalse(response.contains(GUARDED), () -> target + " got past the guard: " + response);
        }
        // the application sees the path as the container mapped it, also under the default mapping
        List<String> env = env("/ctx/env/a%2fb");
        assertTrue(env.contains("SCRIPT_NAME=/ctx"), env::toString);
        assertTrue(env.contains("PATH_INFO=/env/a%2fb"), env::toString);
    }

    @Test
    public void withoutAHostServerNameAndPortAreTheBoundAddress() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("GET /ctx/app/env HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            List<String> env = List.of(response.substring(response.indexOf("\r\n\r\n") + 4).split("\n"));
            assertTrue(env.contains("SERVER_NAME=127.0.0.1"), response);
            assertTrue(env.contains("SERVER_PORT=" + port), response);
        }
    }

    @Test
    public void theDefaultMappingMountsTheAppAtTheContextPath() throws Exception {
        List<String> env = env("/ctx/env/x");
        assertTrue(env.contains("SCRIPT_NAME=/ctx"), env::toString);
        assertTrue(env.contains("PATH_INFO=/env/x"), env::toString);
    }

    /** GET {@code target} exactly as given (no normalisation on the way) and the whole response, as text. */
    private String raw(String target) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    public void theContainersGuardStandsInFrontOfTheMountedApplication() throws Exception {
        assertTrue(raw("/ctx/admin/x").startsWith("HTTP/1.1 403"), () -> "no guard to bypass; the test says nothing");
    }

    @Test
    public void aDotSegmentCannotCarryARequestPastTheContainersGuard() throws Exception {
        // the container resolves the dot-segment, finds no guard on /public/x and serves it; the application
        // must then see /public/x too, not the raw "/admin/../public/x" that its own /admin mount would take
        for (String target : List.of("/ctx/admin/../env/x", "/ctx/admin/%2e%2e/env/x", "/ctx/admin/./../env/x")) {
            String response = raw(target);
            assertFalse(response.contains(GUARDED), () -> target + " got past the guard: " + response);
            assertTrue(response.startsWith("HTTP/1.1 200") || response.startsWith("HTTP/1.1 400"), response);
            if (response.startsWith("HTTP/1.1 200")) {
                List<String> env = List.of(response.substring(response.indexOf("\r\n\r\n") + 4).split("\n"));
                assertTrue(env.contains("SCRIPT_NAME=/ctx"), () -> target + ": " + env);
                assertTrue(env.contains("PATH_INFO=/env/x"), () -> target + ": " + env);
                // its path would not decode to SCRIPT_NAME + PATH_INFO (R2.16)
                assertTrue(env.stream().noneMatch(e -> e.startsWith("wsgi4j.raw_target=")), () -> target + ": " + env);
            }
        }
    }

    @Test
    public void aPathTheContainerRewroteIsTheOneTheApplicationSees() throws Exception {
        // path parameters and dot-segments before the servlet's part, under the default mapping and a prefix one
        for (String target : List.of("/ctx;v=1/env/x", "/x/../ctx/env/x", "/ctx/./env/x", "/ctx/env;v=1/x")) {
            List<String> env = env(target);
            assertTrue(env.contains("SCRIPT_NAME=/ctx"), () -> target + ": " + env);
            assertTrue(env.contains("PATH_INFO=/env/x"), () -> target + ": " + env);
        }
        List<String> env = env("/ctx/app;v=1/env/x");
        assertTrue(env.contains("SCRIPT_NAME=/ctx/app"), env::toString);
        assertTrue(env.contains("PATH_INFO=/env/x"), env::toString);
    }

    @Test
    public void aRewrittenPathIsStillTheBytesReceivedOneCharPerByte() throws Exception {
        // R2.3: the container decodes %E6%97%A5 as UTF-8 to one character; the environ holds its three bytes
        List<String> env = env("/ctx/app;jsessionid=1/env/%E6%97%A5");
        assertTrue(env.contains("PATH_INFO=/env/\u00e6\u0097\u00a5"), env::toString);
        env = env("/ctx/app/env/%E6%97%A5");
        assertTrue(env.contains("PATH_INFO=/env/\u00e6\u0097\u00a5"), env::toString);
        assertTrue(env.contains("wsgi4j.raw_target=/ctx/app/env/%E6%97%A5"), env::toString);
    }

    @Test
    public void theContainerStillParsesAFormTheApplicationLeftUnread() throws Exception {
        // an application may read a form through the container's request; opening wsgi.input ahead of it
        // would leave getParameter() with nothing
        String body = "a=1&b=two";
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(("POST /ctx/form/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertTrue(response.endsWith("\r\n\r\nb=two"), response);
        }
    }

    /** Everything one connection carried until the server ended it, and whether it ended with a reset. */
    record Received(String text, boolean reset) {
        String body() {
            return text.substring(text.indexOf("\r\n\r\n") + 4);
        }

        /** Every value of header {@code name}, in order. */
        List<String> headers(String name) {
            List<String> values = new java.util.ArrayList<>();
            for (String line : text.substring(0, text.indexOf("\r\n\r\n")).split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    values.add(line.substring(colon + 1).trim());
                }
            }
            return values;
        }
    }

    /** Sends {@code request} as given and reads until the server ends the connection. */
    private Received exchange(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(60_000); // a server that keeps the connection open fails the test here, not hangs it
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            byte[] b = new byte[8192];
            while (true) {
                int n;
                try {
                    n = s.getInputStream().read(b);
                } catch (java.net.SocketException reset) {
                    return new Received(all.toString(StandardCharsets.ISO_8859_1), true);
                }
                if (n < 0) {
                    return new Received(all.toString(StandardCharsets.ISO_8859_1), false);
                }
                all.write(b, 0, n);
            }
        }
    }

    @Test
    public void aBodyThatFailsOnAClosingConnectionNeverEndsLikeACompleteResponse() throws Exception {
        Received r = exchange("GET /ctx/probe/abort-chunked HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(r.text().startsWith("HTTP/1.1 200"), r::text);
        boolean chunked = r.headers("Transfer-Encoding").contains("chunked");
        // R5.4: chunked framing without its last chunk, or a reset, tells the client; a close-delimited body
        // followed by an orderly close would look complete
        assertTrue(chunked ? !r.text().endsWith("0\r\n\r\n") : r.reset(),
                () -> "the truncated response ended like a complete one: " + r.text());
    }

    @Test
    public void aBodyThatFailsOnHttp10NeverEndsLikeACompleteResponse() throws Exception {
        // HTTP/1.0 has no chunked framing, so the streamed body is close-delimited on every container (and nginx
        // proxies with HTTP/1.0 by default): R5.4 leaves only a reset to tell the client it was cut short
        Received r = exchange("GET /ctx/probe/abort-chunked HTTP/1.0\r\n\r\n");
        assertTrue(r.reset(), () -> "the truncated response ended like a complete one: " + r.text());
    }

    @Test
    public void anObserverGivenToTheServletIsToldOfEveryRequestItFinishes() throws Exception {
        Received r = exchange("GET /ctx/observed/x?q=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(r.text().startsWith("HTTP/1.1 200"), r::text);
        RequestRecord record = observed.poll(30, TimeUnit.SECONDS); // told before the response ends: no wait
        assertEquals("servlet GET /ctx/observed/x 200 out=2 aborted=false", record == null ? "nothing observed"
                : record.transport() + " " + record.method() + " " + record.path() + " " + record.status()
                        + " out=" + record.bytesOut() + " aborted=" + record.aborted());
        assertEquals(null, observed.poll(), "one record per request");
    }

    @Test
    public void aHeadOfAStreamedBodyAnnouncesNoLength() throws Exception {
        Received get = exchange("GET /ctx/own/streamed HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(get.headers("Content-Length").isEmpty(), get::text);
        Received head = exchange("HEAD /ctx/own/streamed HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(head.text().startsWith("HTTP/1.1 200"), head::text);
        // RFC 9110 section 8.6: no Content-Length that differs from the one GET would send (none)
        assertTrue(head.headers("Content-Length").isEmpty(), head::text);
        assertEquals("", head.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"x:+80", "x:99999", "x:8O"})
    public void aHostWhosePortIsNoPortIsRefusedAsByTheReferenceServer(String host) throws Exception {
        // R2.10 keeps SERVER_PORT to a decimal number from 0 to 65535, and RFC 9112 section 3.2 wants a 400 for an
        // invalid Host; each container lets one of these through ("+80" Jetty, "99999" Tomcat)
        Received r = exchange("GET /ctx/app/env HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
        assertTrue(r.text().startsWith("HTTP/1.1 400"), r::text);
    }

    @Test
    public void a304WithoutALengthAnnouncesNone() throws Exception {
        Received r = exchange("GET /ctx/own/notmodified HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(r.text().startsWith("HTTP/1.1 304"), r::text);
        // RFC 9110 section 8.6: a 304 carries Content-Length only as the length a 200 would have had; "0" would
        // tell a cache the stored representation is now empty
        assertTrue(r.headers("Content-Length").isEmpty(), r::text);
        assertEquals(List.of("\"v1\""), r.headers("ETag"), r::text);
    }

    @Test
    public void a204IsSentWithoutTheContentLengthTheApplicationGave() throws Exception {
        Received r = exchange("GET /ctx/own/nocontent HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        // RFC 9110 section 8.6: no Content-Length on a 204; the reference server drops it, so does the bridge
        assertTrue(r.text().startsWith("HTTP/1.1 204"), r::text);
        assertTrue(r.headers("Content-Length").isEmpty(), r::text);
        assertEquals(List.of("yes"), r.headers("X-Done"), r::text);
    }

    @Test
    public void theApplicationsDateAndServerReplaceTheContainersInsteadOfRepeatingThem() throws Exception {
        Received r = exchange("GET /ctx/own/dated HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(List.of(APP_DATE), r.headers("Date"), r::text);
        assertEquals(List.of("shop/1.0"), r.headers("Server"), r::text);
        assertEquals(List.of("a=1", "b=2"), r.headers("Set-Cookie"), r::text);
    }

    @Test
    public void fieldsAFilterSetAreKeptWhenTheApplicationSendsTheSameNames() throws Exception {
        Received r = exchange("GET /ctx/own/varied HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(r.text().startsWith("HTTP/1.1 200"), r::text);
        assertEquals(List.of("Accept-Encoding", "Cookie"), r.headers("Vary"), r::text);
        assertEquals(List.of("SESSION=abc", "app=1"), r.headers("Set-Cookie"), r::text);
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway contract: one JUnit Jupiter suite every transport runs against the same application,
 * {@link ContractApp}, to show that it passes requests and responses through intact (environ, bodies
 * both ways, streaming, status codes, repeated headers, errors, concurrency).
 *
 * <p>To check a transport of your own (a servlet adapter, an embedded engine, a web server in front
 * of a gateway), add {@code wsgi4j-testkit} at test scope and subclass this class in your tests:
 *
 * <pre>{@code
 * class MyTransportContractTest extends GatewayContract {
 *     @Override
 *     protected ContractTransport openTransport() throws Exception {
 *         ContractApp app = new ContractApp();
 *         MyServer server = MyServer.start("127.0.0.1", 0, app);   // port 0: any free port
 *         HttpWire wire = new HttpWire("127.0.0.1", server.port());
 *         return new ContractTransport() {
 *             public ContractResponse send(String method, String target, Map<String, String> headers,
 *                     byte[] body) throws IOException {
 *                 return wire.send(method, target, headers, body);
 *             }
 *             public List<byte[]> arrivals(String target) throws IOException {
 *                 return wire.arrivals(target);
 *             }
 *             public void abandonUpload(String target, long declared, int sent) throws IOException {
 *                 wire.abandonUpload(target, declared, sent);
 *             }
 *             public long echoesCutShort() {
 *                 return app.echoesCutShort();
 *             }
 *             public void close() {
 *                 server.stop();
 *             }
 *         };
 *     }
 * }
 * }</pre>
 *
 * <p>{@link HttpWire} speaks HTTP/1.1 over a raw socket for transports reached over HTTP;
 * {@link NginxProcess} starts a private nginx for gateways that sit behind one. The transport is opened
 * once per test class and closed after its last clause.
 *
 * <p>A transport that cannot support a clause skips it, visibly and with its reason, by overriding
 * that clause's method with {@code @Test} and {@code @Disabled("TRANSPORT: why")} and an empty body;
 * the reason then shows in the test report next to the transport. Clauses are flat methods rather
 * than {@code @Nested} groups so that a subclass can override (and so skip) exactly one of them.
 *
 * <p>This class and the rest of {@code io.wsgi4j.testing.contract} are why the testkit has the
 * JUnit Jupiter API as a compile dependency.
 *
 * @since 0.1
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class GatewayContract {
    private ContractTransport transport;

    /** Starts the transport serving ContractApp (web server, gateway, client). @since 0.1 */
    protected abstract ContractTransport openTransport() throws Exception;

    @BeforeAll
    final void startTransport() throws Exception {
        transport = openTransport();
    }

    @AfterAll
    final void stopTransport() throws Exception {
        if (transport != null) {
            transport.close();
        }
    }

    /** The transport under test. @since 0.1 */
    protected final ContractTransport transport() {
        return transport;
    }

    private ContractResponse get(String target) throws Exception {
        return transport.send("GET", target, Map.of(), null);
    }

    // ---------------------------------------------------------------- environ

    @Test
    public void envReportsMethodPathAndQueryStringAsReceived() throws Exception {
        ContractResponse r = get("/env?a=1&b=%20x&c");
        assertEquals(200, r.status(), r::text);
        List<String> lines = List.of(r.text().split("\n"));
        assertTrue(lines.contains("REQUEST_METHOD=GET"), r::text);
        assertTrue(lines.contains("QUERY_STRING=a=1&b=%20x&c"), r::text);
        assertTrue(lines.contains("PATH_INFO=/env"), r::text);
        assertTrue(lines.contains("SCRIPT_NAME=" + transport.scriptName()), r::text);
    }

    @Test
    public void envKeepsTheRestOfThePathInPathInfo() throws Exception {
        ContractResponse r = get("/env/a/b%20c");
        assertEquals(200, r.status(), r::text);
        assertTrue(r.text().contains("\nPATH_INFO=/env/a/b c\n"), r::text);
    }

    @Test
    public void envPassesRequestHeadersAsHttpVariablesWithTheirBytesUnchanged() throws Exception {
        String utf8AsLatin1 = new String("é→".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        ContractResponse r = transport.send("GET", "/env", Map.of("X-Probe", "one two", "X-Bytes", utf8AsLatin1), null);
        assertEquals(200, r.status());
        assertTrue(r.text().contains("\nHTTP_X_PROBE=one two\n"), r::text);
        assertTrue(r.text().contains("\nHTTP_X_BYTES=" + utf8AsLatin1 + "\n"), r::text);
    }

    @Test
    public void envAnswersAnyMethodWithoutReadingTheBody() throws Exception {
        ContractResponse r = transport.send("PUT", "/env", Map.of("Content-Type", "text/plain"),
                "ignored body".getBytes(StandardCharsets.US_ASCII));
        assertEquals(200, r.status());
        List<String> lines = List.of(r.text().split("\n"));
        assertTrue(lines.contains("REQUEST_METHOD=PUT"), r::text);
        assertTrue(lines.contains("CONTENT_LENGTH=12"), r::text);
        assertEquals(200, get("/env").status(), "the next request is served normally");
    }

    // ---------------------------------------------------------------- request bodies

    @Test
    public void echoReturnsASmallBodyExactly() throws Exception {
        byte[] body = "hello\r\n\0\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        ContractResponse r = transport.send("POST", "/echo", Map.of("Content-Type", "application/octet-stream"), body);
        assertEquals(200, r.status());
        assertArrayEquals(body, r.body());
    }

    @Test
    public void echoReturnsAnEmptyBody() throws Exception {
        ContractResponse r = transport.send("POST", "/echo", Map.of(), new byte[0]);
        assertEquals(200, r.status());
        assertEquals(0, r.body().length);
    }

    @Test
    public void echoReturnsATenMebibyteUploadExactly() throws Exception {
        byte[] body = new byte[10 << 20];
        new Random(5).nextBytes(body);
        ContractResponse r = transport.send("POST", "/echo", Map.of("Content-Type", "application/octet-stream"), body);
        assertEquals(200, r.status());
        assertEquals(body.length, r.body().length);
        assertArrayEquals(body, r.body());
    }

    @Test
    public void abandonedUploadClosesTheBodyAndTheGatewayKeepsServing() throws Exception {
        long before = transport.echoesCutShort();
        transport.abandonUpload("/echo", 8 << 20, 1 << 20);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (transport.echoesCutShort() == before && System.nanoTime() < deadline) {
            Thread.sleep(20); // waiting for an event, not measuring time
        }
        assertEquals(before + 1, transport.echoesCutShort(), "the echo body of the abandoned upload was closed");
        assertEquals(200, get("/env").status(), "the gateway serves the next request");
    }

    // ---------------------------------------------------------------- responses

    @Test
    public void bigSendsSixteenMebibytesExactly() throws Exception {
        int n = 16 << 20;
        ContractResponse r = get("/big?n=" + n);
        assertEquals(200, r.status());
        assertEquals(n, r.body().length);
        byte[] body = r.body();
        for (int i = 0; i < n; i++) {
            if (body[i] != (byte) (i % 251)) {
                throw new AssertionError("byte " + i + " is " + body[i] + ", expected " + (i % 251));
            }
        }
    }

    @Test
    public void headSendsHeadersWithoutTheBody() throws Exception {
        ContractResponse r = transport.send("HEAD", "/big?n=1000", Map.of(), null);
        assertEquals(200, r.status());
        assertEquals("1000", r.header("Content-Length"));
        assertEquals(0, r.body().length);
        assertEquals(1000, get("/big?n=1000").body().length, "the next request is served normally");
    }

    @Test
    public void streamedChunksArriveOneByOne() throws Exception {
        List<byte[]> arrivals = transport.arrivals("/stream?chunks=4&delay_ms=300");
        StringBuilder all = new StringBuilder();
        for (byte[] a : arrivals) {
            String text = new String(a, StandardCharsets.ISO_8859_1);
            int lines = text.split("chunk ", -1).length - 1;
            assertTrue(lines <= 1, "a streamed chunk waited for the next one: one read returned " + text);
            all.append(text);
        }
        for (int i = 0; i < 4; i++) {
            assertTrue(all.toString().contains("chunk " + i + "\n"), all::toString);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204, 400, 403, 404, 409, 418, 451, 500, 503})
    public void statusAndItsHeaderArePassedThrough(int code) throws Exception {
        ContractResponse r = get("/status?code=" + code);
        assertEquals(code, r.status());
        assertEquals(Integer.toString(code), r.header("X-Probe-Status"));
        assertEquals(code == 204 ? "" : "status " + code + "\n", r.text());
    }

    @Test
    public void manyHeadersAndRepeatedSetCookieArePassedThroughInOrder() throws Exception {
        ContractResponse r = get("/headers?n=40");
        assertEquals(200, r.status());
        for (int i = 0; i < 40; i++) {
            assertEquals("v" + i, r.header("X-Probe-H" + i));
        }
        assertEquals(List.of("probe_a=1; Path=/", "probe_b=2; Path=/"), r.headers("Set-Cookie"));
        List<String> names = r.headerNames();
        assertTrue(names.indexOf("X-Probe-H0") < names.indexOf("X-Probe-H39"), names::toString);
        assertEquals("ok\n", r.text());
    }

    @Test
    public void anExceptionBeforeTheResponseIsA500AndTheGatewayKeepsServing() throws Exception {
        ContractResponse r = get("/raise");
        assertEquals(500, r.status());
        assertNull(r.header("X-Probe-Status"));
        assertEquals(200, get("/env").status());
    }

    @Test
    public void unknownPathsAre404() throws Exception {
        assertEquals(404, get("/no/such/path").status());
        assertEquals(404, transport.send("GET", "/echo", Map.of(), null).status(), "GET /echo is not a route");
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    public void twoHundredConcurrentRequestsAllGetTheirOwnResponse() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(200);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = 1000 + i;
                results.add(pool.submit((Callable<Void>) () -> {
                    ContractResponse r = get("/big?n=" + n);
                    assertEquals(200, r.status());
                    assertEquals(n, r.body().length, "request " + n + " got another request's body");
                    return null;
                }));
            }
            for (Future<?> f : results) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

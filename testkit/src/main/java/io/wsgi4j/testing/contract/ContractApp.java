// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.contract;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway contract application: one app that every transport (the test client, the reference
 * server, FastCGI, SCGI, CGI) serves unchanged, so one suite of probes can check that each of them
 * passes requests and responses through intact. It routes on PATH_INFO only, so it works mounted
 * under any SCRIPT_NAME, and it keeps no per-request state, so it is thread-safe.
 *
 * <pre>{@code
 * FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:9000"), ContractApp.APP).serveForever();
 * // or from a web server:  java -cp ... io.wsgi4j.cli.Main --cgi io.wsgi4j.testing.contract.ContractApp::APP
 * }</pre>
 *
 * <table>
 * <caption>Routes</caption>
 * <tr><th>request</th><th>response</th></tr>
 * <tr><td>any method {@code /env}, {@code /env/...}</td><td>200 text/plain: {@code KEY=VALUE} per string
 *     environ entry, sorted, as the bytes received; the body is not read</td></tr>
 * <tr><td>{@code POST /echo}</td><td>200 application/octet-stream: the request body, byte for byte</td></tr>
 * <tr><td>{@code GET|HEAD /big?n=N}</td><td>200, Content-Length N, byte i is {@code i % 251}, in 64 KiB chunks</td></tr>
 * <tr><td>{@code GET /stream?chunks=K&delay_ms=D}</td><td>200 without Content-Length: {@code chunk 0\n} ...
 *     {@code chunk K-1\n}, one per body chunk, D ms apart (defaults 5 and 250)</td></tr>
 * <tr><td>{@code GET /status?code=N}</td><td>status N, {@code X-Probe-Status: N}, body {@code status N\n} (none for 1xx, 204, 304)</td></tr>
 * <tr><td>{@code GET /headers?n=N}</td><td>200, {@code X-Probe-H0: v0} ... and two Set-Cookie headers, body
 *     {@code ok\n}</td></tr>
 * <tr><td>{@code GET /raise}</td><td>throws before starting the response (the gateway answers 500)</td></tr>
 * <tr><td>{@code GET /cut-short?how=raise|short|excinfo}</td><td>200 and {@code first chunk\n}, then fails: the
 *     body throws, ends short of its Content-Length, or calls start_response with excInfo (the transport
 *     must abort the response, R5.4)</td></tr>
 * <tr><td>anything else</td><td>404</td></tr>
 * </table>
 *
 * <p>Bad query values get 400. {@code /stream} also sends {@code X-Accel-Buffering: no}, nginx's
 * signal that an upstream response must reach the client as it is produced.
 *
 * @since 0.1
 */
public final class ContractApp implements Application {
    /** A shared instance, for {@code CLASS::member} loaders: {@code io.wsgi4j.testing.contract.ContractApp::APP}. @since 0.1 */
    public static final ContractApp APP = new ContractApp();

    private final AtomicLong echoesStarted = new AtomicLong();
    private final AtomicLong echoesClosed = new AtomicLong();
    private final AtomicLong echoesCutShort = new AtomicLong();

    /** A fresh instance with its own counters. @since 0.1 */
    public ContractApp() {
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        String path = environ.pathInfo();
        String method = environ.requestMethod();
        boolean get = method.equals("GET") || method.equals("HEAD");
        if (path.equals("/env") || path.startsWith("/env/")) {
            return env(environ, startResponse);
        }
        Map<String, String> query = Query.parse(environ.queryString());
        switch (path) {
            case "/echo":
                if (method.equals("POST")) {
                    echoesStarted.incrementAndGet();
                    return new EchoBody(environ, startResponse, echoesClosed, echoesCutShort);
                }
                break;
            case "/big":
                if (get) {
                    return BigBody.respond(Query.number(query, "n", -1), startResponse);
                }
                break;
            case "/stream":
                if (get) {
                    return StreamBody.respond(Query.number(query, "chunks", 5), Query.number(query, "delay_ms", 250),
                            startResponse);
                }
                break;
            case "/status":
                if (get) {
                    return status(Query.number(query, "code", -1), startResponse);
                }
                break;
            case "/headers":
                if (get) {
                    return headers(Query.number(query, "n", 0), startResponse);
                }
                break;
            case "/cut-short":
                if (get) {
                    return CutShortBody.respond(query.get("how"), startResponse);
                }
                break;
            case "/raise":
                if (get) {
                    throw new IllegalStateException("/raise: the contract app fails before starting its response");
                }
                break;
            default:
                break;
        }
        startResponse.start(Status.NOT_FOUND, Headers.of("Content-Type", "text/plain"));
        return Body.of("404 Not Found: " + method + " " + path + "\n");
    }

    /** How many {@code POST /echo} requests the app has been called for. @since 0.1 */
    public long echoesStarted() {
        return echoesStarted.get();
    }

    /** How many {@code /echo} bodies were closed (every one is, on every path). @since 0.1 */
    public long echoesClosed() {
        return echoesClosed.get();
    }

    /** How many {@code /echo} bodies were closed before the whole request body was echoed. @since 0.1 */
    public long echoesCutShort() {
        return echoesCutShort.get();
    }

    private static Iterable<byte[]> env(Environ environ, StartResponse startResponse) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Object> e : new TreeMap<>(environ).entrySet()) {
            if (e.getValue() instanceof String s) {
                out.append(e.getKey()).append('=').append(s).append('\n');
            }
        }
        startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
        return Body.of(out.toString(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static Iterable<byte[]> status(long code, StartResponse startResponse) {
        if (code < 100 || code > 599) {
            return Query.badRequest("code must be a status code 100-599", startResponse);
        }
        Status status = Status.of((int) code);
        startResponse.start(status, Headers.of("Content-Type", "text/plain", "X-Probe-Status", Long.toString(code)));
        return status.forbidsBody() ? Body.empty() : Body.of("status " + code + "\n");
    }

    private static Iterable<byte[]> headers(long n, StartResponse startResponse) {
        if (n < 0 || n > 1000) {
            return Query.badRequest("n must be 0-1000", startResponse);
        }
        List<Header> list = new ArrayList<>();
        list.add(Header.of("Content-Type", "text/plain"));
        for (int i = 0; i < n; i++) {
            list.add(Header.of("X-Probe-H" + i, "v" + i));
        }
        list.add(Header.of("Set-Cookie", "probe_a=1; Path=/"));
        list.add(Header.of("Set-Cookie", "probe_b=2; Path=/"));
        startResponse.start(Status.OK, list);
        return Body.of("ok\n");
    }

    @Override
    public String toString() {
        return "ContractApp";
    }
}

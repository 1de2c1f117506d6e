// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Sends the test client's requests to a live server over HTTP/1.1 ({@link LiveWire}: no redirects or
 * cookies of its own, the test client handles both as it does in-process). Header values go out as the
 * same bytes an in-process run puts in the environ: each character as one ISO-8859-1 byte, text with
 * characters above U+00FF as its UTF-8 bytes ({@link TestRequest#header}).
 */
final class LiveExchange {
    /** Headers the connection itself sets (Host from the URI, framing from the body, no 100-continue or upgrade). */
    private static final Set<String> CLIENT_OWNED = Set.of("host", "connection", "content-length", "expect", "upgrade");

    private final URI base;
    private final String prefix;
    private LiveWire wire; // the kept connection, opened on first use

    LiveExchange(URI base) {
        if (!base.isAbsolute() || !("http".equals(base.getScheme()) || "https".equals(base.getScheme()))
                || base.getRawAuthority() == null || base.getHost() == null) {
            throw new IllegalArgumentException("TestClient.over needs an absolute http or https URI such as"
                    + " http://127.0.0.1:8080, got " + base);
        }
        this.base = base;
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        this.prefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    URI base() {
        return base;
    }

    TestResponse send(TestRequest.Prepared p) {
        URI to = destination(p);
        String scheme = to.getScheme();
        int port = to.getPort() >= 0 ? to.getPort() : scheme.equals("https") ? 443 : 80;
        byte[] head = head(p, to);
        boolean done = false;
        try {
            LiveWire.Response r = connection(scheme, to.getHost(), port).exchange(head, p.body(), p.method());
            done = true;
            return new TestResponse(r.status(), r.headers(), r.body(), "", List.of(), r.abortCause());
        } catch (IOException e) {
            throw new UncheckedIOException(p.method() + " " + describe(p, to) + " failed: " + e.getMessage(), e);
        } finally {
            if (!done) {
                close(); // whatever went wrong, the next request starts on a new connection
            }
        }
    }

    /**
     * Where the request goes: an absolute target names its own server; a path goes under the base URI;
     * {@code *} (OPTIONS *, the server as a whole) goes to the base URI's server as it is.
     */
    private URI destination(TestRequest.Prepared p) {
        String target = p.target();
        if (target.startsWith("http://") || target.startsWith("https://")) {
            return URI.create(target);
        }
        if (p.scheme().equals("https") && base.getScheme().equals("http")) {
            // in-process https() only marks the environ; here the scheme is the connection's, which
            // the base URI chose, and quietly sending plain HTTP would pass a test that meant TLS
            throw new IllegalStateException("https() marks an in-process request as sent over TLS; "
                    + "TestClient.over(" + base + ") sends plain HTTP. Point the client at an https:// URI,"
                    + " or leave https() out");
        }
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + (target.equals("*") ? "" : prefix + target));
    }

    private byte[] head(TestRequest.Prepared p, URI to) {
        String target = p.target().equals("*") ? "*"
                : (to.getRawPath() == null || to.getRawPath().isEmpty() ? "/" : to.getRawPath())
                        + (to.getRawQuery() == null ? "" : "?" + to.getRawQuery());
        StringBuilder h = new StringBuilder(256);
        h.append(p.method()).append(' ').append(target).append(" HTTP/1.1\r\n");
        h.append("Host: ").append(to.getRawAuthority()).append("\r\n");
        for (String[] field : p.headers()) {
            if (!CLIENT_OWNED.contains(field[0].toLowerCase(Locale.ROOT))) {
                h.append(field[0]).append(": ").append(field[1]).append("\r\n");
            }
        }
        if (p.body() != null) {
            h.append("Content-Length: ").append(p.body().length).append("\r\n");
        }
        h.append("\r\n");
        // the values are already one character per byte (TestRequest.header), so this is byte for byte
        return h.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private LiveWire connection(String scheme, String host, int port) {
        if (wire == null || !wire.reaches(scheme, host, port)) {
            close();
            wire = new LiveWire(scheme, host, port);
        }
        return wire;
    }

    /** Closes the kept connection, if any; the next request opens a new one. Idempotent. */
    void close() {
        if (wire != null) {
            wire.close();
            wire = null;
        }
    }

    private static String describe(TestRequest.Prepared p, URI to) {
        return p.target().equals("*") ? "* (" + to + ")" : to.toString();
    }
}

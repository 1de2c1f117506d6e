// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import io.wsgi4j.Header;
import io.wsgi4j.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sends the test client's requests to a live server over {@link HttpClient} (HTTP/1.1, no redirects or
 * cookies of its own: the test client handles both as it does in-process).
 */
final class LiveExchange {
    /** Headers java.net.http sets itself and refuses from callers. */
    private static final Set<String> CLIENT_OWNED = Set.of("host", "connection", "content-length", "expect", "upgrade");

    private final URI base;
    private final String prefix;
    private HttpClient http; // made on first use

    LiveExchange(URI base) {
        if (!base.isAbsolute() || !("http".equals(base.getScheme()) || "https".equals(base.getScheme()))
                || base.getRawAuthority() == null) {
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
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(p.target()))
                .timeout(Duration.ofSeconds(30))
                .method(p.method(), p.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(p.body()));
        for (String[] h : p.headers()) {
            if (!CLIENT_OWNED.contains(h[0].toLowerCase(Locale.ROOT))) {
                b.header(h[0], h[1]);
            }
        }
        HttpResponse<InputStream> r;
        try {
            r = client().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(p.method() + " " + uri(p.target()) + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + uri(p.target()), e);
        }
        // the status and headers arrived: a body the server cuts short is an aborted response (R5.4), as
        // in-process, so the same test reads aborted() and partialBytes() on both
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        IOException abortCause = null;
        try (InputStream in = r.body()) {
            in.transferTo(body);
        } catch (IOException e) {
            abortCause = e;
        }
        List<Header> headers = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : r.headers().map().entrySet()) {
            if (!e.getKey().startsWith(":")) {
                for (String v : e.getValue()) {
                    headers.add(Header.of(e.getKey(), v));
                }
            }
        }
        return new TestResponse(Status.of(r.statusCode()), headers, body.toByteArray(), "", List.of(), abortCause);
    }

    /** The target ({@code /path?q} or absolute) under the base URI's scheme, authority and path. */
    private URI uri(String target) {
        if (target.startsWith("http://") || target.startsWith("https://")) {
            return URI.create(target);
        }
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + prefix + target);
    }

    private HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
        }
        return http;
    }
}

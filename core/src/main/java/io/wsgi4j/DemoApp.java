// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo application of the seeds (wsgiref's {@code demo_app}): "Hello world!", a blank line, then
 * the request's environ, one {@code KEY=value} per line, sorted by key.
 *
 * <pre>{@code
 * HttpServer.make("", 8000, DemoApp.INSTANCE).serveForever();
 * }</pre>
 *
 * @since 0.1
 */
public final class DemoApp implements Application {
    /** The shared instance. @since 0.1 */
    public static final DemoApp INSTANCE = new DemoApp();

    private static final List<Header> HEADERS = Headers.of("Content-Type", "text/plain; charset=utf-8");

    private DemoApp() {}

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        StringBuilder b = new StringBuilder("Hello world!\n\n");
        Map<String, Object> sorted = new TreeMap<>(environ);
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            b.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        startResponse.start(Status.OK, HEADERS);
        return Body.of(b.toString());
    }

    @Override
    public String toString() {
        return "DemoApp";
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.List;

/**
 * The application the in-memory connection tests and the fuzz test run: it reads the whole request
 * body and echoes it, and by path it streams ({@code /stream}), fails before headers ({@code /fail})
 * or after them ({@code /late}), or leaves the body unread ({@code /skip}). Every response names its
 * method in {@code X-Method}, so a checker knows which responses to HEAD carry no body.
 */
final class FuzzApp implements Application {
    static final FuzzApp INSTANCE = new FuzzApp();
    private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());

    @Override
    public Iterable<byte[]> call(Environ env, StartResponse sr) throws Exception {
        env.put(Environ.WSGI_ERRORS, SILENT); // failures here are intended
        String path = env.pathInfo();
        if (path.startsWith("/fail")) {
            throw new IllegalStateException("failing on purpose");
        }
        byte[] body = path.startsWith("/skip") ? new byte[0] : env.input().readAllBytes();
        var headers = Headers.of("Content-Type", "application/octet-stream", "X-Method", env.requestMethod());
        sr.start(Status.OK, headers);
        if (path.startsWith("/stream")) {
            return () -> List.of(body, "end".getBytes()).iterator();
        }
        if (path.startsWith("/late")) {
            return () -> new Iterator<byte[]>() {
                boolean first = true;

                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public byte[] next() {
                    if (first) {
                        first = false;
                        return "partial".getBytes();
                    }
                    throw new IllegalStateException("failing after headers on purpose");
                }
            };
        }
        return Body.of(body);
    }
}

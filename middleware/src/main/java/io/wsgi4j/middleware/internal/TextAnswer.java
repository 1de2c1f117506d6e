// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.internal;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * The short plain-text answers the catalogue gives on its own (400, 401, 403, 405, 413, 416, and
 * redirects): one Content-Type, one body shape, {@code "405 Method Not Allowed: POST; ...\n"}, so a
 * client or a log reader sees every middleware say it the same way.
 *
 * <pre>{@code
 * return TextAnswer.send(startResponse, 413, "the limit is 1024 bytes");
 * return TextAnswer.redirect(startResponse, 301, "/docs/");
 * }</pre>
 *
 * <p>Not API: this package may change in any release.
 *
 * @since 0.2
 */
public final class TextAnswer {
    /** The Content-Type of every text answer. @since 0.2 */
    public static final Header CONTENT_TYPE = Header.of("Content-Type", "text/plain; charset=utf-8");

    private TextAnswer() {}

    /**
     * Starts {@code status} with {@link #CONTENT_TYPE} and {@code extra}, and returns the body
     * {@code "NNN Reason: message\n"} ({@code "NNN Reason\n"} when {@code message} is null).
     *
     * @since 0.2
     */
    public static Iterable<byte[]> send(StartResponse startResponse, int status, String message, Header... extra) {
        return send(startResponse, status, message, List.of(extra));
    }

    /** As {@link #send(StartResponse, int, String, Header...)}, the extra headers in a list. @since 0.2 */
    public static Iterable<byte[]> send(StartResponse startResponse, int status, String message, List<Header> extra) {
        List<Header> headers = new ArrayList<>(extra.size() + 1);
        headers.add(CONTENT_TYPE);
        headers.addAll(extra);
        Status s = Status.of(status);
        startResponse.start(s, headers);
        return Body.of(message == null ? s + "\n" : s + ": " + message + "\n");
    }

    /** A redirect to {@code location}: the body names it too. @since 0.2 */
    public static Iterable<byte[]> redirect(StartResponse startResponse, int status, String location) {
        return send(startResponse, status, location, Header.of("Location", location));
    }

    /** 405 for {@code method}, with {@code Allow: allow}; the body names both. @since 0.2 */
    public static Iterable<byte[]> methodNotAllowed(StartResponse startResponse, String method, String allow) {
        return send(startResponse, 405, method + "; this resource answers " + allow, Header.of("Allow", allow));
    }

    /**
     * The same answer as an application that prints as {@code code}.
     *
     * @since 0.2
     */
    public static Application app(String code, int status, String message, Header... extra) {
        List<Header> headers = List.of(extra);
        return new Application() {
            @Override
            public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
                return send(startResponse, status, message, headers);
            }

            @Override
            public String toString() {
                return code;
            }
        };
    }
}

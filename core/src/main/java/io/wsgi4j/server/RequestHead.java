// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import io.wsgi4j.Environ;
import io.wsgi4j.handler.EnvironBuilder;
import java.io.InputStream;
import java.util.Arrays;

/**
 * One parsed request head, reused for every request on a connection: request line parts, the header
 * fields in order (names as received, values as Latin-1 strings), and the framing facts the parser
 * derived from them.
 */
final class RequestHead {
    String method;
    String target;
    /** {@code HTTP/1.1} or {@code HTTP/1.0}. */
    String protocol;
    String[] names = new String[16];
    String[] values = new String[16];
    int count;
    /** Content-Length, or -1 when there is none. */
    long contentLength;
    boolean chunked;
    boolean expectContinue;
    /** Whether the request line was read whole and valid (method and target hold this request's). */
    boolean lineRead;

    void reset() {
        lineRead = false;
        count = 0;
        contentLength = -1;
        chunked = false;
        expectContinue = false;
    }

    boolean http11() {
        return "HTTP/1.1".equals(protocol);
    }

    void add(String name, String value) {
        if (count == names.length) {
            names = Arrays.copyOf(names, count * 2);
            values = Arrays.copyOf(values, count * 2);
        }
        names[count] = name;
        values[count] = value;
        count++;
    }

    /** The previous value at header slot {@code i}, kept so an identical repeat can reuse it. */
    String previousValue(int i) {
        return i < values.length ? values[i] : null;
    }

    /**
     * The environ for this request, built by the same {@link EnvironBuilder} the test client uses.
     * Content-Length goes in once as the parsed number, even if it arrived as {@code "5, 5"}.
     */
    Environ environ(String serverHost, int serverPort, String remoteAddr, int remotePort, InputStream input) {
        EnvironBuilder b = new EnvironBuilder()
                .method(method)
                .target(target)
                .protocol(protocol)
                .server(serverHost, serverPort)
                .remote(remoteAddr, remotePort)
                .input(input);
        for (int i = 0; i < count; i++) {
            String name = names[i];
            if (name != "Content-Length" && !name.equalsIgnoreCase("Content-Length")) { // parser constants: identity first
                b.header(name, values[i]);
            }
        }
        if (contentLength >= 0) {
            b.header("Content-Length", Long.toString(contentLength));
        }
        return b.build();
    }

    /**
     * The connection waits for its next request: the strings of this head stay for the next one to reuse
     * (an identical value is not copied again) only if the head was small. A head of up to the limits
     * (24 KiB at the defaults) kept on every idle connection would hold hundreds of MiB, outside the
     * server's budget for large heads ({@link HeadBudget}), for as long as its client keeps it alive.
     *
     * @param headBytes the length of the last head on the wire
     */
    void idle(int headBytes) {
        if (headBytes <= SocketInput.SMALL) {
            return;
        }
        method = null;
        target = null;
        if (names.length > 16) {
            names = new String[16];
            values = new String[16];
        } else {
            Arrays.fill(names, null);
            Arrays.fill(values, null);
        }
    }

    /** The characters of the strings this head holds: of the last request, and in slots past its count, of earlier ones (tests). */
    long retainedChars() {
        long n = (method == null ? 0 : method.length()) + (target == null ? 0 : target.length());
        for (int i = 0; i < names.length; i++) {
            n += (names[i] == null ? 0 : names[i].length()) + (values[i] == null ? 0 : values[i].length());
        }
        return n;
    }

    /** Whether a body follows the head (Content-Length above zero, or chunked). */
    boolean hasBody() {
        return chunked || contentLength > 0;
    }
}

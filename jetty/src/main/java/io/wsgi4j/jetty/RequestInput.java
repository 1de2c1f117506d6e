// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * {@code wsgi.input} of a Jetty request: Jetty's blocking stream over the request content, opened
 * when the application first touches it. Most requests (a GET) never read their input, and Jetty's
 * stream costs a lock, a condition and a blocker per request; this costs one small object. Every
 * call, {@code close()} included, goes to Jetty's stream, so behaviour is Jetty's own.
 */
final class RequestInput extends InputStream {
    private final Request request;
    private InputStream in;

    RequestInput(Request request) {
        this.request = request;
    }

    private InputStream in() {
        InputStream s = in;
        if (s == null) {
            s = Content.Source.asInputStream(request);
            in = s;
        }
        return s;
    }

    @Override
    public int read() throws IOException {
        return in().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return in().read(b, off, len);
    }

    @Override
    public byte[] readAllBytes() throws IOException {
        return in().readAllBytes();
    }

    @Override
    public byte[] readNBytes(int len) throws IOException {
        return in().readNBytes(len);
    }

    @Override
    public int readNBytes(byte[] b, int off, int len) throws IOException {
        return in().readNBytes(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
        return in().skip(n);
    }

    @Override
    public void skipNBytes(long n) throws IOException {
        in().skipNBytes(n);
    }

    @Override
    public int available() throws IOException {
        return in().available();
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        return in().transferTo(out);
    }

    @Override
    public void close() throws IOException {
        in().close(); // Jetty's close consumes or fails what is left of the content, read or not
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code wsgi.input} of a servlet request: the container's input stream, asked for when the
 * application first touches it. Asking early is not free of effects: once {@code getInputStream()}
 * was called, a container no longer parses a form body for {@code getParameter()} (Servlet 6 section
 * 3.1.1), so an application that reads its form through the request in {@code wsgi4j.servlet.request}
 * would find no parameters. Every call, {@code close()} included, goes to the container's stream.
 */
final class ServletInput extends InputStream {
    private final HttpServletRequest request;
    private InputStream in;

    ServletInput(HttpServletRequest request) {
        this.request = request;
    }

    private InputStream in() throws IOException {
        InputStream s = in;
        if (s == null) {
            s = request.getInputStream();
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
        if (in != null) {
            in.close(); // never opened: nothing to close, and opening it now would only cost the form its parameters
        }
    }
}

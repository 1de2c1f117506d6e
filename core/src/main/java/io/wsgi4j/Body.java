// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Helpers for response bodies ({@code Iterable<byte[]>}).
 *
 * <pre>{@code
 * return Body.of("Hello world!");                          // one UTF-8 chunk
 * return Body.map(next.call(environ, sr), chunk -> redact(chunk));   // your byte[] -> byte[]; keeps close()
 * return Body.onClose(body, () -> log.info("sent"));       // runs after the last byte
 * }</pre>
 *
 * <p>Every wrapper here preserves {@code close()}: closing the wrapper closes the body it wraps,
 * once, even when the body was never iterated.
 *
 * @since 0.1
 */
public final class Body {
    private static final List<byte[]> EMPTY = List.of();

    private Body() {}

    /** An empty body. @since 0.1 */
    public static List<byte[]> empty() {
        return EMPTY;
    }

    /** One chunk: {@code text} encoded as UTF-8. @since 0.1 */
    public static List<byte[]> of(String text) {
        return List.of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** One chunk: {@code text} in {@code charset}. @since 0.1 */
    public static List<byte[]> of(String text, Charset charset) {
        return List.of(text.getBytes(charset));
    }

    /** The given chunks, in order; the arrays are not copied. @since 0.1 */
    public static List<byte[]> of(byte[]... chunks) {
        return List.of(chunks);
    }

    /**
     * Closes {@code body} if it is {@link AutoCloseable}. A checked exception from {@code close()} is
     * rethrown wrapped in an unchecked {@link IllegalStateException}.
     *
     * @since 0.1
     */
    public static void close(Iterable<byte[]> body) {
        if (body instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("closing the response body failed: " + e, e);
            }
        }
    }

    /**
     * A body whose chunks are {@code fn} applied to each chunk of {@code body}, lazily; closing it
     * closes {@code body}. {@code fn} may return an empty array to drop a chunk.
     *
     * @since 0.1
     */
    public static CloseableBody map(Iterable<byte[]> body, UnaryOperator<byte[]> fn) {
        Objects.requireNonNull(fn, "fn");
        return new Wrapped(body, fn, null);
    }

    /**
     * A body that yields {@code body}'s chunks and, when closed, closes {@code body} and then runs
     * {@code hook} (once, even if closing {@code body} throws). Use it for work that belongs after the
     * client got the last byte: access logs, timings, releasing locks. A {@link FileBody} stays a
     * {@code FileBody} ({@link FileBody#withCloseHook}), so it is still sent with zero copies.
     *
     * @since 0.1
     */
    public static CloseableBody onClose(Iterable<byte[]> body, Runnable hook) {
        Objects.requireNonNull(hook, "hook");
        if (body instanceof FileBody file) {
            return file.withCloseHook(hook); // still a FileBody, so the server keeps its zero-copy path
        }
        return new Wrapped(body, null, hook);
    }

    /** Concatenates chunks into one array (for tests and small bodies; never on a streaming path). @since 0.1 */
    public static byte[] toBytes(Iterable<byte[]> body) {
        try {
            int total = 0;
            List<byte[]> chunks = new java.util.ArrayList<>();
            for (byte[] c : body) {
                chunks.add(c);
                total = Math.addExact(total, c.length);
            }
            byte[] out = new byte[total];
            int at = 0;
            for (byte[] c : chunks) {
                System.arraycopy(c, 0, out, at, c.length);
                at += c.length;
            }
            return out;
        } finally {
            close(body);
        }
    }

    private static final class Wrapped implements CloseableBody {
        private final Iterable<byte[]> inner;
        private final UnaryOperator<byte[]> fn;
        private final Runnable hook;
        private boolean closed;

        Wrapped(Iterable<byte[]> inner, UnaryOperator<byte[]> fn, Runnable hook) {
            this.inner = Objects.requireNonNull(inner, "body");
            this.fn = fn;
            this.hook = hook;
        }

        @Override
        public Iterator<byte[]> iterator() {
            Iterator<byte[]> it = inner.iterator();
            if (fn == null) {
                return it;
            }
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public byte[] next() {
                    if (!it.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return fn.apply(it.next());
                }
            };
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                Body.close(inner);
            } finally {
                if (hook != null) {
                    hook.run();
                }
            }
        }

        @Override
        public String toString() {
            return (fn != null ? "Body.map(" : "Body.onClose(") + inner + ")";
        }
    }
}

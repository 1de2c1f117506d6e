// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.response;

import io.wsgi4j.Application;
import io.wsgi4j.CloseableBody;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** Bodies and applications for middleware tests: streaming, closing and late-starting on purpose. */
public final class TestBodies {
    private TestBodies() {}

    /** A streaming (not a collection) body that counts its close() calls and the chunks pulled. */
    public static final class Tracked implements CloseableBody {
        private final List<byte[]> chunks;
        public int closes;
        public int pulled;

        public Tracked(String... chunks) {
            this.chunks = java.util.Arrays.stream(chunks).map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        }

        @Override
        public Iterator<byte[]> iterator() {
            Iterator<byte[]> it = chunks.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public byte[] next() {
                    pulled++;
                    return it.next();
                }
            };
        }

        @Override
        public void close() {
            closes++;
        }
    }

    /** A streaming body that yields {@code chunks}, then fails with "broken stream" when the next is pulled. */
    public static Iterable<byte[]> failingAfter(String... chunks) {
        return () -> new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public byte[] next() {
                if (i < chunks.length) {
                    return chunks[i++].getBytes(StandardCharsets.UTF_8);
                }
                throw new IllegalStateException("broken stream");
            }
        };
    }

    /** An application answering {@code status} with {@code headers} (name, value pairs) and {@code body}. */
    public static Application app(int status, Iterable<byte[]> body, String... headers) {
        List<Header> h = Headers.of(headers);
        return (env, sr) -> {
            sr.start(Status.of(status), h);
            return body;
        };
    }

    /**
     * A class-based application: it calls start_response only when its body is iterated, as the
     * seed's class whose {@code __iter__} starts the response.
     */
    public static Application lateStart(int status, String text, String... headers) {
        List<Header> h = Headers.of(headers);
        return (env, sr) -> new Iterable<byte[]>() {
            @Override
            public Iterator<byte[]> iterator() {
                return new Iterator<>() {
                    private boolean done;

                    @Override
                    public boolean hasNext() {
                        return !done;
                    }

                    @Override
                    public byte[] next() {
                        if (done) {
                            throw new NoSuchElementException();
                        }
                        done = true;
                        sr.start(Status.of(status), h);
                        return text.getBytes(StandardCharsets.UTF_8);
                    }
                };
            }
        };
    }
}

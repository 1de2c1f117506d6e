// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import io.wsgi4j.middleware.response.TestBodies;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BodyLimitTest {
    private static boolean called;

    /** Reads the whole body and answers its length. */
    private static final Application READER = (env, sr) -> {
        called = true;
        byte[] body = env.input().readAllBytes();
        sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
        return Body.of(Integer.toString(body.length));
    };

    /** A request without Content-Length, as a chunked body arrives. */
    private static Application chunked(Application app, int bodyBytes) {
        return (env, sr) -> {
            env.remove(Environ.CONTENT_LENGTH);
            env.put(Environ.WSGI_INPUT, new ByteArrayInputStream(new byte[bodyBytes]));
            return app.call(env, sr);
        };
    }

    @Nested
    class DeclaredLength {
        @Test
        void answers413WithoutCallingTheApplication() {
            called = false;
            TestResponse r = TestClient.of(BodyLimit.of(10).wrap(READER)).post("/").body(new byte[11]).send();
            assertEquals(413, r.status());
            assertTrue(r.text().contains("11 bytes") && r.text().contains("limit is 10"), r.text());
            assertFalse(called);
        }

        @Test
        void passesBodiesUpToTheLimit() {
            assertEquals("10", TestClient.of(BodyLimit.of(10).wrap(READER)).post("/").body(new byte[10]).send().text());
        }

        @Test
        void answers400ForAMalformedContentLength() {
            Application app = (env, sr) -> {
                env.put(Environ.CONTENT_LENGTH, "12abc");
                return BodyLimit.of(10).wrap(READER).call(env, sr);
            };
            assertEquals(400, TestClient.of(app).post("/").send().status());
        }

        /** 1*DIGIT is a valid Content-Length however long (RFC 9110 section 8.6): past any limit, not malformed. */
        @Test
        void answers413ForAContentLengthPastLongMaxValue() {
            called = false;
            Application app = (env, sr) -> {
                env.put(Environ.CONTENT_LENGTH, "99999999999999999999");
                return BodyLimit.of(10).wrap(READER).call(env, sr);
            };
            TestResponse r = TestClient.of(app).post("/").send();
            assertEquals(413, r.status(), r.text());
            assertTrue(r.text().contains("99999999999999999999") && r.text().contains("limit is 10"), r.text());
            assertFalse(called);
        }
    }

    @Nested
    class UnknownLength {
        @Test
        void readsAChunkedBodyUpToTheLimit() {
            TestResponse r = TestClient.of(chunked(BodyLimit.of(100).wrap(READER), 100)).post("/").send();
            assertEquals("100", r.text());
        }

        @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
        @org.junit.jupiter.params.provider.ValueSource(strings = {"Json.read", "Forms.parse", "a multipart form"})
        void answers413WhenARequestHelperReadsPastTheLimit(String helper) {
            // the helpers turn a failed read into 400; past a BodyLimit the request is too large, not bad
            Application app = (env, sr) -> {
                switch (helper) {
                    case "Json.read" -> Json.read(env);
                    case "Forms.parse" -> Forms.parse(env);
                    default -> {
                        env.put("CONTENT_TYPE", "multipart/form-data; boundary=b");
                        Forms.parse(env);
                    }
                }
                throw new AssertionError("the helper must not return");
            };
            Application limited = io.wsgi4j.middleware.errors.ErrorCatcher.of().wrap(BodyLimit.of(10).wrap(app));
            Application withBody = (env, sr) -> { // 40+ bytes without Content-Length, as a chunked body arrives
                String body = switch (helper) {
                    case "Json.read" -> "[\"" + "x".repeat(40) + "\"]";
                    case "Forms.parse" -> "a=" + "x".repeat(40);
                    default -> "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n" + "x".repeat(40) + "\r\n--b--\r\n";
                };
                env.put("CONTENT_TYPE", helper.equals("Json.read") ? "application/json"
                        : "application/x-www-form-urlencoded");
                env.remove(Environ.CONTENT_LENGTH);
                env.put(Environ.WSGI_INPUT, new ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                return limited.call(env, sr);
            };
            TestResponse r = TestClient.of(withBody).post("/").send();
            assertEquals(413, r.status(), r.text());
        }

        @Test
        void answers413WhenTheApplicationReadsPastTheLimit() {
            TestResponse r = TestClient.of(chunked(BodyLimit.of(100).wrap(READER), 101)).post("/").send();
            assertEquals(413, r.status());
        }

        /**
         * A streaming application reads its input while its body is iterated, after start_response but before
         * anything is sent: the refusal reaches the body's iterator (wrapped, as an iterator cannot throw an
         * IOException), and the client must still get the 413 the body is, not a 500 blaming the server.
         */
        @Test
        void answers413WhenTheBodyReadsPastTheLimitWhileIterated() {
            TestBodies.Tracked closed = new TestBodies.Tracked();
            Application echo = (env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Type", "application/octet-stream"));
                java.io.InputStream in = env.input();
                return Body.onClose(() -> new java.util.Iterator<byte[]>() {
                    private boolean done;

                    @Override
                    public boolean hasNext() {
                        return !done;
                    }

                    @Override
                    public byte[] next() {
                        done = true;
                        try {
                            return in.readAllBytes();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }, closed::close);
            };
            TestResponse r = TestClient.of(chunked(BodyLimit.of(100).wrap(echo), 101)).post("/").send();
            assertEquals(413, r.status(), r.text());
            assertTrue(r.text().contains("the limit is 100 bytes"), r.text());
            assertEquals(1, closed.closes);
        }

        @Test
        void answers413WhenTheApplicationWrapsTheRefusal() {
            Application wrapping = (env, sr) -> {
                try {
                    env.input().readAllBytes();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                throw new AssertionError("the read must fail");
            };
            TestResponse r = TestClient.of(chunked(BodyLimit.of(100).wrap(wrapping), 101)).post("/").send();
            assertEquals(413, r.status(), r.text());
        }

        @Test
        void cutsAResponseWhoseHeadersWentOutBeforeTheBodyReadPastTheLimit() {
            TestBodies.Tracked closed = new TestBodies.Tracked();
            Application late = (env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                java.io.InputStream in = env.input();
                return Body.onClose(() -> new java.util.Iterator<byte[]>() {
                    private int chunk;

                    @Override
                    public boolean hasNext() {
                        return chunk < 2;
                    }

                    @Override
                    public byte[] next() {
                        if (chunk++ == 0) {
                            return "first".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                        }
                        try {
                            return in.readAllBytes();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }, closed::close);
            };
            TestResponse r = TestClient.of(chunked(BodyLimit.of(100).wrap(late), 101)).allowErrors().post("/").send();
            assertEquals(200, r.status());
            assertTrue(r.aborted(), "a response cut short must not look complete");
            assertEquals("first", r.partialText());
            assertEquals(1, closed.closes);
        }

        @Test
        void letsABodyFailureThatIsNotTheLimitThrough() {
            Application failing = TestBodies.app(200, TestBodies.failingAfter(), "Content-Type", "text/plain");
            TestResponse r = TestClient.of(chunked(BodyLimit.of(100).wrap(failing), 10)).allowErrors().post("/").send();
            assertEquals(500, r.status());
            assertTrue(r.errors().contains("broken stream"), r.errors());
        }
    }

    @Test
    void validatesAndPrintsItsConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> BodyLimit.of(-1));
        assertEquals("BodyLimit.of(1024)", BodyLimit.of(1024).toString());
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.CloseableBody;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.Pipeline;
import io.wsgi4j.handler.EnvironBuilder;
import io.wsgi4j.handler.Outcome;
import io.wsgi4j.middleware.request.RequestException;
import io.wsgi4j.middleware.testkit.WireHandler;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ErrorCatcherTest {

    private static final Application FAILS = (environ, sr) -> {
        throw new IllegalStateException("database <down>");
    };

    /** A streaming body that yields {@code good} chunks, then throws; counts its close() calls. */
    private static final class Failing implements CloseableBody {
        final AtomicInteger closed = new AtomicInteger();
        private final int good;

        Failing(int good) {
            this.good = good;
        }

        @Override
        public Iterator<byte[]> iterator() {
            return new Iterator<>() {
                int i;

                @Override
                public boolean hasNext() {
                    if (i == good) {
                        throw new IllegalStateException("stream broke after " + good + " chunks");
                    }
                    return true;
                }

                @Override
                public byte[] next() {
                    hasNext();
                    return ("chunk" + i++ + "\n").getBytes(StandardCharsets.UTF_8);
                }
            };
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    private static Application streaming(Failing body) {
        return (environ, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            return body;
        };
    }

    @Nested
    class InTheCall {
        @Test
        void answers500AndLogsTheTrace() {
            TestResponse r = TestClient.of(ErrorCatcher.of().wrap(FAILS)).allowErrors().get("/x").send();
            assertEquals(500, r.status());
            assertEquals("500 Internal Server Error\n", r.text());
            assertEquals("no-store", r.header("Cache-Control"));
            assertTrue(r.errors().contains("error while serving GET /x"), r.errors());
            assertTrue(r.errors().contains("IllegalStateException: database <down>"), r.errors());
        }

        @Test
        void replacesAResponseTheApplicationHadStarted() {
            Application startsThenFails = (environ, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/plain", "X-Partial", "yes"));
                throw new IllegalArgumentException("late");
            };
            TestResponse r = TestClient.of(ErrorCatcher.of().wrap(startsThenFails)).allowErrors().get("/").send();
            assertEquals(500, r.status());
            assertEquals(null, r.header("X-Partial"));
        }

        @Test
        void namesTheRequestIdInTheLogAndThePage() {
            TestResponse r = TestClient.of(ErrorCatcher.of().wrap(FAILS)).allowErrors().get("/")
                    .header("X-Request-Id", "abc-123").send();
            assertTrue(r.errors().contains("(request id abc-123)"), r.errors());
            assertTrue(r.text().contains("Request id: abc-123"), r.text());
        }

        @Test
        void escapesTheRequestsTextInTheLogLineSoAClientCannotForgeLines() {
            // PATH_INFO is percent-decoded (%0A is a newline, %1B an ESC) and X-Request-Id may carry obs-text
            // such as 0x9B (CSI): raw in wsgi.errors they would start a forged line or a terminal escape
            TestResponse r = TestClient.of(ErrorCatcher.of().wrap(FAILS)).allowErrors().get("/a%0Awsgi4j%1B[2Jb%5Cc")
                    .header("X-Request-Id", "id\u009b2J").send();
            assertEquals(500, r.status());
            String firstLine = r.errors().substring(0, r.errors().indexOf('\n'));
            assertEquals("wsgi4j ErrorCatcher: error while serving GET /a\\x0awsgi4j\\x1b[2Jb\\\\c"
                    + " (request id id\\x9b2J):", firstLine);
        }

        @Test
        void answersARequestExceptionWithItsOwnStatusAndNoTrace() {
            Application badForm = (environ, sr) -> {
                throw RequestException.tooLarge("form over 1 MiB");
            };
            TestResponse r = TestClient.of(ErrorCatcher.of().wrap(badForm)).get("/").send();
            assertEquals(413, r.status());
            assertTrue(r.text().contains("form over 1 MiB"), r.text());
            assertEquals("", r.errors());
        }

        @Test
        void answersARequestBodyTheServerRefusedWithTheServersStatusAndNoTrace() {
            Iterator<byte[]> readsTooMuch = new Iterator<>() { // reads while its body is iterated, as uploads do
                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public byte[] next() {
                    // the application's own wrapper names a path: only the server's refusal is shown to the client
                    throw new IllegalStateException("could not store the upload in /srv/app/tmp/upload-4711",
                            new io.wsgi4j.server.HttpException(413, "chunked request body is over the limit of 10 bytes"));
                }
            };
            Application app = (environ, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/plain")); // started, not yet sent
                return () -> readsTooMuch;
            };
            TestResponse r = TestClient.of(ErrorCatcher.of().wrap(app)).get("/").send();
            assertEquals(413, r.status(), r.text());
            assertEquals("413 Content Too Large: chunked request body is over the limit of 10 bytes\n", r.text());
            assertEquals("", r.errors());
        }

        @Test
        void letsVirtualMachineErrorsThrough() {
            Application oom = (environ, sr) -> {
                throw new OutOfMemoryError("test");
            };
            Environ env = new EnvironBuilder().target("/").build();
            assertThrows(OutOfMemoryError.class,
                    () -> ErrorCatcher.of().wrap(oom).call(env, (s, h, e) -> null));
        }

        @Test
        void usesACustomPageAndPassesTheErrorToIt() {
            Application page = Application.named("Oops", (environ, sr) -> {
                sr.start("503 Service Unavailable", Headers.of("Content-Type", "text/plain"));
                return Body.of("sorry: " + ((Throwable) environ.get(Environ.ERROR)).getMessage());
            });
            TestResponse r = TestClient.of(ErrorCatcher.builder().page(page).build().wrap(FAILS)).allowErrors().get("/").send();
            assertEquals(503, r.status());
            assertEquals("sorry: database <down>", r.text());
        }
    }

    @Nested
    class DuringIteration {
        @Test
        void replacesTheBodyWhenNothingWasSentAndClosesTheOriginal() {
            Failing body = new Failing(0);
            TestResponse r = TestClient.of(ErrorCatcher.of().wrap(streaming(body))).allowErrors().get("/").send();
            assertEquals(500, r.status());
            assertEquals("500 Internal Server Error\n", r.text());
            assertEquals(1, body.closed.get());
            assertTrue(r.errors().contains("stream broke after 0 chunks"), r.errors());
        }

        @Test
        void letsTheServerAbortWhenHeadersWereAlreadySent() {
            Failing body = new Failing(2);
            WireHandler wire = new WireHandler();
            Outcome outcome = wire.get(ErrorCatcher.of().wrap(streaming(body)), "/");
            assertEquals(Outcome.ABORTED, outcome);
            assertTrue(wire.wire().startsWith("HTTP/1.1 200 OK"), wire.wire());
            assertTrue(wire.wire().contains("chunk1"), wire.wire());
            assertFalse(wire.wire().contains("500"), wire.wire());
            assertFalse(wire.wire().endsWith("0\r\n\r\n"), "must not look complete: " + wire.wire());
            assertEquals(1, body.closed.get());
            assertTrue(wire.errors().contains("stream broke after 2 chunks"), wire.errors());
        }

        @Test
        void streamsAHealthyBodyUnchangedAndClosesItOnce() {
            Failing body = new Failing(Integer.MAX_VALUE);
            Application three = (environ, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return Body.onClose(List.of("a".getBytes(), "b".getBytes()), body::close);
            };
            TestResponse r = TestClient.of(ErrorCatcher.of().wrap(three)).get("/").send();
            assertEquals("ab", r.text());
            assertEquals(1, body.closed.get());
        }

        @Test
        void passesInMemoryBodiesThroughUnwrapped() throws Exception {
            List<byte[]> list = Body.of("x");
            Application app = (environ, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return list;
            };
            Environ env = new EnvironBuilder().target("/").build();
            assertSame(list, ErrorCatcher.of().wrap(app).call(env, (s, h, e) -> null));
        }
    }

    @Nested
    class FileBodies {
        @Test
        void passesAFileBodyThroughSoItKeepsZeroCopySending(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
                throws Exception {
            java.nio.file.Path f = java.nio.file.Files.writeString(dir.resolve("f.txt"), "file");
            Application files = (environ, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return io.wsgi4j.FileBody.open(f);
            };
            Environ env = new EnvironBuilder().target("/").build();
            Iterable<byte[]> body = ErrorCatcher.of().wrap(files).call(env, (s, h, e) -> null);
            org.junit.jupiter.api.Assertions.assertInstanceOf(io.wsgi4j.FileBody.class, body);
            Body.close(body);
            assertEquals("file", TestClient.of(ErrorCatcher.of().wrap(files)).get("/").send().text());
        }
    }

    @Nested
    class Printing {
        @Test
        void readsLikeTheBuilderCode() {
            assertEquals("ErrorCatcher.of()", ErrorCatcher.of().toString());
            assertEquals("ErrorCatcher.builder().page(ErrorPages.builder().debug(true).build()).build()", ErrorCatcher.builder().page(ErrorPages.builder().debug(true).build()).build().toString());
            Application page = Application.named("Oops", FAILS);
            assertEquals("ErrorCatcher.builder().page(Oops).build()", ErrorCatcher.builder().page(page).build().toString());
            Pipeline p = Pipeline.builder().use(ErrorCatcher.builder().page(ErrorPages.builder().debug(true).build()).build()).run(Application.named("App", FAILS));
            assertEquals("Pipeline.builder()\n    .use(ErrorCatcher.builder().page(ErrorPages.builder().debug(true).build()).build())\n    .run(App)", p.toString());
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.FileBody;
import io.wsgi4j.Headers;
import io.wsgi4j.Middleware;
import io.wsgi4j.Pipeline;
import io.wsgi4j.handler.EnvironBuilder;
import io.wsgi4j.handler.Outcome;
import io.wsgi4j.middleware.response.TestBodies;
import io.wsgi4j.middleware.routing.Router;
import io.wsgi4j.middleware.testkit.WireHandler;
import io.wsgi4j.middleware.tracing.RequestId;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccessLogTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T00:58:24Z"), ZoneOffset.UTC);

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final LogSink sink = lines::add;

    private static Application text(String body) {
        return Application.named("Text", (environ, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            return Body.of(body);
        });
    }

    /** Answers every request with the whole of {@code file} as a {@link FileBody}. */
    private static Application servingFile(Path file) {
        return (environ, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "application/octet-stream"));
            return FileBody.open(file);
        };
    }

    /** A streaming body of {@code n} chunks of {@code size} bytes. */
    private static Application stream(int n, int size) {
        return (environ, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "application/octet-stream"));
            return () -> new Iterator<byte[]>() {
                int i;

                @Override
                public boolean hasNext() {
                    return i < n;
                }

                @Override
                public byte[] next() {
                    i++;
                    return new byte[size];
                }
            };
        };
    }

    private Application logged(LogFormat format, Application app) {
        return AccessLog.builder(sink).format(format).clock(CLOCK).build().wrap(app);
    }

    @Nested
    class Formats {
        @Test
        void writesCommonLogFormat() {
            TestClient.of(logged(LogFormat.COMMON, text("hello"))).get("/x?y=1").send();
            assertEquals(List.of("127.0.0.1 - - [21/Nov/2026:00:58:24 +0000] \"GET /x?y=1 HTTP/1.1\" 200 5"), lines);
        }

        @Test
        void writesCombinedLogFormatWithRefererAndAgent() {
            TestClient.of(logged(LogFormat.COMBINED, text("hello"))).get("/").header("Referer", "https://r.example/")
                    .header("User-Agent", "curl/8.5").send();
            assertEquals("127.0.0.1 - - [21/Nov/2026:00:58:24 +0000] \"GET / HTTP/1.1\" 200 5"
                    + " \"https://r.example/\" \"curl/8.5\"", lines.get(0));
        }

        @Test
        void escapesQuotesAndControlCharactersSoAClientCannotForgeALine() {
            TestClient.of(logged(LogFormat.COMBINED, text(""))).get("/").header("User-Agent", "a\"b\\c\u0001d").send();
            assertTrue(lines.get(0).endsWith("200 - \"-\" \"a\\\"b\\\\c\\x01d\""), lines.get(0));
        }

        @Test
        void addsTimeTakenAndRequestIdInTheExtendedFormat() {
            Application withId = (environ, sr) -> {
                environ.put(RequestId.KEY, "req-42");
                return text("x").call(environ, sr);
            };
            TestClient.of(logged(LogFormat.EXTENDED, withId)).get("/").send();
            assertTrue(lines.get(0).matches(".*\"-\" \"-\" \\d+ \"req-42\""), lines.get(0));
        }

        @Test
        void writesJsonLinesWithUserRouteAndRequestId() throws Exception {
            Router router = Router.builder().get("page", "/wiki/{page}", (environ, sr) -> {
                environ.put(Environ.REMOTE_USER, "ann");
                return text("page").call(environ, sr);
            }).build();
            TestClient.of(logged(LogFormat.JSON, router)).get("/wiki/Home").header("X-Request-Id", "abc").send();
            JsonNode json = new ObjectMapper().readTree(lines.get(0));
            assertEquals("2026-11-21T00:58:24Z", json.get("time").asText());
            assertEquals("ann", json.get("remoteUser").asText());
            assertEquals("page", json.get("route").asText());
            assertEquals("abc", json.get("requestId").asText());
            assertEquals("/wiki/Home", json.get("target").asText());
            assertEquals(4, json.get("bytes").asLong());
            assertTrue(json.get("complete").asBoolean());
            assertTrue(json.has("durationMicros"));
            assertFalse(lines.get(0).contains("\n"));
        }

        @Test
        void writesTheTraceIdOfTheTraceContextMiddlewareInJson() throws Exception {
            Application app = io.wsgi4j.middleware.tracing.TraceContext.of().wrap(logged(LogFormat.JSON, text("x")));
            TestClient.of(app).get("/").header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                    .send();
            assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", new ObjectMapper().readTree(lines.get(0)).get("traceId")
                    .asText());
        }

        @Test
        void namesTheUserInTheTextFormats() {
            Application auth = (environ, sr) -> {
                environ.put(Environ.REMOTE_USER, "bob smith");
                return text("x").call(environ, sr);
            };
            TestClient.of(logged(LogFormat.COMMON, auth)).get("/").send();
            assertTrue(lines.get(0).startsWith("127.0.0.1 - bob smith ["), lines.get(0));
        }
    }

    @Nested
    class Counting {
        @Test
        void logsAStreamedBodyOnlyWhenItCloses() throws Exception {
            Environ env = new EnvironBuilder().target("/big").build();
            Iterable<byte[]> body = logged(LogFormat.COMMON, stream(3, 1000)).call(env, (s, h, e) -> null);
            for (byte[] ignored : body) {
                assertTrue(lines.isEmpty());
            }
            Body.close(body);
            assertTrue(lines.get(0).endsWith("\" 200 3000"), lines.get(0));
        }

        @Test
        void logsOnlyTheBytesSentWhenTheClientGoesAway() throws Exception {
            WireHandler wire = new WireHandler(2500);
            Outcome outcome = wire.get(logged(LogFormat.JSON, stream(10, 1000)), "/big");
            assertEquals(Outcome.ABORTED, outcome);
            JsonNode json = new ObjectMapper().readTree(lines.get(0));
            assertTrue(json.get("bytes").asLong() < 10_000, lines.get(0));
            assertFalse(json.get("complete").asBoolean());
        }

        @Test
        void keepsAListBodyAListSoContentLengthIsStillSet() {
            Application two = (environ, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return List.of("ab".getBytes(), "cde".getBytes());
            };
            TestResponse r = TestClient.of(logged(LogFormat.COMMON, two)).get("/").send();
            assertEquals("5", r.header("Content-Length"));
            assertTrue(lines.get(0).endsWith(" 200 5"), lines.get(0));
        }

        @Test
        void countsTheLegacyWriteCallable() {
            Application writes = (environ, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/plain")).write("1234".getBytes());
                return Body.of("56");
            };
            TestClient.of(logged(LogFormat.COMMON, writes)).get("/").send();
            assertTrue(lines.get(0).endsWith(" 200 6"), lines.get(0));
        }

        @Test
        void logsZeroBytesForHead() {
            TestClient.of(logged(LogFormat.COMMON, text("hello"))).head("/").send();
            assertTrue(lines.get(0).endsWith("\"HEAD / HTTP/1.1\" 200 -"), lines.get(0));
        }

        // a 205 has no content (RFC 9110 section 15.3.6): the server sends none whatever the application
        // yields, and the metrics count none (204 and 304 with a body the validator refuses outright)
        @Test
        void logsZeroBytesForA205() {
            Application yieldsAnyway = (environ, sr) -> {
                sr.start("205 Reset Content", List.of());
                return Body.of("ignored");
            };
            TestClient.of(logged(LogFormat.COMMON, yieldsAnyway)).get("/").send();
            assertTrue(lines.get(0).endsWith("\" 205 -"), lines.get(0));
        }

        @Test
        void keepsAFileBodyAFileBodyAndLogsItsSizeOnceSent(@TempDir Path dir) throws Exception {
            Path file = Files.writeString(dir.resolve("f.txt"), "0123456789");
            Application files = (environ, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/plain", "Content-Length", "10"));
                return FileBody.open(file);
            };
            Environ env = new EnvironBuilder().target("/f.txt").build();
            Iterable<byte[]> body = logged(LogFormat.JSON, files).call(env, (s, h, e) -> null);
            FileBody fb = assertInstanceOf(FileBody.class, body);
            fb.markSent(); // what a server does once it has sent the file with zero copies
            assertTrue(lines.isEmpty());
            fb.close();
            assertFalse(fb.channel().isOpen());
            JsonNode json = new ObjectMapper().readTree(lines.get(0));
            assertEquals(10, json.get("bytes").asLong());
            assertTrue(json.get("complete").asBoolean());
        }

        @Test
        void logsAFileBodyCutShortByTheClientAsIncomplete(@TempDir Path dir) throws Exception {
            Application files = servingFile(Files.write(dir.resolve("big.bin"), new byte[200_000]));
            Outcome outcome = new WireHandler(2500).get(logged(LogFormat.JSON, files), "/big.bin");
            assertEquals(Outcome.ABORTED, outcome);
            JsonNode json = new ObjectMapper().readTree(lines.get(0));
            assertTrue(json.get("bytes").asLong() < 200_000, lines.get(0));
            assertFalse(json.get("complete").asBoolean(), lines.get(0));
        }

        @Test
        void logsAFileBodySentWholeByAServerAsComplete(@TempDir Path dir) throws Exception {
            Application files = servingFile(Files.write(dir.resolve("big.bin"), new byte[200_000]));
            assertEquals(Outcome.KEEP_ALIVE, new WireHandler().get(logged(LogFormat.JSON, files), "/big.bin"));
            JsonNode json = new ObjectMapper().readTree(lines.get(0));
            assertEquals(200_000, json.get("bytes").asLong());
            assertTrue(json.get("complete").asBoolean(), lines.get(0));
        }

        @Test
        void logsA500AndRethrowsWhenTheApplicationFails() {
            Application fails = (environ, sr) -> {
                throw new IllegalStateException("boom");
            };
            TestResponse r = TestClient.of(logged(LogFormat.COMMON, fails)).allowErrors().get("/").send();
            assertEquals(500, r.status());
            assertTrue(r.errors().contains("boom"));
            assertTrue(lines.get(0).endsWith(" 500 -"), lines.get(0));
        }

        @Test
        void logsTheErrorPageStatusWhenAnErrorCatcherInsideReplacesAFailedStream() {
            Application failsWhileStreaming = (environ, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return () -> new Iterator<byte[]>() {
                    @Override
                    public boolean hasNext() {
                        throw new IllegalStateException("broken stream");
                    }

                    @Override
                    public byte[] next() {
                        throw new IllegalStateException("broken stream");
                    }
                };
            };
            Application app = Pipeline.builder().use(AccessLog.builder(sink).format(LogFormat.COMMON).clock(CLOCK).build())
                    .use(io.wsgi4j.middleware.errors.ErrorCatcher.of()).run(failsWhileStreaming);
            TestResponse r = TestClient.of(app).allowErrors().get("/").send();
            assertEquals(500, r.status());
            assertTrue(lines.get(0).endsWith("\" 500 " + r.bytes().length), lines.get(0));
        }

        @Test
        void logsThe500TheServerSentWhenTheBodyFailsBeforeItsFirstChunk() {
            Application failsAtFirstChunk = TestBodies.app(200, TestBodies.failingAfter(), "Content-Type", "text/plain");
            TestResponse r = TestClient.of(logged(LogFormat.COMMON, failsAtFirstChunk)).allowErrors().get("/").send();
            assertEquals(500, r.status());
            // the 200 never went out: the server's error page answered, and the log says what the client got
            assertTrue(lines.get(0).endsWith("\" 500 -"), lines.get(0));
        }

        /**
         * The server refuses a response whose body contradicts its Content-Length before any of it goes out
         * (SPEC.md R4.6) and answers with its 500 page instead: the log says what the client got, as the
         * request observer does, not the 200 and the bytes the application meant to send.
         */
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"a list longer than its Content-Length", "a file longer than its Content-Length",
            "an empty stream with a Content-Length"})
        void logsThe500TheServerSentWhenItRefusesAResponseBeforeItsHeadersAsTheObserverDoes(String body,
                @TempDir Path dir) throws Exception {
            Path file = Files.write(dir.resolve("ten.bin"), new byte[10]);
            Application contradicting = (environ, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/plain", "Content-Length", "3"));
                return switch (body) {
                    case "a list longer than its Content-Length" -> Body.of("hello");
                    case "a file longer than its Content-Length" -> FileBody.open(file);
                    default -> () -> Collections.emptyIterator();
                };
            };
            List<io.wsgi4j.observe.RequestRecord> records = new ArrayList<>();
            // unvalidated: the validator would stop the application where the server answers a 500 in production
            TestResponse r = TestClient.unvalidated(logged(LogFormat.COMMON, contradicting)).allowErrors()
                    .observer(records::add).get("/").send();
            assertEquals(500, r.status());
            assertEquals(500, records.get(0).status());
            assertTrue(lines.get(0).endsWith("\" 500 -"), lines.get(0));
        }

        @Test
        void keepsTheStatusSentWhenTheBodyFailsAfterItsFirstChunk() {
            Application failsAtSecondChunk = TestBodies.app(200, TestBodies.failingAfter("abc"), "Content-Type",
                    "text/plain");
            TestResponse r = TestClient.of(logged(LogFormat.COMMON, failsAtSecondChunk)).allowErrors().get("/").send();
            assertTrue(r.aborted());
            assertTrue(lines.get(0).endsWith("\" 200 3"), lines.get(0));
        }

        @Test
        void logsThe413TheServerAnswersWhenTheRequestBodyIsOverItsLimitAsTheObserverDoes() throws Exception {
            Application readsAll = (environ, sr) -> {
                byte[] body = environ.input().readAllBytes(); // the server's HttpException(413) escapes
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return Body.of("got " + body.length);
            };
            List<io.wsgi4j.observe.RequestRecord> records = Collections.synchronizedList(new ArrayList<>());
            io.wsgi4j.server.ServerConfig config = io.wsgi4j.server.ServerConfig.builder().maxBodyBytes(10).quiet(true)
                    .observer(records::add).build();
            String response;
            try (io.wsgi4j.server.HttpServer server = io.wsgi4j.server.HttpServer.make("127.0.0.1", 0,
                    logged(LogFormat.COMMON, readsAll), config).start();
                    java.net.Socket client = new java.net.Socket("127.0.0.1", server.port())) {
                client.getOutputStream().write(("POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "14\r\n" + "x".repeat(20) + "\r\n0\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                response = new String(client.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            assertTrue(response.startsWith("HTTP/1.1 413 "), response);
            assertEquals(413, records.get(0).status(), records.toString());
            assertTrue(lines.get(0).endsWith("\"POST /upload HTTP/1.1\" 413 -"), "what the client got: " + lines.get(0));
        }

        @Test
        void logsEachRequestExactlyOnceEvenIfClosedTwice() throws Exception {
            Environ env = new EnvironBuilder().target("/").build();
            Iterable<byte[]> body = logged(LogFormat.COMMON, stream(1, 1)).call(env, (s, h, e) -> null);
            Body.close(body);
            Body.close(body);
            assertEquals(1, lines.size());
        }
    }

    /** A line longer than the pooled buffer (and than what the pool keeps) is written whole, and the next one clean. */
    @Test
    void writesALineLongerThanThePooledBufferWholeAndTheNextLineClean() {
        String longPath = "/" + "a".repeat(10_000);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Application app = AccessLog.builder(LogSink.of(out)).clock(CLOCK).build().wrap(text("ok"));
        List<String> paths = List.of(longPath, "/short", longPath + "/b", "/short");
        for (String path : paths) {
            TestClient.of(app).get(path).send();
        }
        StringBuilder expected = new StringBuilder();
        for (String path : paths) {
            expected.append("127.0.0.1 - - [21/Nov/2026:00:58:24 +0000] \"GET ").append(path).append(" HTTP/1.1\" 200 2\n");
        }
        assertEquals(expected.toString(), out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Nested
    class SinkFailures {
        @Test
        void reportsAFailingSinkWithoutHurtingTheResponse() {
            OutputStream broken = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    throw new IOException("disk full");
                }
            };
            TestResponse r = TestClient.of(AccessLog.of(LogSink.of(broken)).wrap(text("ok"))).allowErrors().get("/")
                    .send();
            assertEquals("ok", r.text());
            assertTrue(r.errors().contains("disk full"), r.errors());
        }
    }

    @Nested
    class Configuration {
        @Test
        void readsLikeTheBuilderCode() {
            assertEquals("AccessLog.builder(LogSink.of(System.out)).format(LogFormat.COMBINED).build()", AccessLog.builder(LogSink.of(System.out)).format(LogFormat.COMBINED).build()
                    .toString());
            Middleware m = AccessLog.builder(LogSink.of(System.err)).format(LogFormat.JSON).build();
            Pipeline p = Pipeline.builder().use(m).run(text("x"));
            assertEquals("Pipeline.builder()\n    .use(AccessLog.builder(LogSink.of(System.err)).format(LogFormat.JSON).build())\n    .run(Text)",
                    p.toString());
        }

        @Test
        void rejectsMissingParts() {
            assertThrows(NullPointerException.class, () -> AccessLog.builder(sink).format(null).clock(CLOCK).build());
            assertThrows(NullPointerException.class, () -> AccessLog.of(null));
        }
    }
}

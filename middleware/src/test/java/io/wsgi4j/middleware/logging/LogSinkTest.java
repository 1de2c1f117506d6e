// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.testing.TestClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LogSinkTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T00:58:24Z"), ZoneOffset.UTC);

    private static Application text(String body) {
        return Application.named("Text", (environ, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            return Body.of(body);
        });
    }

    @Test
    void writesWholeLinesFromManyThreads() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Application app = AccessLog.of(LogSink.of(out)).wrap(text("hi"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String path = "/r" + i;
                done.add(pool.submit(() -> TestClient.of(app).get(path).send()));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        String[] written = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(200, written.length);
        for (String line : written) {
            assertTrue(line.matches("127\\.0\\.0\\.1 - - \\[[^]]+] \"GET /r\\d+ HTTP/1\\.1\" 200 2"), line);
        }
    }

    @Test
    void writesToAWriter() {
        StringWriter w = new StringWriter();
        TestClient.of(AccessLog.builder(LogSink.of(w)).format(LogFormat.COMMON).clock(CLOCK).build().wrap(text("x"))).get("/").send();
        assertTrue(w.toString().endsWith("\" 200 1\n"), w.toString());
    }

    @Test
    void writesToASystemLogger() {
        List<String> records = new ArrayList<>();
        System.Logger logger = new System.Logger() {
            @Override
            public String getName() {
                return "access";
            }

            @Override
            public boolean isLoggable(Level level) {
                return true;
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
                records.add(level + " " + msg);
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String format, Object... params) {
                records.add(level + " " + format);
            }
        };
        TestClient.of(AccessLog.builder(LogSink.of(logger)).format(LogFormat.COMMON).clock(CLOCK).build().wrap(text("x"))).get("/").send();
        assertEquals(1, records.size());
        assertTrue(records.get(0).startsWith("INFO 127.0.0.1 - - ["), records.get(0));
    }

    @Test
    void turnsAFailingStreamIntoAnUncheckedException() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        };
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> LogSink.of(broken).write("x"));
        assertEquals("disk full", e.getCause().getMessage());
    }

    @Test
    void printsWhereItWrites() {
        assertEquals("LogSink.of(System.out)", LogSink.of(System.out).toString());
        assertEquals("LogSink.of(StringWriter)", LogSink.of(new StringWriter()).toString());
        assertEquals("LogSink.of(System.getLogger(\"access\"), INFO)",
                LogSink.of(System.getLogger("access")).toString());
    }

    /** A line with non-ASCII characters leaves the stream sink as UTF-8, with its line break. */
    @Test
    void encodesNonAsciiLinesAsUtf8() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        LogSink sink = LogSink.of(out);
        sink.write("plain");
        sink.write(new StringBuilder("caf\u00e9 \ud83d\ude00"));
        sink.write("x".repeat(3000)); // longer than the sink's buffer
        assertEquals("plain\ncaf\u00e9 \ud83d\ude00\n" + "x".repeat(3000) + "\n", out.toString(StandardCharsets.UTF_8));
    }

    /** The writer sink copies a builder's line as it is at the call, so the caller may reuse the builder. */
    @Test
    void writesABuilderLineToAWriter() {
        StringWriter w = new StringWriter();
        LogSink sink = LogSink.of(w);
        StringBuilder b = new StringBuilder("first");
        sink.write(b);
        b.setLength(0);
        sink.write(b.append("second"));
        sink.write("y".repeat(1000));
        assertEquals("first\nsecond\n" + "y".repeat(1000) + "\n", w.toString());
    }

    /** A sink written as a lambda gets builder lines as Strings, through the default method. */
    @Test
    void givesALambdaSinkAString() {
        List<String> got = new ArrayList<>();
        LogSink sink = got::add;
        sink.write(new StringBuilder("line"));
        assertEquals(List.of("line"), got);
    }
}

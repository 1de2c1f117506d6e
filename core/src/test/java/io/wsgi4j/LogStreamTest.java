// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** wsgi.errors onto a System.Logger: one record per line, lines of concurrent threads kept whole. */
class LogStreamTest {
    /** A logger that keeps what it is given. */
    static final class Recording implements System.Logger {
        final List<String> records = Collections.synchronizedList(new ArrayList<>());
        final List<Level> levels = Collections.synchronizedList(new ArrayList<>());
        Level threshold = Level.ALL;

        @Override
        public String getName() {
            return "recording";
        }

        @Override
        public boolean isLoggable(Level level) {
            return level.getSeverity() >= threshold.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            levels.add(level);
            records.add(msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            levels.add(level);
            records.add(format);
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            log(level, (ResourceBundle) null, msgSupplier.get(), (Throwable) null);
        }
    }

    @Test
    void logsEachLineAsOneRecordAtTheLevelGiven() {
        Recording logger = new Recording();
        LogStream out = LogStream.to(logger, System.Logger.Level.WARNING);
        out.println("first");
        out.print("sec");
        out.print("ond\r\nthird\n");
        assertEquals(List.of("first", "second", "third"), logger.records);
        assertEquals(List.of(System.Logger.Level.WARNING, System.Logger.Level.WARNING, System.Logger.Level.WARNING),
                logger.levels);
    }

    @Test
    void flushLogsAPartialLineAndAnEmptyFlushLogsNothing() {
        Recording logger = new Recording();
        LogStream out = LogStream.to(logger, System.Logger.Level.INFO);
        out.flush();
        out.print("no newline yet");
        assertEquals(List.of(), logger.records);
        out.flush();
        assertEquals(List.of("no newline yet"), logger.records);
    }

    @Test
    void aStackTraceIsOneRecordPerLine() {
        Recording logger = new Recording();
        LogStream out = LogStream.to(logger, System.Logger.Level.ERROR);
        new IllegalStateException("boom").printStackTrace(out);
        assertEquals("java.lang.IllegalStateException: boom", logger.records.get(0));
        assertTrue(logger.records.get(1).startsWith("\tat io.wsgi4j.LogStreamTest."), logger.records.get(1));
    }

    @Test
    void keepsTheLinesOfConcurrentThreadsWhole() throws InterruptedException {
        Recording logger = new Recording();
        LogStream out = LogStream.to(logger, System.Logger.Level.INFO);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            String name = "t" + t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    // a line in three writes, so another thread's bytes could land between them
                    out.print(name);
                    out.print(":");
                    out.print(i + "\n");
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(8 * 200, logger.records.size());
        for (String r : logger.records) {
            assertTrue(r.matches("t[0-7]:\\d+"), r);
        }
    }

    @Test
    void skipsTheWorkWhenTheLevelIsOff() {
        Recording logger = new Recording();
        logger.threshold = System.Logger.Level.ERROR;
        LogStream.to(logger, System.Logger.Level.INFO).println("quiet");
        assertEquals(List.of(), logger.records);
    }

    @Test
    void closingItOnlyFlushesSinceItIsShared() {
        Recording logger = new Recording();
        LogStream out = LogStream.to(logger, System.Logger.Level.INFO);
        out.print("partial");
        out.close();
        out.println("after close");
        assertEquals(List.of("partial", "after close"), logger.records);
        assertFalse(out.checkError());
    }

    @Test
    void isTheDefaultWsgiErrors() {
        assertSame(LogStream.wsgiErrors(), new Environ().errors());
        assertEquals("io.wsgi4j.errors", LogStream.WSGI_ERRORS_LOGGER);
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.testing.TestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a failing request observer is reported: it must not flood the log when it fails on every request. */
class ObserverFailureReportTest {
    private static final Application HELLO = (env, sr) -> {
        sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
        return Body.of("hello");
    };

    // held here: java.util.logging keeps its loggers weakly
    private final Logger log = Logger.getLogger("io.wsgi4j.handler.Observation");
    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (logged) {
                logged.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private boolean parentHandlers;

    @BeforeEach
    void capture() {
        parentHandlers = log.getUseParentHandlers();
        log.setUseParentHandlers(false); // a hundred stack traces in the build output would hide the result
        log.addHandler(capture);
    }

    @AfterEach
    void release() {
        log.removeHandler(capture);
        log.setUseParentHandlers(parentHandlers);
    }

    /**
     * A metrics backend that refuses every measurement (a registry that holds the meter name with other tags)
     * fails on every request: logging each would put a stack trace per request into the log, every request
     * thread queueing on the logger. The first failure is logged with its trace, then the 2nd, 4th, 8th...
     */
    @Test
    void anObserverFailingOnEveryRequestIsReportedAtTheFirstFailureThenAtPowersOfTwo() {
        TestClient client = TestClient.of(HELLO).observer(r -> {
            throw new IllegalArgumentException("the registry already has http.server.requests with other tag keys");
        });
        for (int i = 0; i < 100; i++) {
            client.get("/" + i).send().assertStatus(200);
        }
        List<String> messages = logged.stream().map(LogRecord::getMessage).toList();
        assertEquals(7, messages.size(), () -> String.join("\n", messages)); // 1, 2, 4, 8, 16, 32, 64
        assertNotNull(logged.get(0).getThrown(), "the first failure is logged with its stack trace");
        assertTrue(messages.get(0).contains("path=/0,"), messages.get(0));
        assertTrue(messages.get(6).contains("path=/63,") && messages.get(6).contains("64 failures"), messages.get(6));
    }

    /** Each observer is counted on its own: another one's storm does not silence its first failure. */
    @Test
    void eachObserversFirstFailureIsReported() {
        RequestObserver failing = r -> {
            throw new IllegalStateException("down");
        };
        TestClient client = TestClient.of(HELLO).observer(failing);
        for (int i = 0; i < 3; i++) {
            client.get("/a").send();
        }
        TestClient.of(HELLO).observer(r -> {
            throw new IllegalStateException("also down");
        }).get("/b").send();
        assertEquals(3, logged.size(), logged.stream().map(LogRecord::getMessage).toList()::toString);
        assertTrue(logged.get(2).getMessage().contains("path=/b,"), logged.get(2).getMessage());
    }
}

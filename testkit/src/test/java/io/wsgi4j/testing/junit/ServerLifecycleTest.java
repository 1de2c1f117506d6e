// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** The server an HTTP {@code @WsgiTest} class gets is closed by JUnit after the class, without a warning. */
class ServerLifecycleTest {
    /** Run by the launcher below, not by the build (a nested class; Surefire skips those). */
    @WsgiTest(app = "io.wsgi4j.testing.PagesApp::APP", transport = WsgiTest.Transport.HTTP)
    static class OverHttp {
        static volatile URI seen;

        @Test
        void usesTheServer(URI base) {
            seen = base;
        }
    }

    @Test
    void theServerIsClosedAfterItsClassAndJUnitLogsNoWarning() {
        Logger junit = Logger.getLogger("org.junit");
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(String.valueOf(r.getMessage()));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        junit.addHandler(capture);
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        try {
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(OverHttp.class)).build(), summary);
        } finally {
            junit.removeHandler(capture);
        }
        assertEquals(1, summary.getSummary().getTestsSucceededCount(), () -> summary.getSummary().getFailures().toString());
        // before: "Type implements CloseableResource but not AutoCloseable: ...WsgiExtension$RunningServer"
        assertEquals(List.of(), warnings);
        URI base = OverHttp.seen;
        assertNotNull(base);
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket(base.getHost(), base.getPort())) {
                s.getInputStream();
            }
        }, "the server still listens after its class");
    }
}

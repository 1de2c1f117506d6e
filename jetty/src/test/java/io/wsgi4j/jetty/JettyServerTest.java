// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import io.wsgi4j.observe.RequestRecord;
import io.wsgi4j.testing.contract.ContractResponse;
import io.wsgi4j.testing.contract.HttpWire;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JettyServerTest {

    /** Answers whether the request ran on a virtual thread (Thread.isVirtual is Java 21 API, so by reflection). */
    private static final Application WHICH_THREAD = (environ, startResponse) -> {
        Thread t = Thread.currentThread();
        boolean virtual;
        try {
            virtual = (Boolean) Thread.class.getMethod("isVirtual").invoke(t);
        } catch (NoSuchMethodException java17) {
            virtual = false;
        }
        startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
        return Body.of("virtual=" + virtual + "\n");
    };

    private static String get(JettyServer server, String target) throws Exception {
        ContractResponse r = new HttpWire("127.0.0.1", server.port()).send("GET", target, Map.of(), null);
        assertEquals(200, r.status(), r::text);
        return r.text();
    }

    @Test
    void requestsRunOnVirtualThreadsWhenTheJvmHasThemAndOnPoolThreadsOtherwise() throws Exception {
        boolean jvmHasThem = Runtime.version().feature() >= 21;
        try (JettyServer server = JettyServer.builder(WHICH_THREAD).host("127.0.0.1").port(0).start()) {
            assertEquals("virtual=" + jvmHasThem + "\n", get(server, "/"));
        }
        try (JettyServer server = JettyServer.builder(WHICH_THREAD).host("127.0.0.1").port(0)
                .virtualThreads(false).start()) {
            assertEquals("virtual=false\n", get(server, "/"), "virtualThreads(false) keeps Jetty's pool threads");
        }
    }

    @Test
    void anObserverIsToldOfEveryRequestTheApplicationFinishes() throws Exception {
        BlockingQueue<RequestRecord> observed = new LinkedBlockingQueue<>();
        try (JettyServer server = JettyServer.builder(WHICH_THREAD).host("127.0.0.1").port(0)
                .observer(observed::add).start()) {
            String body = get(server, "/a/b?q=1");
            RequestRecord r = observed.poll(30, TimeUnit.SECONDS); // told before the response ends: no wait
            assertEquals("jetty GET /a/b 200 out=" + body.length() + " aborted=false", r == null ? "nothing observed"
                    : r.transport() + " " + r.method() + " " + r.path() + " " + r.status() + " out=" + r.bytesOut()
                            + " aborted=" + r.aborted());
            assertEquals(null, observed.poll(), "one record per request");
        }
    }

    @Test
    void toStringNamesTheConnectorsAndTheApplication() {
        try (JettyServer server = JettyServer.builder(WHICH_THREAD).host("127.0.0.1").port(0).http2Cleartext()
                .start()) {
            String s = server.toString();
            assertTrue(s.startsWith("JettyServer[[http/1.1, h2c]:" + server.port() + "] -> WsgiHandler("), s);
        }
    }

    @Test
    void badSettingsAreRejectedWithTheFix() {
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> JettyServer.builder(WHICH_THREAD).port(70000));
        assertEquals("port must be 0-65535 (0 for an ephemeral port), not 70000", port.getMessage());
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> JettyServer.builder(WHICH_THREAD).noPlainConnector().build());
        assertTrue(none.getMessage().contains("no connector"), none.getMessage());
        assertThrows(NullPointerException.class, () -> JettyServer.builder(null));
    }

    @Test
    void aPortInUseFailsTheStartWithJettysReason() {
        try (JettyServer first = JettyServer.builder(WHICH_THREAD).host("127.0.0.1").port(0).start()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> JettyServer.builder(WHICH_THREAD).host("127.0.0.1").port(first.port()).start());
            assertTrue(e.getMessage().startsWith("Jetty could not start"), e.getMessage());
            // the address, the reason (Jetty's own message says only "Failed to bind") and what to change
            assertTrue(e.getMessage().contains("127.0.0.1:" + first.port()), e.getMessage());
            assertTrue(e.getMessage().contains("Address already in use"), e.getMessage());
            assertTrue(e.getMessage().endsWith("; pick another port or 0 for a free one"), e.getMessage());
        }
    }
}

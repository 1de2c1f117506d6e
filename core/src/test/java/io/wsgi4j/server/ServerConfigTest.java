// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
    @Test
    void hasTheDocumentedDefaults() {
        ServerConfig c = ServerConfig.defaults();
        assertEquals(8192, c.maxRequestLineBytes());
        assertEquals(16384, c.maxHeaderBytes());
        assertEquals(100, c.maxHeaderCount());
        assertEquals(16L << 20, c.maxBodyBytes());
        assertEquals(64L << 10, c.maxDrainBytes());
        assertEquals(Duration.ofSeconds(20), c.headerTimeout());
        assertEquals(Duration.ofSeconds(60), c.idleTimeout());
        assertEquals(Duration.ofSeconds(30), c.bodyTimeout());
        assertEquals(100_000, c.maxRequestsPerConnection());
        assertSame(ThreadMode.AUTO, c.threadMode());
        assertEquals(1024, c.workers());
        assertEquals(Duration.ofSeconds(10), c.shutdownGrace());
        assertEquals(false, c.debug());
        assertEquals(false, c.quiet());
    }

    @Test
    void copiesThroughToBuilderWithoutChangingTheOriginal() {
        ServerConfig a = ServerConfig.builder().maxBodyBytes(5).debug(true).build();
        ServerConfig b = a.toBuilder().maxBodyBytes(6).build();
        assertEquals(5, a.maxBodyBytes());
        assertEquals(6, b.maxBodyBytes());
        assertTrue(b.debug());
    }

    @Test
    void rejectsValuesOutOfRangeNamingTheSettingAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.builder().maxRequestLineBytes(3));
        assertEquals("maxRequestLineBytes must be between 16 and 1048576, got 3", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.builder().maxBodyBytes(-1));
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.builder().workers(0));
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.builder().idleTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.builder().shutdownGrace(Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> ServerConfig.builder().threadMode(null));
    }

    @Test
    void refusesTimeoutsAndGraceLongerThanADayNamingTheSetting() {
        Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
        ServerConfig.Builder b = ServerConfig.builder();
        assertEquals("idleTimeout must be at most 24 hours (PT24H), got " + huge,
                assertThrows(IllegalArgumentException.class, () -> b.idleTimeout(huge)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.headerTimeout(huge)).getMessage()
                .startsWith("headerTimeout must be at most 24 hours"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.bodyTimeout(huge)).getMessage()
                .startsWith("bodyTimeout must be at most 24 hours"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.shutdownGrace(huge)).getMessage()
                .startsWith("shutdownGrace must be at most 24 hours"));
        assertThrows(IllegalArgumentException.class, () -> b.idleTimeout(Duration.ofHours(24).plusNanos(1)));
    }

    @Test
    void aServerWithTheLongestTimeoutsAndGraceStartsAndCloses() {
        Duration day = Duration.ofHours(24);
        ServerConfig config = ServerConfig.builder().headerTimeout(day).idleTimeout(day).bodyTimeout(day)
                .shutdownGrace(day).quiet(true).build();
        HttpServer server = HttpServer.make("127.0.0.1", 0, (env, sr) -> io.wsgi4j.Body.empty(), config).start();
        server.close(); // nothing in flight: returns without waiting out the grace
        assertEquals(day, config.shutdownGrace());
    }

    @Test
    void printsEverySetting() {
        String s = ServerConfig.builder().workers(7).build().toString();
        assertTrue(s.startsWith("ServerConfig{maxRequestLineBytes=8192,"), s);
        assertTrue(s.contains("workers=7"), s);
    }
}

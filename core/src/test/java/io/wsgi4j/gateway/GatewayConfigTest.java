// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.server.ServerConfig;
import io.wsgi4j.server.ThreadMode;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayConfigTest {
    @Test
    void buildsFromTheDefaultsAndCopiesThroughToBuilder() {
        GatewayConfig base = GatewayConfig.builder().allowedPeers(List.of()).build();
        GatewayConfig changed = base.toBuilder().maxBodyBytes(10).idleTimeout(Duration.ofSeconds(5)).build();
        assertEquals(10, changed.maxBodyBytes());
        assertEquals(Duration.ofSeconds(5), changed.idleTimeout());
        assertEquals(1L << 30, base.maxBodyBytes(), "the original is unchanged");
        assertEquals(base.maxParamsBytes(), changed.maxParamsBytes());
        assertEquals(base, base.toBuilder().build());
        assertNotEquals(base, changed);
    }

    @Test
    void hasTheDocumentedDefaults() {
        GatewayConfig d = GatewayConfig.defaults();
        assertEquals(256 * 1024, d.maxParamsBytes());
        assertEquals(256, d.maxParamsRecords());
        assertEquals(Duration.ofSeconds(20), d.headerTimeout());
        assertEquals(Duration.ofSeconds(60), d.idleTimeout());
        assertEquals(Duration.ofSeconds(30), d.bodyTimeout());
        assertEquals(1024, d.maxConnections());
        assertEquals(64, d.maxMultiplexedRequests());
        assertEquals(ThreadMode.AUTO, d.threadMode());
        assertEquals(Math.max(16, 8 * Runtime.getRuntime().availableProcessors()), d.workers());
        assertEquals(Duration.ofSeconds(30), d.shutdownGrace());
        assertEquals(null, d.readinessPath());
    }

    @Test
    @SuppressWarnings("deprecation")
    void keepsThe01WithCopiesAsDelegatesOfTheBuilder() {
        GatewayConfig base = GatewayConfig.builder().allowedPeers(List.of()).build();
        assertEquals(base.toBuilder().maxParamsBytes(64).maxParamsRecords(3).maxBodyBytes(5).maxConnections(7)
                        .maxMultiplexedRequests(2).allowedPeers(List.of("10.0.0.1")).unixSocketPermissions("rw-------")
                        .workers(4).build(),
                base.withMaxParamsBytes(64).withMaxParamsRecords(3).withMaxBodyBytes(5).withMaxConnections(7)
                        .withMaxRequestsPerConnection(2).withAllowedPeers(List.of("10.0.0.1"))
                        .withUnixSocketPermissions("rw-------").withWorkers(4));
        assertEquals(2, base.withMaxRequestsPerConnection(2).maxRequestsPerConnection());
        // 0.1 took any count; more than the 16-bit request ids means all of them
        assertEquals(65535, base.withMaxRequestsPerConnection(100_000).maxMultiplexedRequests());
    }

    @Test
    void parsesTheFastCgiPeerList() {
        assertEquals(List.of("127.0.0.1", "10.0.0.2"), GatewayConfig.parsePeers(" 127.0.0.1, 10.0.0.2 ,"));
        assertEquals(List.of(), GatewayConfig.parsePeers(null));
    }

    @ParameterizedTest(name = "{0}({1}) is refused")
    @CsvSource(delimiter = '|', textBlock = """
        maxParamsBytes         | 0       | maxParamsBytes must be between 1 and 67108864, got 0
        maxParamsRecords       | 0       | maxParamsRecords must be between 1 and 1000000, got 0
        maxBodyBytes           | -1      | maxBodyBytes must be between 0 and 9223372036854775807, got -1
        maxConnections         | 0       | maxConnections must be between 1 and 1000000, got 0
        maxMultiplexedRequests | 65536   | maxMultiplexedRequests must be between 1 and 65535, got 65536
        workers                | 0       | workers must be between 1 and 100000, got 0
        headerTimeout          | 0       | headerTimeout must be positive, got PT0S
        idleTimeout            | -1      | idleTimeout must be positive, got PT-1S
        bodyTimeout            | 0       | bodyTimeout must be positive, got PT0S
        shutdownGrace          | -1      | shutdownGrace must not be negative, got PT-1S
        headerTimeout          | 86401   | headerTimeout must be at most 24 hours (PT24H), got PT24H1S
        idleTimeout            | 9223372036854775807 | idleTimeout must be at most 24 hours (PT24H), got PT2562047788015215H30M7S
        bodyTimeout            | 86401   | bodyTimeout must be at most 24 hours (PT24H), got PT24H1S
        shutdownGrace          | 9223372036854775807 | shutdownGrace must be at most 24 hours (PT24H), got PT2562047788015215H30M7S
        """)
    void refusesBadValuesNamingTheLimitTheRangeAndTheValue(String limit, long value, String message) {
        GatewayConfig.Builder b = GatewayConfig.builder();
        Consumer<GatewayConfig.Builder> set = switch (limit) {
            case "maxParamsBytes" -> x -> x.maxParamsBytes((int) value);
            case "maxParamsRecords" -> x -> x.maxParamsRecords((int) value);
            case "maxBodyBytes" -> x -> x.maxBodyBytes(value);
            case "maxConnections" -> x -> x.maxConnections((int) value);
            case "maxMultiplexedRequests" -> x -> x.maxMultiplexedRequests((int) value);
            case "workers" -> x -> x.workers((int) value);
            case "headerTimeout" -> x -> x.headerTimeout(Duration.ofSeconds(value));
            case "idleTimeout" -> x -> x.idleTimeout(Duration.ofSeconds(value));
            case "bodyTimeout" -> x -> x.bodyTimeout(Duration.ofSeconds(value));
            case "shutdownGrace" -> x -> x.shutdownGrace(Duration.ofSeconds(value));
            default -> throw new AssertionError(limit);
        };
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> set.accept(b)).getMessage());
    }

    /** As every other setter: a null says which setting it was given to (it was the JDK's message about "coll"). */
    @Test
    void refusesNullAllowedPeersNamingTheSetting() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> GatewayConfig.builder().allowedPeers(null));
        assertTrue(e.getMessage().contains("allowedPeers"), e.getMessage());
        List<String> withNull = new java.util.ArrayList<>(java.util.Arrays.asList("127.0.0.1", null));
        e = assertThrows(NullPointerException.class, () -> GatewayConfig.builder().allowedPeers(withNull));
        assertTrue(String.valueOf(e.getMessage()).contains("allowedPeers"), e.getMessage());
    }

    @Test
    void refusesUnixSocketPermissionsThatAreNotInLsForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GatewayConfig.builder().unixSocketPermissions("660"));
        assertTrue(e.getMessage().startsWith("unixSocketPermissions must look like \"rw-rw----\""), e.getMessage());
        assertTrue(e.getMessage().endsWith("got \"660\""), e.getMessage());
    }

    @Test
    void namesASharedLimitAsTheServerConfigDoesWithTheSameMessage() {
        String server = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.builder().maxConnections(0)).getMessage();
        String gateway = assertThrows(IllegalArgumentException.class,
                () -> GatewayConfig.builder().maxConnections(0)).getMessage();
        assertEquals(server, gateway);
    }

    @Test
    void printsInTheServerConfigsFormat() {
        String text = GatewayConfig.builder().allowedPeers(List.of()).maxBodyBytes(5).readinessPath("/ready").build()
                .toString();
        assertTrue(text.startsWith("GatewayConfig{maxParamsBytes=262144, maxParamsRecords=256, maxBodyBytes=5, "
                + "headerTimeout=PT20S, idleTimeout=PT1M, bodyTimeout=PT30S, minBodyRate=500, maxConnections=1024, "
                + "maxMultiplexedRequests=64, threadMode=AUTO, workers="), text);
        assertTrue(text.endsWith(", shutdownGrace=PT30S, allowedPeers=[], readinessPath=/ready}"), text);
    }
}

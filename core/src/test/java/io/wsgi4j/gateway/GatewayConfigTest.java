// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {
    @Test
    void changesOneSettingPerCopy() {
        GatewayConfig base = GatewayConfig.defaults().withAllowedPeers(List.of());
        GatewayConfig changed = base.withMaxBodyBytes(10);
        assertEquals(10, changed.maxBodyBytes());
        assertEquals(1L << 30, base.maxBodyBytes());
        assertEquals(base.maxParamsBytes(), changed.maxParamsBytes());
    }

    @Test
    void parsesTheFastCgiPeerList() {
        assertEquals(List.of("127.0.0.1", "10.0.0.2"), GatewayConfig.parsePeers(" 127.0.0.1, 10.0.0.2 ,"));
        assertEquals(List.of(), GatewayConfig.parsePeers(null));
    }

    @Test
    void rejectsBadValuesWithTheValueInTheMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GatewayConfig.defaults().withMaxConnections(0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.defaults().withUnixSocketPermissions("660"));
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.defaults().withMaxBodyBytes(-1));
    }

    @Test
    void printsAsTheCodeThatBuildsIt() {
        String text = GatewayConfig.defaults().withMaxBodyBytes(5).toString();
        assertTrue(text.startsWith("GatewayConfig.defaults()"), text);
        assertTrue(text.contains(".withMaxBodyBytes(5)"), text);
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayAddressTest {
    @ParameterizedTest
    @CsvSource({
        // text,              kind,      host,       port
        "127.0.0.1:9000,      TCP,       127.0.0.1,  9000",
        ":9000,               TCP,       '',         9000",
        "[::1]:9000,          TCP,       ::1,        9000",
        "localhost:0,         TCP,       localhost,  0",
    })
    void parsesTcpAddresses(String text, GatewayAddress.Kind kind, String host, int port) {
        GatewayAddress a = GatewayAddress.parse(text);
        assertEquals(kind, a.kind());
        assertEquals(host, a.host());
        assertEquals(port, a.port());
        assertEquals(text, a.toString());
    }

    @Test
    void parsesUnixSocketsAndInherited() {
        assertEquals(GatewayAddress.unix(Path.of("/run/app.sock")), GatewayAddress.parse("unix:/run/app.sock"));
        assertEquals(GatewayAddress.Kind.INHERITED, GatewayAddress.parse("inherited").kind());
        assertEquals("unix:/run/app.sock", GatewayAddress.parse("unix:/run/app.sock").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "9000", "host:", "host:port", "::1:9000", "unix:", "host:70000", "inherit"})
    void rejectsEverythingElseNamingTheForms(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GatewayAddress.parse(text));
        assertEquals(true, e.getMessage().contains("HOST:PORT") || e.getMessage().contains("port"), e.getMessage());
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FastCgiParamsTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 127, 128, 255, 70_000})
    void roundTripsNamesAndValuesOfEveryLengthClass(int length) throws GatewayProtocolException {
        Map<String, String> pairs = new LinkedHashMap<>();
        pairs.put("N".repeat(Math.max(1, length)), "v".repeat(length));
        pairs.put("REQUEST_METHOD", "GET");
        byte[] b = FastCgiParams.encode(pairs);
        assertEquals(pairs, FastCgiParams.decode(b, b.length));
    }

    @Test
    void usesOneByteBelow128AndFourBytesWithTheTopBitFrom128() {
        byte[] small = FastCgiParams.encode(Map.of("A", "x".repeat(127)));
        assertEquals(127, small[1]);
        byte[] large = FastCgiParams.encode(Map.of("A", "x".repeat(128)));
        assertEquals(0x80, large[1] & 0xff);
        assertEquals(128, large[4] & 0xff);
    }

    @Test
    void acceptsAFourByteLengthForAShortValue() throws GatewayProtocolException {
        byte[] b = {1, (byte) 0x80, 0, 0, 2, 'A', 'o', 'k'};
        assertEquals(Map.of("A", "ok"), FastCgiParams.decode(b, b.length));
    }

    @Test
    void skipsNamesInTheGatewaysOwnNamespaces() throws GatewayProtocolException {
        byte[] b = FastCgiParams.encode(new java.util.LinkedHashMap<>(Map.of("wsgi4j.not_mine", "x",
                "wsgi.run_once", "1", "wsgix.y", "kept", "REQUEST_METHOD", "GET")));
        assertEquals(Map.of("wsgix.y", "kept", "REQUEST_METHOD", "GET"), FastCgiParams.decode(b, b.length));
    }

    @Test
    void skipsNamesThatAreNeitherCgiNamesNorNamespacedR2_2() throws GatewayProtocolException {
        byte[] b = FastCgiParams.encode(new LinkedHashMap<>(Map.of("proxy-nokeepalive", "1", "http_proxy", "x",
                "myapp.flag", "on", "REQUEST_METHOD", "GET")));
        assertEquals(Map.of("myapp.flag", "on", "REQUEST_METHOD", "GET"), FastCgiParams.decode(b, b.length));
    }

    @Test
    void skipsARequestHeaderWhoseNameHoldsADot() throws GatewayProtocolException {
        byte[] b = FastCgiParams.encode(new LinkedHashMap<>(Map.of("HTTP_X.Y", "dotted", "REQUEST_METHOD", "GET")));
        assertEquals(Map.of("REQUEST_METHOD", "GET"), FastCgiParams.decode(b, b.length));
    }

    @Test
    void keepsEveryByteAsIso88591() throws GatewayProtocolException {
        byte[] b = {1, 2, 'H', (byte) 0xc3, (byte) 0xa9};
        assertEquals("\u00c3\u00a9", FastCgiParams.decode(b, b.length).get("H"));
    }

    @Test
    void rejectsALengthThatRunsPastTheEnd() {
        byte[] b = {1, 9, 'A', 'x'};
        assertThrows(GatewayProtocolException.class, () -> FastCgiParams.decode(b, b.length));
    }

    @Test
    void rejectsATruncatedFourByteLength() {
        byte[] b = {(byte) 0x80, 0};
        assertThrows(GatewayProtocolException.class, () -> FastCgiParams.decode(b, b.length));
    }

    @Test
    void rejectsANameWithoutAValueLength() {
        byte[] b = {1};
        assertThrows(GatewayProtocolException.class, () -> FastCgiParams.decode(b, b.length));
    }

    @Test
    void keepsRequestHeaderValuesToR2_12() throws GatewayProtocolException {
        // a peer that is not a stock web server can send what no HTTP request line could carry
        byte[] b = FastCgiParams.encode(new LinkedHashMap<>(Map.of("HTTP_X_A", " a\r\nX-Injected: 1\0 ",
                "SERVER_SOFTWARE", " kept as sent ")));
        Map<String, String> decoded = FastCgiParams.decode(b, b.length);
        assertEquals("a  X-Injected: 1", decoded.get("HTTP_X_A"));
        assertEquals(" kept as sent ", decoded.get("SERVER_SOFTWARE"));
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForwardedValuesTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1.2.3.4              | true",
        "255.255.255.255      | true",
        "256.1.1.1            | false",
        "1.2.3                | false",
        "01.2.3.4             | true",
        "1.2.3.4.5            | false",
        "::1                  | true",
        "2001:db8::1          | true",
        "::ffff:1.2.3.4       | true",
        "2001:db8:0:0:0:0:0:0:1 | false",
        "localhost            | false",
        "1.2.3.4:80           | false",
        "fe80::1%eth0         | false",
        "::::::               | false",
        "1.2.3.4:80:90        | false",
        "1:2:3:4:5:6:7:8:9    | false",
        "1::2::3              | false",
        "'١.٢.٣.٤'      | false",
    })
    void recognisesIpLiteralsOnly(String value, boolean ip) {
        assertEquals(ip, ForwardedValues.isIp(value));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "192.0.2.1                | 192.0.2.1",
        "192.0.2.1:8080           | 192.0.2.1",
        "[2001:db8::1]:4711       | 2001:db8::1",
        "[2001:db8::1]            | 2001:db8::1",
        "2001:db8::1              | 2001:db8::1",
        "unknown                  | -",
        "_hidden                  | -",
        "[2001:db8::1             | -",
        "::::::                   | -",
        "1.2.3.4:80:90            | -",
    })
    void readsRfc7239Nodes(String node, String address) {
        assertEquals(address, ForwardedValues.nodeAddress(node));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "example.com        | example.com",
        "example.com:8443   | example.com:8443",
        "[::1]:8080         | [::1]:8080",
        "[::1]              | [::1]",
        "a_b.com            | -",
        "example.com:       | -",
        "example.com:99999x | -",
        "[zz]               | -",
        ":80                | -",
    })
    void checksHosts(String host, String expected) {
        assertEquals(expected, ForwardedValues.host(host));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "/app         | /app",
        "/app/        | /app",
        "/            | ''",
        "/a%20b       | /a b",
        "/a/%2e%2e    | -",
        "app          | -",
        "/a?x         | -",
        "//evil.com   | -",
        "/%2f%2fevil  | -",
    })
    void checksPrefixes(String prefix, String expected) {
        assertEquals(expected, ForwardedValues.prefix(prefix));
    }

    @ParameterizedTest(name = "[{0}] hops={1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "a, b, c | 1 | c",
        "a, b, c | 3 | a",
        "a, b, c | 4 | -",
        "a,,c    | 2 | -",
    })
    void picksFromTheRight(String list, int hops, String expected) {
        assertEquals(expected, ForwardedValues.fromRight(list, hops));
    }

    @Test
    void readsTheTrustedEntriesOfAListOfAnyLength() {
        // the entries on the left are the client's: how many it sent changes nothing on the right
        assertEquals("2.2.2.2", ForwardedValues.fromRight("1.1.1.1,".repeat(65) + "2.2.2.2", 1));
        assertEquals(Map.of("for", "2.2.2.2"), ForwardedValues.forwardedElement("for=1.1.1.1,".repeat(70) + "for=2.2.2.2", 1));
        assertNull(ForwardedValues.forwardedElement("for=1.1.1.1,".repeat(70), 1));
    }

    @Test
    void readsForwardedElementsFromTheRightPastAClientsOpenQuote() {
        assertEquals(Map.of("for", "2.2.2.2"), ForwardedValues.forwardedElement("for=\", x=\"y, for=2.2.2.2", 1));
        assertEquals(Map.of("for", "[::1]:80", "proto", "https"),
                ForwardedValues.forwardedElement("junk, for=\"[::1]:80\";proto=https, for=3.3.3.3", 2));
        assertNull(ForwardedValues.forwardedElement("for=1.1.1.1", 2));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "for=1.1.1.1;                | 1.1.1.1",
        "';for=1.1.1.1 ; ;proto=http' | 1.1.1.1",
        "for=\"1.1.1\\.1\"          | 1.1.1.1",
        "for=1.1.1.1 x               | -",
        "for x=1.1.1.1               | -",
        "for=\"1.1.1.1\"proto=http   | -",
        "for==1.1.1.1                | -",
        "for=1.1.1.1;proto           | -",
    })
    void parsesOneElementStrictly(String element, String forValue) {
        Map<String, String> e = ForwardedValues.forwardedElement(element, 1);
        assertEquals(forValue, e == null ? null : e.get("for"));
    }

    @Test
    void parsesForwardedElements() {
        assertEquals(Map.of("for", "1.1.1.1", "proto", "https"),
                ForwardedValues.forwardedElement("for=9.9.9.9, For=1.1.1.1; PROTO=\"https\"", 1));
        assertNull(ForwardedValues.forwardedElement("for=1.1.1.1;for=2.2.2.2", 1));
    }
}

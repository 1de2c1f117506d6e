// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.gateway.GatewayAddress;
import io.wsgi4j.server.ThreadMode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OptionsTest {
    @Test
    void hasDefaultsForEverythingButTheApplication() {
        Options o = Options.parse("com.example.Hello::app");
        assertEquals("com.example.Hello::app", o.app());
        assertEquals("0.0.0.0", o.host());
        assertEquals(8000, o.port());
        assertEquals(ThreadMode.AUTO, o.threadMode());
        assertEquals(-1, o.workers());
        assertFalse(o.debug());
        assertFalse(o.demo());
        assertEquals("http", o.transport());
    }

    @Test
    void readsOptionsInBothSpellings() {
        Options o = Options.parse("--host", "127.0.0.1", "--port=9000", "--threads", "32", "--debug", "--demo");
        assertNull(o.app());
        assertTrue(o.demo());
        assertEquals("127.0.0.1", o.host());
        assertEquals(9000, o.port());
        assertEquals(ThreadMode.PLATFORM, o.threadMode());
        assertEquals(32, o.workers());
        assertTrue(o.debug());
    }

    @Test
    void choosesAGatewayTransportWithItsAddress() {
        Options fastcgi = Options.parse("--fastcgi", "127.0.0.1:9000", "a::b");
        assertEquals("fastcgi", fastcgi.transport());
        assertEquals(GatewayAddress.tcp("127.0.0.1", 9000), fastcgi.gatewayAddress());
        assertEquals(GatewayAddress.inherited(), Options.parse("--fastcgi=inherited", "a::b").gatewayAddress());
        Options scgi = Options.parse("--scgi", "unix:/tmp/app.sock", "a::b");
        assertEquals("scgi", scgi.transport());
        assertEquals(GatewayAddress.unix(Path.of("/tmp/app.sock")), scgi.gatewayAddress());
        Options cgi = Options.parse("--cgi", "a::b");
        assertEquals("cgi", cgi.transport());
        assertNull(cgi.gatewayAddress());
    }

    @Test
    void needsNoApplicationForHelp() {
        assertTrue(Options.parse("--help").help());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                          | no application given
            --port                      | --port needs a value
            --port 99999 --demo         | --port must be a number 0..65535, got "99999"
            --port x --demo             | --port must be a number 0..65535, got "x"
            --threads 0 --demo          | --threads must be auto, virtual, platform or a pool size of at least 1, got "0"
            --bogus --demo              | unknown option "--bogus"
            a::b c::d                   | one application expected, got "a::b" and "c::d"
            a::b --demo                 | give an application or --demo, not both
            --fastcgi 1.2.3.4:9 --cgi a::b | one transport expected, got --fastcgi and --cgi
            --scgi inherited a::b       | --scgi takes HOST:PORT or unix:PATH, got "inherited"
            --fastcgi                   | --fastcgi needs a value
            """)
    void explainsWhatIsWrong(String args, String message) {
        String[] argv = args.isEmpty() ? new String[0] : args.split(" ");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Options.parse(argv));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}

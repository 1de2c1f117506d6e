// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway bound from code ({@code FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:9000"), app)},
 * as the README shows) that cannot listen says where and what to change, as {@code HttpServer.make}
 * does: the JDK's own message ("Address already in use", "No such file or directory") names neither
 * the address nor the path.
 */
class GatewayBindFailureTest {
    private static final Application APP = (environ, startResponse) -> Body.empty();

    @Test
    void aTakenPortIsNamedWithTheAdvice() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            GatewayAddress address = GatewayAddress.tcp("127.0.0.1", taken.getLocalPort());
            BindException e = assertThrows(BindException.class, () -> FastCgiServer.bind(address, APP));
            assertEquals("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": Address already in use;"
                    + " stop the process that listens there or choose another port", e.getMessage());
        }
    }

    @Test
    void aSocketInAMissingDirectoryNamesThePath(@TempDir Path tmp) {
        Path socket = tmp.resolve("no-such-dir").resolve("app.sock");
        IOException e = assertThrows(IOException.class, () -> ScgiServer.bind(GatewayAddress.unix(socket), APP));
        assertEquals("cannot listen on unix:" + socket + ": No such file or directory", e.getMessage());
    }

    @Test
    void aFileInTheWayNamesThePath(@TempDir Path tmp) throws Exception {
        Path file = Files.createFile(tmp.resolve("app.sock"));
        IOException e = assertThrows(IOException.class, () -> FastCgiServer.bind(GatewayAddress.unix(file), APP));
        assertTrue(e.getMessage().startsWith("cannot listen on unix:" + file + ": a file or directory is in the way"),
                e.getMessage());
    }
}

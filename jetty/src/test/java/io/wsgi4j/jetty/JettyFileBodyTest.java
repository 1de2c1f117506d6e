// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.FileBody;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code FileBody} whose file is shorter than its region, from the start or because it shrank while it was
 * sent (a log rotated, an asset replaced in place): the response is cut short and {@code wsgi.errors} names
 * the file's end, as on the reference server and the gateways.
 */
class JettyFileBodyTest {
    private static final int FILE_BYTES = 16 << 20;

    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    private final CountDownLatch answered = new CountDownLatch(1);

    /** Serves {@code file} whole, as sized when the request came, and keeps the failure it reports. */
    private Application serving(Path file) {
        return (env, sr) -> {
            // the handler reports to the environ's wsgi.errors when it fails, so the test reads it here
            env.put(Environ.WSGI_ERRORS, new PrintStream(errors, true, StandardCharsets.UTF_8));
            FileChannel channel = FileChannel.open(file);
            sr.start(Status.OK, Headers.of("Content-Type", "application/octet-stream"));
            return new FileBody(channel, 0, FILE_BYTES, FileBody.DEFAULT_BLOCK_SIZE).withCloseHook(answered::countDown);
        };
    }

    private String reported() throws InterruptedException {
        assertTrue(answered.await(30, TimeUnit.SECONDS), "the file body was closed");
        return errors.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aFileShorterThanItsRegionIsReportedAsEndingEarly(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("short.bin"), new byte[1000]);
        JettyServer server = JettyServer.builder(serving(file)).host("127.0.0.1").port(0).start();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            drain(s.getInputStream());
            String reported = reported();
            assertTrue(reported.contains("file ended at byte 1000"), reported);
        } finally {
            server.stop();
        }
    }

    @Test
    void aFileThatShrinksWhileSentOverTlsIsReportedAsEndingEarlyNotAsAMemoryFault(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("big.bin"), new byte[FILE_BYTES]);
        Path keyStore = TestKeyStore.create(dir);
        JettyServer server = JettyServer.builder(serving(file)).host("127.0.0.1").noPlainConnector()
                .tls(0, keyStore, TestKeyStore.PASSWORD).start();
        try (Socket raw = new Socket()) {
            raw.setReceiveBufferSize(8192); // the server blocks in its write long before the end of the file
            raw.connect(new InetSocketAddress("127.0.0.1", server.tlsPort()), 10_000);
            SSLSocket s = (SSLSocket) TestKeyStore.trusting(keyStore).getSocketFactory().createSocket(raw, "localhost",
                    server.tlsPort(), true);
            s.setSoTimeout(30_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            in.readNBytes(100_000);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(1 << 20);
            }
            drain(in);
            String reported = reported();
            assertFalse(reported.contains("InternalError"), reported);
            assertTrue(reported.contains("file ended at byte"), reported);
        } finally {
            server.stop();
        }
    }

    /** Reads until the server ends the response (it is cut short: a reset or an end of stream). */
    private static void drain(InputStream in) {
        byte[] b = new byte[65536];
        try {
            while (in.read(b) >= 0) {
                // the bytes do not matter, only that the server gets to its failure
            }
        } catch (IOException cutShort) {
            // a reset: the response was aborted, as it must be
        }
    }
}

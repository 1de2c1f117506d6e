// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.contract;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.CloseableBody;
import io.wsgi4j.Environ;
import io.wsgi4j.FileBody;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application of the {@link TransportClauses}: responses that fail after their headers went out,
 * an endless stream that counts how often its body is closed, and a {@link FileBody} region (the
 * body a transport may send with zero copies). It routes on PATH_INFO, so it works mounted under
 * any SCRIPT_NAME.
 *
 * <table>
 * <caption>Routes</caption>
 * <tr><th>request</th><th>response</th></tr>
 * <tr><td>{@code /abort-chunked}</td><td>200 without a length, one chunk {@code first\n}, then an exception</td></tr>
 * <tr><td>{@code /abort-length}</td><td>200 with Content-Length 1000, one chunk {@code 0123456789}, then an
 *     exception</td></tr>
 * <tr><td>{@code /overlong}</td><td>200 with Content-Length 3, then a lazily produced first chunk of 10 bytes
 *     (nothing is on the wire yet, so the transport answers 500, R4.6)</td></tr>
 * <tr><td>{@code /forever}</td><td>200, {@code tick\n} every 20 ms until the body is closed</td></tr>
 * <tr><td>{@code /file?n=N}</td><td>200, Content-Length N, a {@link FileBody} of the region starting at
 *     byte {@value #FILE_OFFSET} of a file whose byte i is {@code i % 251} (N at most 8 MiB)</td></tr>
 * <tr><td>{@code POST /keep-input}</td><td>200 {@code kept\n}: reads 2 bytes of {@code wsgi.input} and keeps the
 *     stream past the response, which R1.2 forbids</td></tr>
 * <tr><td>{@code POST /read-kept-input}</td><td>200, {@code kept: } what a read of that kept stream gave (the bytes,
 *     {@code end of stream}, or the exception), then {@code own: } this request's whole body</td></tr>
 * <tr><td>anything else</td><td>404</td></tr>
 * </table>
 *
 * @since 0.2
 */
public final class TransportProbes implements Application {
    /** Where the {@code /file} region starts in its file, so a transport that ignores the position shows. @since 0.2 */
    public static final int FILE_OFFSET = 7;

    private static final int FILE_SIZE = FILE_OFFSET + (8 << 20);

    private final AtomicInteger foreverClosed = new AtomicInteger();
    private volatile InputStream keptInput;
    private Path file;

    /** Fresh probes with their own counter. @since 0.2 */
    public TransportProbes() {
    }

    /**
     * Checks that {@code body} is what {@code /file?n=N} sends: N bytes, byte i being
     * {@code (i + FILE_OFFSET) % 251}.
     *
     * @throws AssertionError naming the first wrong byte, or the wrong length
     * @since 0.2
     */
    public static void checkFileRegion(byte[] body, int n) {
        if (body.length != n) {
            throw new AssertionError("the file region has " + body.length + " bytes, expected " + n);
        }
        for (int i = 0; i < n; i++) {
            if (body[i] != (byte) ((i + FILE_OFFSET) % 251)) {
                throw new AssertionError("byte " + i + " of the file region is " + body[i] + ", expected "
                        + (i + FILE_OFFSET) % 251);
            }
        }
    }

    /** How many {@code /forever} bodies have been closed so far. @since 0.2 */
    public int foreverClosed() {
        return foreverClosed.get();
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws IOException {
        switch (environ.pathInfo()) {
            case "/abort-chunked":
                startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                return failingAfter("first\n".getBytes(StandardCharsets.US_ASCII));
            case "/abort-length":
                startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain", "Content-Length", "1000"));
                return failingAfter("0123456789".getBytes(StandardCharsets.US_ASCII));
            case "/overlong":
                startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain", "Content-Length", "3"));
                return () -> List.of("0123456789".getBytes(StandardCharsets.US_ASCII)).iterator(); // not a Collection
            case "/file":
                return file(environ, startResponse);
            case "/forever":
                startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                return new Forever();
            case "/keep-input":
                keptInput = environ.input();
                keptInput.readNBytes(2);
                startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                return Body.of("kept\n");
            case "/read-all":
                byte[] body = environ.input().readAllBytes(); // a failed read escapes, as most applications let it
                startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                return Body.of("read " + body.length + "\n");
            case "/read-kept-input":
                String kept = readKept();
                byte[] own = environ.input().readAllBytes();
                startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                return Body.of("kept: " + kept + "\nown: " + new String(own, StandardCharsets.ISO_8859_1) + "\n");
            default:
                startResponse.start(Status.NOT_FOUND, Headers.of("Content-Type", "text/plain"));
                return Body.of("no probe at " + environ.pathInfo() + "\n");
        }
    }

    private Iterable<byte[]> file(Environ environ, StartResponse startResponse) throws IOException {
        String query = environ.queryString();
        long n = query.startsWith("n=") ? Long.parseLong(query.substring(2)) : -1;
        if (n < 0 || n > FILE_SIZE - FILE_OFFSET) {
            startResponse.start(Status.of(400), Headers.of("Content-Type", "text/plain"));
            return Body.of("/file needs n=0.." + (FILE_SIZE - FILE_OFFSET) + ", got " + query + "\n");
        }
        FileChannel channel = FileChannel.open(file(), StandardOpenOption.READ);
        startResponse.start(Status.OK, Headers.of("Content-Type", "application/octet-stream",
                "Content-Length", Long.toString(n)));
        return new FileBody(channel, FILE_OFFSET, n, FileBody.DEFAULT_BLOCK_SIZE);
    }

    private synchronized Path file() throws IOException {
        if (file == null) {
            byte[] bytes = new byte[FILE_SIZE];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (i % 251);
            }
            Path f = Files.createTempFile("wsgi4j-probe", ".bin");
            f.toFile().deleteOnExit();
            Files.write(f, bytes);
            file = f;
        }
        return file;
    }

    /** What reading the input {@code /keep-input} kept gives now, after its response ended. */
    private String readKept() {
        InputStream in = keptInput;
        keptInput = null;
        if (in == null) {
            return "nothing kept";
        }
        try {
            byte[] b = new byte[64];
            int n = in.read(b);
            return n < 0 ? "end of stream" : "the bytes " + new String(b, 0, n, StandardCharsets.ISO_8859_1);
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** A body that yields {@code first} and then fails, lazily, so the first chunk is on the wire by then. */
    private static Iterable<byte[]> failingAfter(byte[] first) {
        return () -> new Iterator<>() {
            private int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public byte[] next() {
                if (n++ == 0) {
                    return first;
                }
                throw new IllegalStateException("the probe fails after its first chunk, on purpose");
            }
        };
    }

    @Override
    public String toString() {
        return "TransportProbes";
    }

    private final class Forever implements CloseableBody {
        @Override
        public Iterator<byte[]> iterator() {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public byte[] next() {
                    try {
                        Thread.sleep(20); // a slow producer, so the client can leave while it runs
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new NoSuchElementException("interrupted");
                    }
                    return "tick\n".getBytes(StandardCharsets.US_ASCII);
                }
            };
        }

        @Override
        public void close() {
            foreverClosed.incrementAndGet();
        }
    }
}

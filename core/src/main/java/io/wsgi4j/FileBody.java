// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A body that is a region of a file: what {@code wsgi.file_wrapper} returns. A server that can send
 * a file with zero copies ({@link FileChannel#transferTo}) calls {@link #transferTo}; any other
 * consumer iterates it in {@code blockSize} chunks. Closing it closes the channel.
 *
 * <pre>{@code
 * FileBody body = FileBody.open(Path.of("report.pdf"));
 * startResponse.start("200 OK", Headers.of("Content-Length", Long.toString(body.count())));
 * return body;
 * }</pre>
 *
 * @since 0.1
 */
public final class FileBody implements CloseableBody {
    /** The default block size for iteration: 64 KiB. @since 0.1 */
    public static final int DEFAULT_BLOCK_SIZE = 64 * 1024;

    private final FileChannel channel;
    private final long position;
    private final long count;
    private final int blockSize;
    private final Runnable closeHook;
    private final Progress progress;
    private boolean closed;

    /**
     * How many of the region's bytes have gone out, shared by a body and the copies
     * {@link #withCloseHook} makes of it (a hook holds an inner copy, the host sends the outer one).
     */
    private static final class Progress {
        volatile long sent;
    }

    /**
     * The region {@code [position, position + count)} of {@code channel}.
     *
     * @throws IllegalArgumentException if position or count is negative or blockSize is not positive
     * @since 0.1
     */
    public FileBody(FileChannel channel, long position, long count, int blockSize) {
        this(channel, position, count, blockSize, null, new Progress());
    }

    private FileBody(FileChannel channel, long position, long count, int blockSize, Runnable closeHook,
            Progress progress) {
        this.closeHook = closeHook;
        this.progress = progress;
        this.channel = Objects.requireNonNull(channel, "channel");
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("file region must have position >= 0 and count >= 0, got position "
                    + position + " count " + count);
        }
        if (blockSize <= 0) {
            throw new IllegalArgumentException("blockSize must be positive, got " + blockSize);
        }
        this.position = position;
        this.count = count;
        this.blockSize = blockSize;
    }

    /**
     * The whole file at {@code path}, opened for reading.
     *
     * @throws IOException if the file cannot be opened
     * @since 0.1
     */
    public static FileBody open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new FileBody(ch, 0, ch.size(), DEFAULT_BLOCK_SIZE);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The channel. @since 0.1 */
    public FileChannel channel() {
        return channel;
    }

    /** Where the region starts. @since 0.1 */
    public long position() {
        return position;
    }

    /** How many bytes the region holds. @since 0.1 */
    public long count() {
        return count;
    }

    /**
     * How many of the region's bytes have gone out so far, at most {@link #count}: counted as
     * {@link #transferTo} and {@link #transferSome} send them and as an iterator takes them (a
     * consumer that reads the file, such as a compressing middleware, takes it whole when it has read
     * it all), and {@code count} once the host has sent the whole region (or found none of it due, as
     * for a HEAD request). Read after the body was closed, less than {@code count} means the response
     * was cut short, for example because the client left: what an access log needs to tell a complete
     * download from a broken one. It is a report, never where sending resumes: every send starts
     * from the region's start.
     *
     * <pre>{@code
     * return file.withCloseHook(() -> log(file.sent(), file.sent() == file.count()));
     * }</pre>
     *
     * @since 0.2
     */
    public long sent() {
        return Math.min(progress.sent, count);
    }

    /**
     * For hosts (servers, gateways, adapters), not applications: says the whole region has been sent,
     * or that none of it was due (a response to HEAD, a status without content), so that
     * {@link #sent} is {@link #count}. A host that sends the channel's bytes itself calls this once
     * it has; one that fails part way does not.
     *
     * @since 0.2
     */
    public void markSent() {
        progress.sent = count;
    }

    /**
     * Sends the region to {@code target} with {@link FileChannel#transferTo}, looping until all of
     * it is sent.
     *
     * @throws IOException if the target fails, or the file is shorter than the region
     * @since 0.1
     */
    public void transferTo(WritableByteChannel target) throws IOException {
        long offset = 0;
        while (offset < count) {
            offset += transferSome(target, offset, count - offset);
        }
    }

    /**
     * Sends up to {@code max} of the region's bytes from {@code offset} (counted from the region's
     * start) to {@code target} with one {@link FileChannel#transferTo} call, and counts them in
     * {@link #sent}: for a host that sends a large file in slices, each under its own time limit.
     *
     * @return how many bytes went out (0 when the target took none)
     * @throws IOException if the target fails, or the file is shorter than the region
     * @throws IllegalArgumentException if offset is outside the region or max is negative
     * @since 0.2
     */
    public long transferSome(WritableByteChannel target, long offset, long max) throws IOException {
        if (offset < 0 || offset > count || max < 0) {
            throw new IllegalArgumentException("offset must be 0 to " + count + " and max 0 or more, got offset "
                    + offset + " max " + max);
        }
        long at = position + offset;
        long n = channel.transferTo(at, Math.min(count - offset, max), target);
        if (n <= 0) {
            if (offset < count && at >= channel.size()) {
                throw new IOException("file ended at byte " + at + " but the region runs to " + (position + count));
            }
            return 0;
        }
        progress.sent += n;
        return n;
    }

    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private long at = position;
            private final long end = position + count;

            @Override
            public boolean hasNext() {
                return at < end;
            }

            @Override
            public byte[] next() {
                if (at >= end) {
                    throw new NoSuchElementException();
                }
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(blockSize, end - at));
                try {
                    while (buf.hasRemaining()) {
                        int n = channel.read(buf, at + buf.position());
                        if (n < 0) {
                            throw new IOException("file ended at byte " + (at + buf.position())
                                    + " but the region runs to " + end);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                at += buf.capacity();
                progress.sent += buf.capacity();
                return buf.array();
            }
        };
    }

    /**
     * The same file region, still a {@code FileBody} (so a server keeps sending it with zero copies),
     * that runs {@code hook} after closing the channel: what an access log or timer wraps a file body
     * with. The result replaces this body; close only the result.
     *
     * <pre>{@code
     * if (body instanceof FileBody file) return file.withCloseHook(() -> log(file.sent()));
     * }</pre>
     *
     * @throws NullPointerException if {@code hook} is null
     * @since 0.1
     */
    public FileBody withCloseHook(Runnable hook) {
        Objects.requireNonNull(hook, "hook");
        Runnable first = closeHook;
        Runnable both = first == null ? hook : () -> {
            try {
                first.run();
            } finally {
                hook.run();
            }
        };
        return new FileBody(channel, position, count, blockSize, both, progress);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (closeHook != null) {
                closeHook.run();
            }
        }
    }

    @Override
    public String toString() {
        return "FileBody[position=" + position + ", count=" + count + "]";
    }
}

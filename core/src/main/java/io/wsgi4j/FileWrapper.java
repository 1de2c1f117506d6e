// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import java.nio.channels.FileChannel;

/**
 * The {@code wsgi.file_wrapper} callable: turns a file region into a body that a server may send
 * with zero copies.
 *
 * <pre>{@code
 * FileChannel ch = FileChannel.open(path);
 * return environ.fileWrapper().wrap(ch, 0, ch.size(), FileBody.DEFAULT_BLOCK_SIZE);
 * }</pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface FileWrapper {

    /** The default wrapper: a {@link FileBody}. @since 0.1 */
    FileWrapper DEFAULT = FileBody::new;

    /**
     * A body for {@code [position, position + count)} of {@code channel}; the body owns the channel
     * and closes it.
     *
     * @since 0.1
     */
    Iterable<byte[]> wrap(FileChannel channel, long position, long count, int blockSize);
}

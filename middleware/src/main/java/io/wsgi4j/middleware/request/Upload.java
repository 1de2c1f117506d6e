// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * One uploaded file from a multipart/form-data body: held in memory when small, in a temporary file
 * past {@link Limits#spoolThreshold()}.
 *
 * <pre>{@code
 * Upload avatar = Forms.parse(environ).file("avatar");
 * if (avatar != null && avatar.size() > 0) {
 *     avatar.transferTo(storeDir.resolve(UUID.randomUUID() + ".png"));
 * }
 * }</pre>
 *
 * <p>The temporary file is deleted when the request ends (see {@link RequestScope}); copy what you
 * keep. {@link #filename()} is whatever the client sent: never use it as a path.
 *
 * @since 0.1
 */
public final class Upload {
    private final String name;
    private final String filename;
    private final String contentType;
    private final long size;
    private final byte[] data;
    private final Path file;

    Upload(String name, String filename, String contentType, long size, byte[] data, Path file) {
        this.name = name;
        this.filename = filename;
        this.contentType = contentType;
        this.size = size;
        this.data = data;
        this.file = file;
    }

    /** The form field name. @since 0.1 */
    public String name() {
        return name;
    }

    /** The client's file name, possibly empty (no file chosen); untrusted. @since 0.1 */
    public String filename() {
        return filename;
    }

    /** The part's Content-Type, {@code application/octet-stream} when the client sent none. @since 0.1 */
    public String contentType() {
        return contentType;
    }

    /** The size in bytes. @since 0.1 */
    public long size() {
        return size;
    }

    /** True when the content is held in memory rather than in a temporary file. @since 0.1 */
    public boolean isInMemory() {
        return file == null;
    }

    /**
     * The content as a new stream.
     *
     * @throws UncheckedIOException if the temporary file cannot be read (for instance, the request ended)
     * @since 0.1
     */
    public InputStream open() {
        if (file == null) {
            return new ByteArrayInputStream(data);
        }
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read upload " + name + " (was the request already over?)", e);
        }
    }

    /**
     * The content as bytes (reads the temporary file if there is one).
     *
     * @throws UncheckedIOException if the temporary file cannot be read
     * @since 0.1
     */
    public byte[] bytes() {
        if (file == null) {
            return data.clone();
        }
        try (InputStream in = open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The content decoded as UTF-8 (bad bytes become U+FFFD). @since 0.1 */
    public String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /**
     * Copies the content to {@code target}.
     *
     * @param options for example {@link java.nio.file.StandardCopyOption#REPLACE_EXISTING}
     * @throws IOException if the copy fails (by default, also when {@code target} exists)
     * @since 0.1
     */
    public void transferTo(Path target, CopyOption... options) throws IOException {
        if (file != null) {
            Files.copy(file, target, options);
            return;
        }
        // Files.copy from a stream accepts only REPLACE_EXISTING
        boolean replace = Arrays.asList(options).contains(StandardCopyOption.REPLACE_EXISTING);
        try (InputStream in = open()) {
            if (replace) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.copy(in, target);
            }
        }
    }

    /** Like {@code Upload[avatar, "me.png", image/png, 1234 bytes, on disk]}. @since 0.1 */
    @Override
    public String toString() {
        return "Upload[" + name + ", " + RequestException.quote(filename) + ", " + contentType + ", " + size
                + " bytes" + (file == null ? "" : ", on disk") + "]";
    }
}

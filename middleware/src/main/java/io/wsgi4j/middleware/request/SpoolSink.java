// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Collects an uploaded file: in memory up to the spool threshold, then in a temporary file (created
 * owner-only by {@link Files#createTempFile}). Answers 413 past the per-file limit. The path is
 * recorded as soon as the file exists, so a failure later still deletes it.
 */
final class SpoolSink implements Multipart.Sink {
    private final PartHeaders part;
    private final Limits limits;
    private final List<Path> tempFiles;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private Path file;
    private OutputStream out;
    private long size;

    SpoolSink(PartHeaders part, Limits limits, List<Path> tempFiles) {
        this.part = part;
        this.limits = limits;
        this.tempFiles = tempFiles;
    }

    @Override
    public void write(byte[] b, int off, int n) {
        if (n > limits.maxFileBytes() - size) {
            throw RequestException.tooLarge("uploaded file " + RequestException.quote(part.name()) + " is larger than "
                    + limits.maxFileBytes() + " bytes");
        }
        size += n;
        try {
            if (out == null && size > limits.spoolThreshold()) {
                Path dir = limits.tempDir() != null ? limits.tempDir() : Path.of(System.getProperty("java.io.tmpdir"));
                file = Files.createTempFile(dir, "wsgi4j-upload-", ".part");
                tempFiles.add(file);
                out = Files.newOutputStream(file);
                memory.writeTo(out);
                memory = null;
            }
            if (out != null) {
                out.write(b, off, n);
            } else {
                memory.write(b, off, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("spooling an upload to a temporary file failed", e);
        }
    }

    void closeFile() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("closing a spooled upload failed", e);
            }
        }
    }

    /** The upload, named by {@code decoded}: this part's headers with the names decoded in the form's charset. */
    Upload upload(PartHeaders decoded) {
        return new Upload(decoded.name(), decoded.filename(), decoded.contentType(), size,
                memory == null ? null : memory.toByteArray(), file);
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Size and count limits for query and form parsing, and how to treat bytes that are not UTF-8.
 *
 * <pre>{@code
 * Limits limits = Limits.DEFAULT.withMaxFileBytes(50 << 20).withMaxFields(200);
 * FormData form = Forms.parse(environ, limits);
 * }</pre>
 *
 * <p>Defaults ({@link #DEFAULT}):
 * <ul>
 *   <li>{@code maxFields} 1000 — pairs in a query or form, parts in a multipart body (over: 413)
 *   <li>{@code maxFieldBytes} 64 KiB — one decoded non-file value (over: 413)
 *   <li>{@code maxFileBytes} 16 MiB — one uploaded file (over: 413)
 *   <li>{@code maxBodyBytes} 32 MiB — a whole multipart body (over: 413)
 *   <li>{@code maxFormBytes} 2 MiB — a whole urlencoded body, which is held in memory (over: 413)
 *   <li>{@code spoolThreshold} 64 KiB — an upload larger than this goes to a temporary file
 *   <li>{@code tempDir} null — the directory for those files; null means {@code java.io.tmpdir}
 *   <li>{@code strictUtf8} false — bytes that are not UTF-8 (or not in the charset a form's {@code _charset_}
 *       field names) become U+FFFD; true answers 400
 * </ul>
 * Immutable; each {@code with...} returns a copy.
 *
 * @since 0.1
 */
public final class Limits {
    /** The defaults listed above. @since 0.1 */
    public static final Limits DEFAULT = new Limits(1000, 64 << 10, 16L << 20, 32L << 20, 2 << 20, 64 << 10,
            null, false);

    private final int maxFields;
    private final int maxFieldBytes;
    private final long maxFileBytes;
    private final long maxBodyBytes;
    private final int maxFormBytes;
    private final int spoolThreshold;
    private final Path tempDir;
    private final boolean strictUtf8;

    private Limits(int maxFields, int maxFieldBytes, long maxFileBytes, long maxBodyBytes, int maxFormBytes,
            int spoolThreshold, Path tempDir, boolean strictUtf8) {
        this.maxFields = positive("maxFields", maxFields);
        this.maxFieldBytes = (int) positive("maxFieldBytes", maxFieldBytes);
        this.maxFileBytes = positive("maxFileBytes", maxFileBytes);
        this.maxBodyBytes = positive("maxBodyBytes", maxBodyBytes);
        this.maxFormBytes = (int) positive("maxFormBytes", maxFormBytes);
        if (spoolThreshold < 0) {
            throw new IllegalArgumentException("spoolThreshold must be >= 0 (0 spools every upload), got "
                    + spoolThreshold);
        }
        this.spoolThreshold = spoolThreshold;
        this.tempDir = tempDir;
        this.strictUtf8 = strictUtf8;
    }

    private static int positive(String name, int v) {
        return (int) positive(name, (long) v);
    }

    private static long positive(String name, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
        return v;
    }

    /** Most pairs or parts. @throws IllegalArgumentException if not positive. @since 0.1 */
    public Limits withMaxFields(int n) {
        return new Limits(n, maxFieldBytes, maxFileBytes, maxBodyBytes, maxFormBytes, spoolThreshold, tempDir,
                strictUtf8);
    }

    /** Most bytes in one non-file value. @throws IllegalArgumentException if not positive. @since 0.1 */
    public Limits withMaxFieldBytes(int n) {
        return new Limits(maxFields, n, maxFileBytes, maxBodyBytes, maxFormBytes, spoolThreshold, tempDir,
                strictUtf8);
    }

    /** Most bytes in one uploaded file. @throws IllegalArgumentException if not positive. @since 0.1 */
    public Limits withMaxFileBytes(long n) {
        return new Limits(maxFields, maxFieldBytes, n, maxBodyBytes, maxFormBytes, spoolThreshold, tempDir,
                strictUtf8);
    }

    /** Most bytes in a multipart body. @throws IllegalArgumentException if not positive. @since 0.1 */
    public Limits withMaxBodyBytes(long n) {
        return new Limits(maxFields, maxFieldBytes, maxFileBytes, n, maxFormBytes, spoolThreshold, tempDir,
                strictUtf8);
    }

    /** Most bytes in a urlencoded body. @throws IllegalArgumentException if not positive. @since 0.1 */
    public Limits withMaxFormBytes(int n) {
        return new Limits(maxFields, maxFieldBytes, maxFileBytes, maxBodyBytes, n, spoolThreshold, tempDir,
                strictUtf8);
    }

    /** Upload size past which it goes to disk. @throws IllegalArgumentException if negative. @since 0.1 */
    public Limits withSpoolThreshold(int n) {
        return new Limits(maxFields, maxFieldBytes, maxFileBytes, maxBodyBytes, maxFormBytes, n, tempDir,
                strictUtf8);
    }

    /** Directory for spooled uploads. @throws NullPointerException if null. @since 0.1 */
    public Limits withTempDir(Path dir) {
        return new Limits(maxFields, maxFieldBytes, maxFileBytes, maxBodyBytes, maxFormBytes, spoolThreshold,
                Objects.requireNonNull(dir, "dir"), strictUtf8);
    }

    /** Whether bytes that are not UTF-8 answer 400 (true) or become U+FFFD (false). @since 0.1 */
    public Limits withStrictUtf8(boolean strict) {
        return new Limits(maxFields, maxFieldBytes, maxFileBytes, maxBodyBytes, maxFormBytes, spoolThreshold,
                tempDir, strict);
    }

    /** @return most pairs or parts. @since 0.1 */
    public int maxFields() {
        return maxFields;
    }

    /** @return most bytes in one non-file value. @since 0.1 */
    public int maxFieldBytes() {
        return maxFieldBytes;
    }

    /** @return most bytes in one uploaded file. @since 0.1 */
    public long maxFileBytes() {
        return maxFileBytes;
    }

    /** @return most bytes in a multipart body. @since 0.1 */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** @return most bytes in a urlencoded body. @since 0.1 */
    public int maxFormBytes() {
        return maxFormBytes;
    }

    /** @return upload size past which it goes to disk. @since 0.1 */
    public int spoolThreshold() {
        return spoolThreshold;
    }

    /** @return directory for spooled uploads, or null for {@code java.io.tmpdir}. @since 0.1 */
    public Path tempDir() {
        return tempDir;
    }

    /** @return whether bytes that are not UTF-8 answer 400. @since 0.1 */
    public boolean strictUtf8() {
        return strictUtf8;
    }

    /** Reads like the code that built it, e.g. {@code Limits.DEFAULT.withMaxFields(10)}. @since 0.1 */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Limits.DEFAULT");
        if (maxFields != DEFAULT.maxFields) b.append(".withMaxFields(").append(maxFields).append(')');
        if (maxFieldBytes != DEFAULT.maxFieldBytes) b.append(".withMaxFieldBytes(").append(maxFieldBytes).append(')');
        if (maxFileBytes != DEFAULT.maxFileBytes) b.append(".withMaxFileBytes(").append(maxFileBytes).append(')');
        if (maxBodyBytes != DEFAULT.maxBodyBytes) b.append(".withMaxBodyBytes(").append(maxBodyBytes).append(')');
        if (maxFormBytes != DEFAULT.maxFormBytes) b.append(".withMaxFormBytes(").append(maxFormBytes).append(')');
        if (spoolThreshold != DEFAULT.spoolThreshold) {
            b.append(".withSpoolThreshold(").append(spoolThreshold).append(')');
        }
        if (tempDir != null) b.append(".withTempDir(Path.of(\"").append(tempDir).append("\"))");
        if (strictUtf8) b.append(".withStrictUtf8(true)");
        return b.toString();
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.files;

import io.wsgi4j.Header;
import io.wsgi4j.middleware.internal.BuilderCode;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Content types by file extension: a small built-in table for the web's common files, extendable and
 * overridable. Text types carry {@code charset=utf-8}.
 *
 * <pre>{@code
 * MediaTypes types = MediaTypes.defaults().with("wasm", "application/wasm");
 * types.forFileName("app.JS");    // "text/javascript; charset=utf-8"
 * types.forFileName("blob");      // "application/octet-stream"
 * }</pre>
 *
 * <p>Immutable; {@link #with} returns a copy.
 *
 * @since 0.1
 */
public final class MediaTypes {
    /** The type for files whose extension is not in the table. @since 0.1 */
    public static final String FALLBACK = "application/octet-stream";

    private static final String UTF8 = "; charset=utf-8";
    private static final Map<String, String> BUILT_IN = builtIn();
    private static final MediaTypes DEFAULTS = new MediaTypes(BUILT_IN, Map.of());

    private final Map<String, String> byExtension;
    /** The entries that differ from the built-in table, in the order they were set: what toString prints. */
    private final Map<String, String> changes;

    private MediaTypes(Map<String, String> byExtension, Map<String, String> changes) {
        this.byExtension = byExtension;
        this.changes = changes;
    }

    /** The built-in table (html, css, js, json, images, fonts, audio, video, archives, ...). @since 0.1 */
    public static MediaTypes defaults() {
        return DEFAULTS;
    }

    /**
     * A copy that maps {@code extension} (without the dot, any case) to {@code contentType}.
     *
     * @throws IllegalArgumentException if the extension is empty or holds a dot or slash, or the type
     *     is not a valid header value
     * @since 0.1
     */
    public MediaTypes with(String extension, String contentType) {
        Objects.requireNonNull(extension, "extension");
        if (extension.isEmpty() || extension.indexOf('.') >= 0 || extension.indexOf('/') >= 0) {
            throw new IllegalArgumentException("extension must be non-empty, without '.' or '/', got \""
                    + extension + "\" (write \"wasm\", not \".wasm\")");
        }
        Header.of("Content-Type", contentType);
        if (contentType.indexOf('/') <= 0) {
            throw new IllegalArgumentException("content type must look like type/subtype, got \"" + contentType + "\"");
        }
        String ext = extension.toLowerCase(Locale.ROOT);
        Map<String, String> copy = new HashMap<>(byExtension);
        copy.put(ext, contentType);
        Map<String, String> changed = new LinkedHashMap<>(changes);
        changed.remove(ext);
        if (!contentType.equals(BUILT_IN.get(ext))) {
            changed.put(ext, contentType);
        }
        return new MediaTypes(copy, Collections.unmodifiableMap(changed));
    }

    /** The extensions whose type differs from the built-in table, in the order they were set. */
    Map<String, String> changes() {
        return changes;
    }

    /** The type for {@code fileName} by its last extension, else {@link #FALLBACK}. @since 0.1 */
    public String forFileName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            return FALLBACK;
        }
        String type = byExtension.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
        return type != null ? type : FALLBACK;
    }

    private static Map<String, String> builtIn() {
        Map<String, String> m = new HashMap<>();
        String[] text = {
            "html", "text/html", "htm", "text/html", "css", "text/css", "js", "text/javascript",
            "mjs", "text/javascript", "txt", "text/plain", "csv", "text/csv", "md", "text/markdown",
            "xml", "application/xml", "json", "application/json", "map", "application/json",
            "webmanifest", "application/manifest+json", "svg", "image/svg+xml",
        };
        for (int i = 0; i < text.length; i += 2) {
            m.put(text[i], text[i + 1] + UTF8);
        }
        String[] binary = {
            "png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg", "gif", "image/gif",
            "webp", "image/webp", "avif", "image/avif", "ico", "image/vnd.microsoft.icon",
            "woff", "font/woff", "woff2", "font/woff2", "ttf", "font/ttf", "otf", "font/otf",
            "pdf", "application/pdf", "zip", "application/zip", "gz", "application/gzip",
            "tgz", "application/gzip", "bz2", "application/x-bzip2", "xz", "application/x-xz",
            "zst", "application/zstd", "7z", "application/x-7z-compressed", "tar", "application/x-tar",
            "wasm", "application/wasm", "mp3", "audio/mpeg", "ogg", "audio/ogg", "wav", "audio/wav",
            "mp4", "video/mp4", "webm", "video/webm", "jar", "application/java-archive",
        };
        for (int i = 0; i < binary.length; i += 2) {
            m.put(binary[i], binary[i + 1]);
        }
        return Map.copyOf(m);
    }

    /** The code that makes this table: {@code MediaTypes.defaults().with("wasm", "application/x-wasm")}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("MediaTypes.defaults()");
        changes.forEach((ext, type) -> b.append(".with(").append(BuilderCode.literal(ext)).append(", ")
                .append(BuilderCode.literal(type)).append(')'));
        return b.toString();
    }
}

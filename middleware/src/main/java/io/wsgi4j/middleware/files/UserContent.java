// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.files;

import com.google.common.escape.Escaper;
import com.google.common.net.PercentEscaper;
import io.wsgi4j.Header;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The headers that keep files users uploaded from running as the site that serves them, the policy
 * behind {@link StaticFiles.Builder#userContent()}.
 *
 * <pre>{@code
 * UserContent.showsInline("image/png");                 // true
 * UserContent.contentDisposition("report.html");        // attachment; filename="report.html"
 * }</pre>
 *
 * <p>Every response gets {@code X-Content-Type-Options: nosniff} (a browser must not guess HTML from
 * the bytes) and {@code Content-Security-Policy: sandbox} (a document opened anyway runs in a unique
 * origin with scripts, forms and plugins off). A file is shown inline only when its type cannot carry
 * script: PNG, JPEG, GIF and WebP images and plain text; everything else, HTML, SVG, XML, JavaScript,
 * PDF (readers run scripts and forms in it, and a sandboxed PDF does not display in Chromium anyway)
 * and unknown types, goes out with {@code Content-Disposition: attachment}, so the browser downloads it.
 *
 * @since 0.2
 */
public final class UserContent {
    /** The media types shown inline (parameters such as charset ignored). @since 0.2 */
    public static final Set<String> INLINE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp",
            "text/plain");

    static final List<Header> ALWAYS = List.of(Header.of("X-Content-Type-Options", "nosniff"),
            Header.of("Content-Security-Policy", "sandbox"));

    /** RFC 8187 attr-char: letters, digits and these are kept in {@code filename*}. */
    private static final Escaper ATTR_CHAR = new PercentEscaper("!#$&+-.^_`|~", false);

    private UserContent() {}

    /** True when a file of {@code contentType} may be shown inline. @since 0.2 */
    public static boolean showsInline(String contentType) {
        int semi = contentType.indexOf(';');
        String bare = (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        return INLINE_TYPES.contains(bare);
    }

    /**
     * The {@code Content-Disposition} value that makes a browser download {@code fileName} under that
     * name: {@code attachment; filename="..."}, plus {@code filename*=UTF-8''...} (RFC 6266) when the
     * name is not plain ASCII; the quoted fallback then has {@code _} for each character it cannot hold.
     *
     * @since 0.2
     */
    public static String contentDisposition(String fileName) {
        StringBuilder fallback = new StringBuilder(fileName.length());
        boolean plain = true;
        for (int i = 0; i < fileName.length(); i++) {
            char c = fileName.charAt(i);
            boolean ok = c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%';
            fallback.append(ok ? c : '_');
            plain &= ok;
        }
        String value = "attachment; filename=\"" + fallback + "\"";
        return plain ? value : value + "; filename*=UTF-8''" + ATTR_CHAR.escape(fileName);
    }
}

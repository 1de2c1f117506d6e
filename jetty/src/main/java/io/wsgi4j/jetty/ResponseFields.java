// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import io.wsgi4j.Header;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * Jetty's form of the response headers an application sends, remembered for the headers it sends on
 * every response. Applications usually return the same {@link Header} objects each time (constants such
 * as {@code Content-Type: text/plain}); for those Jetty can write bytes it encoded once
 * ({@link PreEncodedHttpField}) instead of looking the name up and copying the value character by
 * character on each response, which on Java 17 was a visible part of the adapter's cost.
 *
 * <p>The memory is a small table indexed by object identity: a header seen once is written as a plain
 * field and remembered; seen again (the same object), it is encoded once and that encoding is reused.
 * A header made per response (a date, a cookie) is never encoded ahead, and evicts at most one slot.
 * Values are safe to write as they are: {@link Header} refuses CR, LF and other control characters.
 * Threads share the table without locks; each slot holds one immutable entry, so a racing reader sees
 * either an old entry or a new one, both correct.
 */
final class ResponseFields {
    private static final int SLOTS = 256; // a power of two

    /** One remembered header: {@code field} is null until its second sighting. */
    private record Seen(Header header, HttpField field) {}

    private final Seen[] slots = new Seen[SLOTS];

    /** Jetty's field for {@code h}: the one encoded ahead when {@code h} was seen before. */
    HttpField of(Header h) {
        int i = System.identityHashCode(h) & (SLOTS - 1);
        Seen seen = slots[i];
        if (seen != null && seen.header == h) {
            if (seen.field != null) {
                return seen.field;
            }
            // with its HttpHeader, which the name-only constructor leaves out: Jetty's generator treats
            // Content-Length, Content-Type, Connection and others by it
            HttpField encoded = new PreEncodedHttpField(HttpHeader.CACHE.get(h.name()), h.name(), h.value());
            slots[i] = new Seen(h, encoded);
            return encoded;
        }
        slots[i] = new Seen(h, null);
        return new HttpField(h.name(), h.value());
    }
}

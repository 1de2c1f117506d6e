// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Keeps the session in the cookie itself, HMAC-signed (see {@link SessionCodec}): nothing on the
 * server, so any number of processes share sessions with no shared store.
 *
 * <pre>{@code
 * Sessions.of(SignedCookieStore.of(currentKey, previousKey))
 * }</pre>
 *
 * <p>The price: {@link #delete} cannot reach a copy of the cookie, so a cookie captured before logout
 * stays valid until its expiry. Where logging out must end the session for everyone, use a
 * server-side store ({@link MemorySessionStore}, {@link FileSessionStore}).
 *
 * @since 0.2
 */
public final class SignedCookieStore implements SessionStore {
    private final List<byte[]> keys;

    private SignedCookieStore(List<byte[]> keys) {
        this.keys = keys;
    }

    /**
     * A store signing with {@code key} and also accepting cookies signed with {@code olderKeys}.
     *
     * @throws IllegalArgumentException if a key is shorter than {@link SessionCodec#MIN_KEY_BYTES} or only
     *     zero bytes
     * @since 0.2
     */
    public static SignedCookieStore of(byte[] key, byte[]... olderKeys) {
        List<byte[]> all = new ArrayList<>();
        SessionCodec.checkKey(key);
        all.add(key.clone());
        for (byte[] k : olderKeys) {
            SessionCodec.checkKey(k);
            all.add(k.clone());
        }
        return new SignedCookieStore(Collections.unmodifiableList(all));
    }

    /** The payload when one of the keys signed {@code key}, else null. @since 0.2 */
    @Override
    public byte[] read(String key) {
        return key == null ? null : SessionCodec.verify(key, keys);
    }

    /** The data signed with the first key; that is the new cookie value ({@code key} plays no part). @since 0.2 */
    @Override
    public String write(String key, byte[] data) {
        return SessionCodec.sign(data, keys.get(0));
    }

    /** Nothing: the data lives only in the cookie, which the middleware deletes. @since 0.2 */
    @Override
    public void delete(String key) {}

    List<byte[]> keys() {
        return keys;
    }

    /** {@code SignedCookieStore(<2 keys>)}: keys are never printed. @since 0.2 */
    @Override
    public String toString() {
        // keys are secret: placeholders where the code has them
        int older = keys.size() - 1;
        return "SignedCookieStore.of(<key>" + (older == 0 ? "" : older == 1 ? ", <older key>" : ", <" + older + " older keys>")
                + ")";
    }
}

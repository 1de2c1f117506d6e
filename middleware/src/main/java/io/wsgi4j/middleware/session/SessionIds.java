// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import com.google.common.io.BaseEncoding;
import java.security.SecureRandom;

/**
 * The random ids server-side stores issue: 32 bytes from {@link SecureRandom} (256 bits, so guessing
 * one is hopeless), written as 43 characters of unpadded base64url.
 */
final class SessionIds {
    static final int LENGTH = 43;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final BaseEncoding B64 = BaseEncoding.base64Url().omitPadding();

    private SessionIds() {}

    /** A new id. */
    static String next() {
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        return B64.encode(id);
    }

    /** True when {@code key} has the shape of an id (checked before a key from a client is used). */
    static boolean isWellFormed(String key) {
        if (key == null || key.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = key.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}

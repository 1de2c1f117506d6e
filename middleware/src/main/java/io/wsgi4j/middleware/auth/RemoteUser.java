// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.auth;

import io.wsgi4j.Environ;
import java.nio.charset.StandardCharsets;

/**
 * REMOTE_USER in the form every CGI variable takes (SPEC R2.3): the user name's UTF-8 bytes, one
 * character per byte, as a web server in front would pass the name it checked. An ASCII name reads as
 * itself; {@code new String(remoteUser.getBytes(ISO_8859_1), UTF_8)} gives any name back.
 */
final class RemoteUser {
    private RemoteUser() {}

    /** Sets REMOTE_USER to {@code user}, a name as text (any characters). */
    static void set(Environ environ, String user) {
        environ.put(Environ.REMOTE_USER, isAscii(user) ? user
                : new String(user.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }

    /** The name REMOTE_USER holds, as text: its bytes decoded as UTF-8; null when it is absent. */
    static String of(Environ environ) {
        String value = environ.remoteUser();
        return value == null || isAscii(value) ? value
                : new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}

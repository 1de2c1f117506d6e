// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.auth;

import io.wsgi4j.Environ;
import io.wsgi4j.middleware.internal.EnvironText;

/**
 * REMOTE_USER in the form every CGI variable takes (SPEC R2.3): the user name's UTF-8 bytes, one
 * character per byte, as a web server in front would pass the name it checked. An ASCII name reads as
 * itself; {@code new String(remoteUser.getBytes(ISO_8859_1), UTF_8)} gives any name back.
 */
final class RemoteUser {
    private RemoteUser() {}

    /** Sets REMOTE_USER to {@code user}, a name as text (any characters). */
    static void set(Environ environ, String user) {
        environ.put(Environ.REMOTE_USER, EnvironText.of(user));
    }

    /**
     * The name REMOTE_USER holds, as text: its bytes read as UTF-8, so that {@link #set} puts back the
     * same bytes; when they are not UTF-8, each byte as its Latin-1 character (set then keeps the name
     * as text, not those bytes). Null when it is absent.
     */
    static String of(Environ environ) {
        String value = environ.remoteUser();
        if (value == null) {
            return null;
        }
        String text = EnvironText.read(value);
        return text != null ? text : value;
    }
}

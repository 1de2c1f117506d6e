// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.internal;

import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import java.util.Objects;

/** The check every {@code WWW-Authenticate} challenge a 401 carries passes, wherever the 401 is made. */
public final class Challenge {
    private Challenge() {}

    /**
     * Returns {@code challenge} when it starts with its auth-scheme, a token such as {@code Basic}.
     *
     * @throws IllegalArgumentException if it is empty, blank, or starts with anything but a token: a 401
     *     must carry a challenge a client can answer (RFC 9110 sections 11.6.1 and 15.5.2)
     */
    public static String check(String challenge) {
        Objects.requireNonNull(challenge, "challenge");
        int space = challenge.indexOf(' ');
        if (!Header.isToken(space < 0 ? challenge : challenge.substring(0, space))) {
            throw new IllegalArgumentException("a WWW-Authenticate challenge starts with its auth-scheme, a token"
                    + " such as Bearer or Basic (RFC 9110 section 11.6.1), got " + Headers.describe(challenge));
        }
        return challenge;
    }
}

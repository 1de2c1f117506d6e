// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.dispatch;

import io.wsgi4j.Application;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.middleware.internal.Challenge;
import io.wsgi4j.middleware.internal.TextAnswer;
import java.util.Objects;

/**
 * What a {@link Policy} decided: continue to the target, or answer instead of it.
 *
 * <pre>{@code
 * return Decision.allow();
 * return Decision.unauthorized("Basic realm=\"kforge\"");   // 401 with WWW-Authenticate
 * return Decision.forbidden("only members may edit the wiki");  // 403
 * return Decision.redirect("/login?next=/projects/p1/wiki");   // 303 to a login page
 * return Decision.respond(customPage);                      // any application answers
 * }</pre>
 *
 * @since 0.1
 */
public final class Decision {
    private static final Decision ALLOW = new Decision(null, "Decision.allow()");

    private final Application response;
    private final String description;

    private Decision(Application response, String description) {
        this.response = response;
        this.description = description;
    }

    /** Continue to the target. @since 0.1 */
    public static Decision allow() {
        return ALLOW;
    }

    /**
     * Answer 401 Unauthorized with the given {@code WWW-Authenticate} challenge.
     *
     * @throws IllegalArgumentException if {@code challenge} does not start with an auth-scheme (a token such as
     *     {@code Basic}) or is not a valid header value (CR, LF, NUL)
     * @since 0.1
     */
    public static Decision unauthorized(String challenge) {
        // a challenge that does not start with its auth-scheme ("realm=..." alone) is a 401 no client can answer
        Challenge.check(challenge);
        return new Decision(TextAnswer.app("401 Unauthorized", 401, null, Header.of("WWW-Authenticate", challenge)),
                "Decision.unauthorized(" + Headers.describe(challenge) + ")");
    }

    /**
     * Answer 403 Forbidden with {@code message} as the plain-text body.
     *
     * @since 0.1
     */
    public static Decision forbidden(String message) {
        Objects.requireNonNull(message, "message");
        return new Decision(TextAnswer.app("403 Forbidden", 403, message),
                "Decision.forbidden(" + Headers.describe(message) + ")");
    }

    /**
     * Answer 303 See Other to {@code location} (a login page, typically).
     *
     * @throws IllegalArgumentException if {@code location} is empty or not a valid header value
     * @since 0.1
     */
    public static Decision redirect(String location) {
        Objects.requireNonNull(location, "location");
        if (location.isEmpty()) {
            throw new IllegalArgumentException("a redirect needs a location such as \"/login\", got \"\"");
        }
        return new Decision(TextAnswer.app("303 See Other", 303, location, Header.of("Location", location)),
                "Decision.redirect(" + Headers.describe(location) + ")");
    }

    /**
     * Answer with {@code app} instead of the target.
     *
     * @since 0.1
     */
    public static Decision respond(Application app) {
        Objects.requireNonNull(app, "app");
        return new Decision(app, "Decision.respond(" + app + ")");
    }

    /** True when the request may continue to its target. @since 0.1 */
    public boolean allowed() {
        return response == null;
    }

    /**
     * The application that answers instead of the target.
     *
     * @throws IllegalStateException if this decision {@link #allowed() allows} the request
     * @since 0.1
     */
    public Application response() {
        if (response == null) {
            throw new IllegalStateException("Decision.allow() has no response of its own; check allowed() first");
        }
        return response;
    }

    @Override
    public String toString() {
        return description;
    }
}

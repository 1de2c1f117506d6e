// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.web;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.StartResponse;
import io.wsgi4j.samples.kforge.access.Decision;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The pages that answer when access is refused: 401 with a link to log in and come back, 403 with
 * the reason.
 *
 * <p>The 401 carries {@code WWW-Authenticate: FormLogin realm="KForge"} as RFC 9110 asks of every
 * 401; browsers do not know the scheme, so they show the page (with its login link) instead of a
 * password dialog.
 *
 * @since 0.1
 */
public final class Refusals {
    /** The challenge sent with every 401. */
    public static final String CHALLENGE = "FormLogin realm=\"KForge\", action=\"/login\"";

    /** The links every refusal and "not found" page offers back into the site. */
    static final String WAY_BACK = "<p>Go to " + Html.link("/", "the home page") + " or " + Html.link("/projects/",
            "the list of projects") + ".</p>\n";

    private Refusals() {}

    /**
     * Returns the application that answers a refusal.
     *
     * @param decision LOG_IN or FORBID
     * @param reason what was refused, for the 403 page
     * @return an application answering 401 or 403
     * @throws IllegalArgumentException for ALLOW
     * @since 0.1
     */
    public static Application page(Decision decision, String reason) {
        return switch (decision) {
            case LOG_IN -> Refusals::logIn;
            case FORBID -> (environ, startResponse) -> forbidden(environ, startResponse, reason);
            case ALLOW -> throw new IllegalArgumentException("ALLOW is not a refusal; dispatch instead");
        };
    }

    /**
     * Answers 401 with a login link that returns to the requested page.
     *
     * @param environ the request
     * @param startResponse the response
     * @return the body
     * @since 0.1
     */
    public static Iterable<byte[]> logIn(Environ environ, StartResponse startResponse) {
        String login = loginTarget(environ);
        return Page.of(environ, "Please log in", "<p>This page is for members. " + logInLink(environ, "Log in")
                + " to see it.</p>\n").status(401).header("WWW-Authenticate", CHALLENGE)
                .data(java.util.Map.of("error", "log in first", "login", login)).send(startResponse);
    }

    /** A link to the login form that comes back to this page. */
    static String logInLink(Environ environ, String text) {
        return "<a href=\"" + Html.escape(loginTarget(environ)) + "\">" + Html.escape(text) + "</a>";
    }

    private static String loginTarget(Environ environ) {
        String here = io.wsgi4j.PercentCodec.encodePath(environ.scriptName() + environ.pathInfo());
        return "/login?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8);
    }

    /**
     * Answers 403 with the reason.
     *
     * @param environ the request
     * @param startResponse the response
     * @param reason what was refused
     * @return the body
     * @since 0.1
     */
    public static Iterable<byte[]> forbidden(Environ environ, StartResponse startResponse, String reason) {
        return Page.of(environ, "Forbidden", "<p>" + Html.escape(reason) + "</p>\n" + WAY_BACK).status(403)
                .data(java.util.Map.of("error", reason)).send(startResponse);
    }
}

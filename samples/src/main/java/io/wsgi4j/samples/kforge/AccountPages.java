// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import io.wsgi4j.Environ;
import io.wsgi4j.PercentCodec;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.request.FormData;
import io.wsgi4j.middleware.request.Forms;
import io.wsgi4j.middleware.request.Query;
import io.wsgi4j.middleware.session.Session;
import io.wsgi4j.samples.kforge.domain.Person;
import io.wsgi4j.samples.kforge.web.Html;
import io.wsgi4j.samples.kforge.web.Page;
import io.wsgi4j.samples.kforge.web.Refusals;
import java.util.Objects;
import java.util.Optional;

/**
 * The account pages: {@code /login}, {@code /logout} and {@code /signup}.
 *
 * <p>Logging in and signing up start a fresh session (so nothing from before, such as a planted CSRF
 * secret, carries over) holding the person's name; logging out ends the session.
 *
 * @since 0.1
 */
final class AccountPages {
    private final Site site;

    AccountPages(Site site) {
        this.site = Objects.requireNonNull(site, "site");
    }

    Iterable<byte[]> loginForm(Environ environ, StartResponse startResponse) {
        return loginPage(environ, startResponse, 200, "", Query.parse(environ).first("next", ""));
    }

    Iterable<byte[]> login(Environ environ, StartResponse startResponse) {
        FormData form = Forms.parse(environ);
        String name = Optional.ofNullable(form.field("name")).orElse("").strip();
        String next = Optional.ofNullable(form.field("next")).orElse("");
        Optional<Person> person = site.logIn(name, Optional.ofNullable(form.field("password")).orElse(""));
        if (person.isEmpty()) {
            return loginPage(environ, startResponse, 401, "Wrong name or password.", next);
        }
        startSession(environ, name);
        return Page.redirect(startResponse, safeNext(next, "/persons/" + name + "/"));
    }

    Iterable<byte[]> logoutForm(Environ environ, StartResponse startResponse) {
        return Page.of(environ, "Log out", Html.form(environ, "/logout", Html.submit("Log out"))).send(startResponse);
    }

    Iterable<byte[]> logout(Environ environ, StartResponse startResponse) {
        Session.of(environ).invalidate();
        return Page.redirect(startResponse, "/");
    }

    Iterable<byte[]> signupForm(Environ environ, StartResponse startResponse) {
        return signupPage(environ, startResponse, 200, "", "", "");
    }

    Iterable<byte[]> signup(Environ environ, StartResponse startResponse) {
        FormData form = Forms.parse(environ);
        String name = Optional.ofNullable(form.field("name")).orElse("").strip();
        String fullName = Optional.ofNullable(form.field("fullName")).orElse("");
        try {
            site.signUp(name, fullName, Optional.ofNullable(form.field("password")).orElse(""));
        } catch (IllegalArgumentException e) {
            return signupPage(environ, startResponse, 400, e.getMessage(), name, fullName);
        }
        startSession(environ, name);
        return Page.redirect(startResponse, "/persons/" + name + "/");
    }

    private static void startSession(Environ environ, String name) {
        Session session = Session.of(environ);
        session.invalidate();
        session.put(KForge.SESSION_USER, name);
    }

    /** Only a local path may be a redirect target, so the login form cannot send anyone off-site. */
    static String safeNext(String next, String otherwise) {
        boolean local = next != null && next.startsWith("/") && !next.startsWith("//") && !next.contains("\\")
                && PercentCodec.isWellFormed(next) && next.chars().allMatch(c -> c > ' ' && c < 0x7f);
        return local ? next : otherwise;
    }

    private Iterable<byte[]> loginPage(Environ environ, StartResponse startResponse, int status, String error,
            String next) {
        String fields = Html.input("Name", "name", "text", "") + Html.input("Password", "password", "password", "")
                + "<input type=\"hidden\" name=\"next\" value=\"" + Html.escape(next) + "\">" + Html.submit("Log in");
        String html = (error.isEmpty() ? "" : "<p class=\"error\">" + Html.escape(error) + "</p>\n")
                + Html.form(environ, "/login", fields) + "<p>No account? " + Html.link("/signup", "Sign up") + ".</p>\n";
        Page page = Page.of(environ, "Log in", html).status(status);
        if (status == 401) {
            page.header("WWW-Authenticate", Refusals.CHALLENGE).data(java.util.Map.of("error", error));
        }
        return page.send(startResponse);
    }

    private Iterable<byte[]> signupPage(Environ environ, StartResponse startResponse, int status, String error,
            String name, String fullName) {
        String fields = Html.input("Name", "name", "text", name) + Html.input("Full name", "fullName", "text", fullName)
                + Html.input("Password (8 or more characters)", "password", "password", "") + Html.submit("Sign up");
        String html = (error.isEmpty() ? "" : "<p class=\"error\">" + Html.escape(error) + "</p>\n")
                + Html.form(environ, "/signup", fields);
        return Page.of(environ, "Sign up", html).status(status)
                .data(error.isEmpty() ? java.util.Map.of() : java.util.Map.of("error", error)).send(startResponse);
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import com.google.common.net.InetAddresses;
import io.wsgi4j.Environ;
import io.wsgi4j.PercentCodec;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.auth.Throttle;
import io.wsgi4j.middleware.request.FormData;
import io.wsgi4j.middleware.request.Forms;
import io.wsgi4j.middleware.request.Query;
import io.wsgi4j.middleware.session.Session;
import io.wsgi4j.samples.kforge.domain.Names;
import io.wsgi4j.samples.kforge.domain.Person;
import io.wsgi4j.samples.kforge.web.Html;
import io.wsgi4j.samples.kforge.web.Page;
import io.wsgi4j.samples.kforge.web.Refusals;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The account pages: {@code /login}, {@code /logout}, {@code /signup} and {@code /password}.
 *
 * <p>Logging in and signing up start a fresh session under a new id (so nothing from before, such as
 * a planted CSRF secret or session id, carries over) holding the person's name and session generation;
 * logging out ends the session in the store, so a copy of the cookie is worth nothing; changing the
 * password ends every session of the person but the one that changed it, which moves to a new id.
 *
 * <p>Wrong passwords are throttled per account and client address ({@value KForge#LOGIN_FAILURES_PER_ACCOUNT}
 * at once, then one a minute) and per client address ({@value KForge#LOGIN_FAILURES_PER_ADDRESS} at once,
 * then one every 15 seconds), for names that exist or not alike; a throttled login answers 429 with
 * Retry-After without checking the password. Guesses from one address cannot lock the account's owner
 * out from another. Behind a reverse proxy, start the server with {@code --trusted-proxies 1} so the
 * client's address, not the proxy's, is the one throttled.
 *
 * @since 0.1
 */
final class AccountPages {
    private final Site site;
    // keyed by account and address together: a throttle on the account alone would let anyone lock its
    // owner out with five wrong passwords a minute (OWASP's warning on account lockout)
    private final Throttle perAccount = Throttle.of(KForge.LOGIN_FAILURES_PER_ACCOUNT, Duration.ofMinutes(1));
    private final Throttle perAddress = Throttle.of(KForge.LOGIN_FAILURES_PER_ADDRESS, Duration.ofSeconds(15));

    AccountPages(Site site) {
        this.site = Objects.requireNonNull(site, "site");
    }

    Iterable<byte[]> loginForm(Environ environ, StartResponse startResponse) {
        return loginPage(environ, 200, "", Query.parse(environ).first("next", "")).send(startResponse);
    }

    Iterable<byte[]> login(Environ environ, StartResponse startResponse) {
        FormData form = Forms.parse(environ);
        String name = Optional.ofNullable(form.field("name")).orElse("").strip();
        String next = Optional.ofNullable(form.field("next")).orElse("");
        Duration wait = takeTry(environ, name);
        if (!wait.isZero()) {
            return tooManyTries(loginPage(environ, 429, "Too many wrong passwords; try again later.", next), wait)
                    .send(startResponse);
        }
        Optional<Person> person = null;
        try {
            person = site.logIn(name, Optional.ofNullable(form.field("password")).orElse(""));
        } finally {
            if (person == null || person.isPresent()) {
                giveBackTry(environ, name); // only wrong passwords count, not a check that failed
            }
        }
        if (person.isEmpty()) {
            return loginPage(environ, 401, "Wrong name or password.", next).send(startResponse);
        }
        startSession(environ, person.get());
        return Page.redirect(startResponse, safeNext(next, "/persons/" + name + "/"));
    }

    Iterable<byte[]> passwordForm(Environ environ, StartResponse startResponse) {
        if (Site.viewer(environ).equals(Names.GUEST)) {
            return Refusals.logIn(environ, startResponse);
        }
        return passwordPage(environ, 200, "").send(startResponse);
    }

    Iterable<byte[]> changePassword(Environ environ, StartResponse startResponse) {
        String name = Site.viewer(environ);
        if (name.equals(Names.GUEST)) {
            return Refusals.logIn(environ, startResponse);
        }
        FormData form = Forms.parse(environ);
        Duration wait = takeTry(environ, name);
        if (!wait.isZero()) {
            return tooManyTries(passwordPage(environ, 429, "Too many wrong passwords; try again later."), wait)
                    .send(startResponse);
        }
        Optional<Person> changed = null;
        try {
            changed = site.changePassword(name, Optional.ofNullable(form.field("current")).orElse(""),
                    Optional.ofNullable(form.field("password")).orElse(""));
        } catch (IllegalArgumentException e) {
            return passwordPage(environ, 400, e.getMessage()).send(startResponse);
        } finally {
            if (changed == null || changed.isPresent()) {
                giveBackTry(environ, name); // only a wrong current password counts, not a short new one
            }
        }
        if (changed.isEmpty()) {
            return passwordPage(environ, 400, "The current password is wrong.").send(startResponse);
        }
        startSession(environ, changed.get()); // this session stays, under a new id; all others ended
        return Page.redirect(startResponse, "/persons/" + name + "/");
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
        Person person;
        try {
            person = site.signUp(name, fullName, Optional.ofNullable(form.field("password")).orElse(""));
        } catch (IllegalArgumentException e) {
            return signupPage(environ, startResponse, 400, e.getMessage(), name, fullName);
        }
        startSession(environ, person);
        return Page.redirect(startResponse, "/persons/" + name + "/");
    }

    /** A new session under a new id: the old one ends in the store, nothing from it carries over. */
    private static void startSession(Environ environ, Person person) {
        Session session = Session.of(environ);
        session.invalidate();
        session.put(KForge.SESSION_USER, person.name());
        session.put(KForge.SESSION_GENERATION, String.valueOf(person.sessionGeneration()));
    }

    /**
     * Takes a try from both throttles before the password is checked, counted as a wrong password until
     * {@link #giveBackTry} (so guesses sent at once cannot all pass while the first are being checked):
     * zero, or how long this account or this client address must wait, and then nothing is taken.
     */
    private Duration takeTry(Environ environ, String name) {
        String account = accountKey(environ, name);
        String address = addressKey(environ);
        Duration forAccount = perAccount.tryAcquire(account);
        if (!forAccount.isZero()) {
            Duration forAddress = perAddress.retryAfter(address);
            return forAccount.compareTo(forAddress) >= 0 ? forAccount : forAddress;
        }
        Duration forAddress = perAddress.tryAcquire(address);
        if (!forAddress.isZero()) {
            perAccount.release(account);
        }
        return forAddress;
    }

    /**
     * The password was right, or no answer came of the check (it threw: a fault of the site, reported as
     * a 500, tells a guesser nothing): the try {@link #takeTry} took is not a failure.
     */
    private void giveBackTry(Environ environ, String name) {
        perAccount.release(accountKey(environ, name));
        perAddress.release(addressKey(environ));
    }

    /**
     * The account's name and the client's address. Names are short; a longer one (which cannot exist) is
     * cut, so a key never holds megabytes.
     */
    private static String accountKey(Environ environ, String name) {
        return (name.length() > 100 ? name.substring(0, 100) : name) + " from " + addressKey(environ);
    }

    /**
     * The client's address as the throttles count it: an IPv6 address by its /64, the block one
     * network (one home, one host) is given, so walking through its addresses is not a new client each time.
     */
    private static String addressKey(Environ environ) {
        String address = environ.remoteAddr();
        if (address == null || address.indexOf(':') < 0 || !InetAddresses.isInetAddress(address)) {
            return address;
        }
        byte[] bytes = InetAddresses.forString(address).getAddress();
        if (bytes.length != 16) {
            return address;
        }
        Arrays.fill(bytes, 8, 16, (byte) 0);
        try {
            return InetAddresses.toAddrString(java.net.InetAddress.getByAddress(bytes)) + "/64";
        } catch (java.net.UnknownHostException e) {
            return address; // cannot happen for 16 bytes
        }
    }

    private static Page tooManyTries(Page page, Duration wait) {
        return page.header("Retry-After", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
    }

    /** Only a local path may be a redirect target, so the login form cannot send anyone off-site. */
    static String safeNext(String next, String otherwise) {
        boolean local = next != null && next.startsWith("/") && !next.startsWith("//") && !next.contains("\\")
                && PercentCodec.isWellFormed(next) && next.chars().allMatch(c -> c > ' ' && c < 0x7f);
        return local ? next : otherwise;
    }

    private Page loginPage(Environ environ, int status, String error, String next) {
        String fields = Html.input("Name", "name", "text", "") + Html.input("Password", "password", "password", "")
                + "<input type=\"hidden\" name=\"next\" value=\"" + Html.escape(next) + "\">" + Html.submit("Log in");
        String html = (error.isEmpty() ? "" : "<p class=\"error\">" + Html.escape(error) + "</p>\n")
                + Html.form(environ, "/login", fields)
                + "<p>No account? " + Html.link("/signup", "Sign up") + ".</p>\n";
        Page page = Page.of(environ, "Log in", html).status(status);
        if (status == 401) {
            page.header("WWW-Authenticate", Refusals.CHALLENGE);
        }
        return error.isEmpty() ? page : page.data(java.util.Map.of("error", error));
    }

    private Page passwordPage(Environ environ, int status, String error) {
        String fields = Html.input("Current password", "current", "password", "")
                + Html.input("New password (8 or more characters)", "password", "password", "")
                + Html.submit("Change password");
        String html = (error.isEmpty() ? "" : "<p class=\"error\">" + Html.escape(error) + "</p>\n")
                + Html.form(environ, "/password", fields)
                + "<p>Changing the password logs you out everywhere else.</p>\n";
        Page page = Page.of(environ, "Change password", html).status(status);
        return error.isEmpty() ? page : page.data(java.util.Map.of("error", error));
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

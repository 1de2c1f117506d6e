// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.middleware.logging.LogSink;
import io.wsgi4j.samples.kforge.domain.Passwords;
import io.wsgi4j.samples.kforge.domain.Person;
import io.wsgi4j.testing.TestResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login throttle under concurrent guesses: a burst of wrong passwords sent at once, not one after
 * another, must not get more password checks than the throttle allows.
 *
 * <p>The key derivation is gated: a check that has started waits until every request of the burst has
 * either reached a check of its own or been answered. So all checks overlap, as they do when a guesser
 * sends many requests at once and the slow hash runs on many threads, and the test sees how many
 * requests the throttle let through to a check, with no sleep and no timing.
 */
class KForgeConcurrentLoginTest {
    private static final int GUESSES = 3 * KForge.LOGIN_FAILURES_PER_ACCOUNT;

    @TempDir
    Path data;

    private volatile CountDownLatch gate; // null: the key derivation runs at once (sign-up)
    private volatile boolean failing; // the key derivation throws, as a check that could not be made
    private Application app;

    @BeforeEach
    void openSite() throws IOException {
        Site site = Site.open(data, new Passwords(1, this::gatedKdf));
        app = KForge.pipeline(site, KForge.sessionStore(data), false, LogSink.of(OutputStream.nullOutputStream()));
        new Browser(app).signUp("alice");
    }

    @Test
    void aBurstOfConcurrentWrongPasswordsGetsNoMoreChecksThanTheThrottleAllows() throws Exception {
        Map<Integer, Integer> statuses = burst("/login", i -> new String[] {"name", "alice", "password", "guess-" + i});

        assertEquals(Map.of(401, KForge.LOGIN_FAILURES_PER_ACCOUNT, 429, GUESSES - KForge.LOGIN_FAILURES_PER_ACCOUNT),
                statuses, "401 is a password checked and wrong, 429 a guess refused unchecked");
    }

    @Test
    void aBurstOfConcurrentPasswordChangesWithWrongCurrentPasswordsIsThrottledToo() throws Exception {
        Browser alice = new Browser(app).logIn("alice");
        Map<Integer, Integer> statuses = burst(alice, "/password",
                i -> new String[] {"current", "guess-" + i, "password", "alice-new-secret"});

        assertEquals(Map.of(400, KForge.LOGIN_FAILURES_PER_ACCOUNT, 429, GUESSES - KForge.LOGIN_FAILURES_PER_ACCOUNT),
                statuses, "400 is a current password checked and wrong, 429 a try refused unchecked");
    }

    /**
     * Two logins at once with the right password after the hashing cost was raised: each upgrades the
     * stored hash (with its own salt), and the one to store second finds the first one's hash. Both
     * passwords were right, so both log in; neither is told its password was wrong.
     */
    @Test
    void twoRightLoginsAtOnceOnAnOutdatedHashBothSucceed() throws Exception {
        Site costlier = Site.open(data, new Passwords(2, this::gatedKdf)); // alice's hash is now outdated
        gate = new CountDownLatch(2); // the two checks overlap
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            Future<Optional<Person>> a = two.submit(() -> costlier.logIn("alice", "alice-secret"));
            Future<Optional<Person>> b = two.submit(() -> costlier.logIn("alice", "alice-secret"));
            assertTrue(a.get(2, TimeUnit.MINUTES).isPresent(), "the first login was refused");
            assertTrue(b.get(2, TimeUnit.MINUTES).isPresent(), "the second login was refused");
        } finally {
            two.shutdownNow();
        }
        gate = null;
        assertTrue(costlier.logIn("alice", "alice-secret").isPresent(), "the stored hash still takes the password");
    }

    /**
     * Two changes of one password at once, both giving the right current password (the owner, and someone
     * who learnt it): the second to be stored no longer replaces the password the check was made against,
     * so exactly one succeeds and the other is told the current password is wrong, as if they came in turn.
     */
    @Test
    void ofTwoConcurrentPasswordChangesFromTheSamePasswordOnlyOneSucceeds() throws Exception {
        List<Browser> sessions = List.of(new Browser(app).logIn("alice"), new Browser(app).logIn("alice"));
        Map<Integer, Integer> statuses = burst(sessions, "/password",
                i -> new String[] {"current", "alice-secret", "password", "new-secret-" + i});

        assertEquals(Map.of(303, 1, 400, 1), statuses);
        int working = 0;
        for (int i = 0; i < 2; i++) {
            int status = new Browser(app).submit("/login", "/login", "name", "alice", "password", "new-secret-" + i)
                    .status();
            working += status == 303 ? 1 : 0;
        }
        assertEquals(1, working, "the password is the one whose change succeeded");
    }

    /** A try is taken before the check and given back when the password is right: right ones never add up. */
    @Test
    void rightPasswordsDoNotCountAgainstTheThrottle() {
        for (int i = 0; i < 2 * KForge.LOGIN_FAILURES_PER_ACCOUNT; i++) {
            new Browser(app).logIn("alice");
        }
        for (int i = 0; i < KForge.LOGIN_FAILURES_PER_ACCOUNT; i++) {
            assertEquals(401, new Browser(app).submit("/login", "/login", "name", "alice", "password", "guess-" + i)
                    .status(), "wrong password " + (i + 1) + " is still checked");
        }
        assertEquals(429, new Browser(app).submit("/login", "/login", "name", "alice", "password", "guess").status());
    }

    /**
     * A check that fails (a fault, not a wrong password) gives its try back, at login as at a password
     * change: the person it happened to is not locked out by the server's own errors.
     */
    @Test
    void aCheckThatFailsIsNotCountedAsAWrongPassword() {
        Browser alice = new Browser(app).logIn("alice");
        alice.client.allowErrors(); // the error page's report of the fault
        failing = true;
        for (int i = 0; i <= KForge.LOGIN_FAILURES_PER_ACCOUNT; i++) {
            Browser visitor = new Browser(app);
            visitor.client.allowErrors();
            assertEquals(500, visitor.submit("/login", "/login", "name", "alice", "password", "alice-secret")
                    .status(), "login " + (i + 1) + " while the check fails");
            assertEquals(500, alice.submit("/password", "/password", "current", "alice-secret", "password",
                    "alice-new-secret").status(), "password change " + (i + 1) + " while the check fails");
        }
        failing = false;
        assertEquals(303, new Browser(app).submit("/login", "/login", "name", "alice", "password", "alice-secret")
                .status(), "the right password logs in once the fault is gone");
    }

    /** Sends {@link #GUESSES} form posts at once, each from its own browser, and counts the statuses. */
    private Map<Integer, Integer> burst(String path, java.util.function.IntFunction<String[]> fields) throws Exception {
        List<Browser> browsers = new ArrayList<>();
        for (int i = 0; i < GUESSES; i++) {
            browsers.add(new Browser(from("192.0.2.66")));
        }
        return burst(browsers, path, fields);
    }

    /** The same with one browser (one session) whose cookies every request carries. */
    private Map<Integer, Integer> burst(Browser one, String path, java.util.function.IntFunction<String[]> fields)
            throws Exception {
        List<Browser> browsers = new ArrayList<>();
        for (int i = 0; i < GUESSES; i++) {
            Browser b = new Browser(app);
            one.client.cookies().forEach(b.client::cookie);
            browsers.add(b);
        }
        return burst(browsers, path, fields);
    }

    private Map<Integer, Integer> burst(List<Browser> browsers, String path, java.util.function.IntFunction<String[]> fields)
            throws Exception {
        List<String> tokens = new ArrayList<>();
        for (Browser b : browsers) {
            tokens.add(b.token(path)); // before the gate: showing a form checks no password
        }
        CountDownLatch settled = new CountDownLatch(browsers.size());
        gate = settled;
        CyclicBarrier start = new CyclicBarrier(browsers.size());
        ExecutorService threads = Executors.newFixedThreadPool(browsers.size());
        try {
            List<Future<TestResponse>> answers = new ArrayList<>();
            for (int i = 0; i < browsers.size(); i++) {
                Browser b = browsers.get(i);
                String token = tokens.get(i);
                String[] namesAndValues = fields.apply(i);
                answers.add(threads.submit(() -> {
                    var request = b.client.post(path).form("csrf_token", token);
                    for (int k = 0; k < namesAndValues.length; k += 2) {
                        request.form(namesAndValues[k], namesAndValues[k + 1]);
                    }
                    start.await();
                    TestResponse r = request.send();
                    if (r.status() == 429) {
                        settled.countDown(); // answered without a check: the checks need not wait for it
                    }
                    return r;
                }));
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Future<TestResponse> f : answers) {
                statuses.merge(f.get(2, TimeUnit.MINUTES).status(), 1, Integer::sum);
            }
            return statuses;
        } finally {
            gate = null;
            threads.shutdownNow();
        }
    }

    /** A cheap stand-in for PBKDF2 that waits at the gate while one is set. */
    private byte[] gatedKdf(char[] password, byte[] salt, int iterations) {
        if (failing) {
            throw new IllegalStateException("the key derivation failed (the test's fault)");
        }
        CountDownLatch g = gate;
        if (g != null) {
            g.countDown();
            try {
                g.await(2, TimeUnit.MINUTES); // only a guard against a hang: every request settles long before
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(new String(password).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The pipeline as a client at {@code address} reaches it. */
    private Application from(String address) {
        return (environ, startResponse) -> {
            environ.put(Environ.REMOTE_ADDR, address);
            return app.call(environ, startResponse);
        };
    }
}

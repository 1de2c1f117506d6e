// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Pipeline;
import io.wsgi4j.middleware.logging.LogSink;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** User stories: the whole KForge pipeline through the test client, no server. */
class KForgeTest {

    @TempDir
    Path data;

    private final ByteArrayOutputStream accessLog = new ByteArrayOutputStream();
    private Pipeline app;
    private Browser alice;
    private Browser bob;
    private Browser guest;

    @BeforeEach
    void openSite() throws IOException {
        app = KForge.pipeline(Site.open(data), KForge.sessionStore(data), false, LogSink.of(accessLog));
        alice = new Browser(app).signUp("alice");
        bob = new Browser(app).signUp("bob");
        guest = new Browser(app);
    }

    private void aliceCreates(String project, boolean isPrivate) {
        TestResponse r = isPrivate
                ? alice.submit("/projects/", "/projects/", "name", project, "title", "The " + project, "private", "on")
                : alice.submit("/projects/", "/projects/", "name", project, "title", "The " + project);
        assertEquals(303, r.status(), r::text);
        assertEquals("/projects/" + project + "/", r.header("Location"));
    }

    private void aliceAdds(String person, String role, String project) {
        TestResponse r = alice.submit("/projects/" + project + "/", "/projects/" + project + "/members",
                "person", person, "role", role);
        assertEquals(303, r.status(), r::text);
    }

    @Nested
    class SigningUpAndLoggingIn {
        @Test
        void signingUpLogsInAndShowsTheProfile() {
            TestResponse profile = alice.get("/persons/alice/");

            assertEquals(200, profile.status());
            assertTrue(profile.text().contains("<h1>Person alice</h1>"), profile.text());
            assertTrue(profile.text().contains("Log out"));
        }

        @Test
        void theFirstPersonBecomesSiteAdministratorAndNoOneElse() {
            assertEquals(200, alice.get("/admin/").status());
            assertEquals(403, bob.get("/admin/").status());
            assertEquals(401, guest.get("/admin/").status());
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "alice,     is taken",
            "guest,     is reserved",
            "login,     is reserved",
            "'Bad Name', 'must be 2-32 lower-case letters'",
        })
        void refusesTakenReservedAndMalformedNames(String name, String message) {
            TestResponse r = guest.submit("/signup", "/signup", "name", name, "password", "long-enough-1");

            assertEquals(400, r.status());
            assertTrue(r.text().contains(message), r.text());
        }

        @Test
        void aWrongPasswordIs401AndLogsNoOneIn() {
            TestResponse r = guest.submit("/login", "/login", "name", "alice", "password", "not-her-password");

            assertEquals(401, r.status());
            assertNotNull(r.header("WWW-Authenticate"));
            assertEquals(401, guest.get("/admin/").status());
        }

        @Test
        void loggingInReturnsToTheRequestedPageOnly() {
            Browser b = new Browser(app);
            TestResponse r = b.submit("/login", "/login", "name", "bob", "password", "bob-secret",
                    "next", "/projects/");
            assertEquals("/projects/", r.header("Location"));

            TestResponse offsite = b.submit("/login", "/login", "name", "bob", "password", "bob-secret",
                    "next", "//evil.example/");
            assertEquals("/persons/bob/", offsite.header("Location"));
        }

        @Test
        void loggingOutEndsTheSession() {
            assertEquals(303, alice.submit("/logout", "/logout").status());

            assertEquals(401, alice.get("/admin/").status());
            assertTrue(alice.get("/").text().contains("Log in"));
        }

        /** Logging out ends the session on the server, not only in this browser. */
        @Test
        void aCookieCapturedBeforeLogoutNoLongerAuthenticates() {
            TestClient thief = replaying(alice);
            assertEquals(200, thief.get("/admin/").send().status(), "the captured cookie works before logout");

            assertEquals(303, alice.submit("/logout", "/logout").status());

            assertEquals(401, thief.get("/admin/").send().status());
        }

        /** A new session id at login, so an id planted before login is worth nothing. */
        @Test
        void loggingInStartsASessionUnderANewId() {
            Browser b = new Browser(app);
            b.token("/login"); // the guest session, holding the CSRF secret
            TestClient planted = replaying(b);

            b.logIn("bob");

            assertEquals(200, b.get("/projects/").status());
            assertTrue(b.get("/").text().contains("Log out"));
            assertFalse(planted.get("/").send().text().contains("Log out"), "the pre-login id must not log in");
        }

        /** A password change ends the person's other sessions; the one that made it stays. */
        @Test
        void changingThePasswordEndsEveryOtherSessionOfThatPerson() {
            Browser phone = new Browser(app).logIn("alice");
            TestClient thief = replaying(alice);

            TestResponse r = alice.submit("/password", "/password", "current", "alice-secret",
                    "password", "alice-new-secret");

            assertEquals(303, r.status(), r::text);
            assertEquals(200, alice.get("/admin/").status(), "the session that changed the password stays");
            assertEquals(401, phone.get("/admin/").status());
            assertEquals(401, thief.get("/admin/").send().status());
            assertEquals(401, new Browser(app).submit("/login", "/login", "name", "alice", "password",
                    "alice-secret").status());
            assertEquals(303, new Browser(app).submit("/login", "/login", "name", "alice", "password",
                    "alice-new-secret").status());
        }

        @Test
        void aPasswordChangeNeedsTheCurrentPassword() {
            TestResponse r = alice.submit("/password", "/password", "current", "wrong-password",
                    "password", "alice-new-secret");

            assertEquals(400, r.status(), r::text);
            assertEquals(200, alice.get("/admin/").status());
        }

        /** Guessing one person's password from one address is throttled. */
        @Test
        void wrongPasswordsForOneAccountAreThrottledWith429AndRetryAfter() {
            for (int i = 0; i < KForge.LOGIN_FAILURES_PER_ACCOUNT; i++) {
                assertEquals(401, new Browser(app).submit("/login", "/login", "name", "alice", "password",
                        "guess-" + i).status());
            }

            TestResponse r = new Browser(app).submit("/login", "/login", "name", "alice", "password", "alice-secret");

            assertEquals(429, r.status(), r::text);
            assertTrue(Long.parseLong(r.header("Retry-After")) > 0, r.header("Retry-After"));
            assertEquals(303, new Browser(app).submit("/login", "/login", "name", "bob", "password", "bob-secret")
                    .status(), "another account is not affected");
        }

        /** Guesses from one address do not lock the account's owner out: a lockout anyone could cause. */
        @Test
        void wrongPasswordsFromOneAddressDoNotLockTheOwnerOutFromAnother() {
            Browser attacker = new Browser(from("192.0.2.66"));
            for (int i = 0; i < KForge.LOGIN_FAILURES_PER_ACCOUNT; i++) {
                assertEquals(401, attacker.submit("/login", "/login", "name", "alice", "password", "guess-" + i)
                        .status());
            }
            assertEquals(429, attacker.submit("/login", "/login", "name", "alice", "password", "alice-secret")
                    .status(), "the guessing address is throttled for that account");

            TestResponse owner = new Browser(from("198.51.100.7")).submit("/login", "/login", "name", "alice",
                    "password", "alice-secret");
            assertEquals(303, owner.status(), owner::text);
        }

        /** Walking through the addresses of one IPv6 /64 is one client to the throttle, not many. */
        @Test
        void theAddressesOfOneIpv6NetworkAreOneClient() {
            for (int i = 0; i < KForge.LOGIN_FAILURES_PER_ACCOUNT; i++) {
                assertEquals(401, new Browser(from("2001:db8:1:2::" + Integer.toHexString(i + 1))).submit("/login",
                        "/login", "name", "alice", "password", "guess-" + i).status());
            }
            assertEquals(429, new Browser(from("2001:db8:1:2:ffff::9")).submit("/login", "/login", "name", "alice",
                    "password", "alice-secret").status());
            assertEquals(303, new Browser(from("2001:db8:1:3::1")).submit("/login", "/login", "name", "alice",
                    "password", "alice-secret").status(), "another network is another client");
        }

        /** The pipeline as a client at {@code address} reaches it (what ProxyFix or the server would set). */
        private Application from(String address) {
            return (environ, startResponse) -> {
                environ.put(Environ.REMOTE_ADDR, address);
                return app.call(environ, startResponse);
            };
        }

        /**
         * A REMOTE_USER the web server passed on (nginx's stock fastcgi_params send the client's Basic user
         * name, checked by no one) is not a login: only the session says who is logged in.
         */
        @Test
        void aRemoteUserFromTheWebServerIsNotALogin() {
            aliceCreates("secret", true);
            Application claimingAlice = (environ, startResponse) -> {
                environ.put(Environ.REMOTE_USER, "alice");
                return app.call(environ, startResponse);
            };

            assertEquals(404, new Browser(claimingAlice).get("/projects/secret/").status());
            assertEquals(401, new Browser(claimingAlice).get("/admin/").status());
        }

        /** Visitors opening forms leave nothing on disk: their session (the CSRF secret) lives in the cookie. */
        @Test
        void visitorsOpeningFormsLeaveNoSessionFiles() throws IOException {
            long before = sessionFiles();
            for (int i = 0; i < 50; i++) {
                Browser visitor = new Browser(app);
                visitor.get("/login").assertStatus(200);
                assertTrue(visitor.client.cookie("session").startsWith("v~"), visitor.client.cookie("session"));
            }
            assertEquals(before, sessionFiles());

            Browser carol = new Browser(app).signUp("carol");
            assertEquals(before + 1, sessionFiles(), "a person who signed up has a session on the server");
            assertEquals(303, carol.submit("/logout", "/logout").status());
            assertEquals(before, sessionFiles(), "logging out deletes it");
        }

        private long sessionFiles() throws IOException {
            try (var files = java.nio.file.Files.list(data.resolve("sessions"))) {
                return files.filter(f -> !f.getFileName().toString().startsWith(".")).count();
            }
        }

        /** One address trying many names is throttled too, for names that exist or not. */
        @Test
        void wrongPasswordsFromOneAddressAreThrottledWith429() {
            for (int i = 0; i < KForge.LOGIN_FAILURES_PER_ADDRESS; i++) {
                assertEquals(401, guest.submit("/login", "/login", "name", "nobody" + i, "password", "guess").status());
            }

            TestResponse r = guest.submit("/login", "/login", "name", "bob", "password", "bob-secret");

            assertEquals(429, r.status(), r::text);
            assertTrue(Long.parseLong(r.header("Retry-After")) > 0, r.header("Retry-After"));
        }
    }

    /** A client that sends the session cookie {@code b} holds now, as someone who copied it would. */
    private TestClient replaying(Browser b) {
        TestClient copy = TestClient.of(app);
        b.client.cookies().forEach(copy::cookie);
        return copy;
    }

    @Nested
    class Projects {
        @Test
        void aPublicProjectIsListedAndReadableByEveryone() {
            aliceCreates("demo", false);

            assertTrue(guest.get("/projects/").text().contains("The demo"));
            TestResponse home = guest.get("/projects/demo/");
            assertEquals(200, home.status());
            assertTrue(home.text().contains("alice</a>: Administrator"), home.text());
        }

        @Test
        void aPrivateProjectIsForMembersOnly() {
            aliceCreates("secret", true);

            assertFalse(guest.get("/projects/").text().contains("The secret"));
            // to anyone but its members a private project is not there: the same 404 as a name never used
            TestResponse forGuest = guest.get("/projects/secret/wiki/");
            assertEquals(404, forGuest.status());
            assertEquals(guest.get("/projects/nosuch/wiki/").text().replace("nosuch", "secret"), forGuest.text());
            assertTrue(forGuest.text().contains("/login?next=%2Fprojects%2Fsecret%2Fwiki%2F"), forGuest.text());
            TestResponse forBob = bob.get("/projects/secret/");
            assertEquals(404, forBob.status());
            assertEquals(bob.get("/projects/nosuch/").text().replace("nosuch", "secret"), forBob.text());
            assertEquals(404, bob.getJson("/projects/secret/").status());
            assertEquals(bob.getJson("/projects/nosuch/").json().get("error"), bob.getJson("/projects/secret/").json().get("error"));

            aliceAdds("bob", "Friend", "secret");

            assertEquals(200, bob.get("/projects/secret/").status());
            assertTrue(bob.get("/projects/").text().contains("The secret"));
        }

        @Test
        void theLastAdministratorCannotLeaveOrStepDown() {
            aliceCreates("solo", false);

            TestResponse leave = alice.submit("/projects/solo/", "/projects/solo/members/alice/remove");
            assertEquals(400, leave.status(), leave::text);
            assertTrue(leave.text().contains("last administrator"), leave.text());
            TestResponse demote = alice.submit("/projects/solo/", "/projects/solo/members", "person", "alice",
                    "role", "Friend");
            assertEquals(400, demote.status(), demote::text);
            assertEquals(303, alice.submit("/projects/solo/", "/projects/solo/settings", "title", "Still mine").status(),
                    "alice is still the administrator");

            aliceAdds("bob", "Administrator", "solo");
            assertEquals(303, alice.submit("/projects/solo/", "/projects/solo/members/alice/remove").status(),
                    "with another administrator the first may leave");
        }

        @Test
        void aJsonClientGetsJsonForAPageThatIsNotThere() {
            TestResponse r = bob.getJson("/nosuch");
            assertEquals(404, r.status());
            assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
            assertEquals("not found", r.json().get("error").asText());
        }

        @Test
        void anAdministratorCanMakeAProjectPrivate() {
            aliceCreates("demo", false);

            TestResponse r = alice.submit("/projects/demo/", "/projects/demo/settings", "title", "Demo <2>",
                    "description", "now closed", "private", "on");

            assertEquals(303, r.status(), r::text);
            assertEquals(404, guest.get("/projects/demo/").status());
            assertTrue(alice.get("/projects/demo/").text().contains("<h1>Demo &lt;2&gt;</h1>"));
        }

        @Test
        void onlyProjectAdministratorsManageMembers() {
            aliceCreates("demo", false);
            aliceAdds("bob", "Developer", "demo");

            TestResponse r = bob.submit("/projects/", "/projects/demo/members", "person", "bob",
                    "role", "Administrator");

            assertEquals(403, r.status());
        }

        @Test
        void aGuestCannotCreateAProject() {
            TestResponse r = guest.submit("/signup", "/projects/", "name", "mine");

            assertEquals(401, r.status());
        }

        @Test
        void addingAnUnknownPersonIsABadRequest() {
            aliceCreates("demo", false);

            TestResponse r = alice.submit("/projects/demo/", "/projects/demo/members", "person", "nobody",
                    "role", "Friend");

            assertEquals(400, r.status());
            assertTrue(r.text().contains("must sign up first"), r.text());
        }

        @Test
        void listsProjectsAsJsonWhenAsked() {
            aliceCreates("demo", false);

            TestResponse r = guest.getJson("/projects/");

            assertEquals("application/json", r.header("Content-Type"));
            assertEquals("demo", r.json().get(0).asText());
            assertEquals("Administrator".toUpperCase(), alice.getJson("/projects/demo/").json()
                    .get("members").get("alice").asText());
        }
    }

    @Nested
    class Wiki {
        @BeforeEach
        void project() {
            aliceCreates("demo", false);
            aliceAdds("bob", "Friend", "demo");
        }

        @Test
        void createsEditsAndKeepsTheHistoryOfAPage() {
            TestResponse created = alice.submit("/projects/demo/wiki/Home/edit", "/projects/demo/wiki/Home",
                    "text", "= Welcome\n\nFirst <draft> & [[Notes]]", "comment", "start");
            assertEquals(303, created.status(), created::text);
            assertEquals("/projects/demo/wiki/Home", created.header("Location"));
            alice.submit("/projects/demo/wiki/Home/edit", "/projects/demo/wiki/Home", "text", "Second", "comment", "");

            String page = guest.get("/projects/demo/wiki/Home").text();
            assertTrue(page.contains("<p>Second</p>"), page);
            assertTrue(page.contains("Revision 2 by alice"), page);
            String first = guest.get("/projects/demo/wiki/Home/history/1").text();
            assertTrue(first.contains("<h2>Welcome</h2>"), first);
            assertTrue(first.contains("First &lt;draft&gt; &amp; <a href=\"/projects/demo/wiki/Notes\">Notes</a>"),
                    first);
            JsonNode json = guest.getJson("/projects/demo/wiki/Home").json();
            assertEquals(2, json.get("revisions").size());
            assertEquals("start", json.get("revisions").get(0).get("comment").asText());
        }

        @Test
        void aFriendMayReadButNotEdit() {
            alice.submit("/projects/demo/wiki/Home/edit", "/projects/demo/wiki/Home", "text", "hello");

            assertEquals(200, bob.get("/projects/demo/wiki/Home").status());
            TestResponse edit = bob.submit("/projects/demo/wiki/Home/edit", "/projects/demo/wiki/Home", "text", "x");
            assertEquals(403, edit.status());
            assertTrue(guest.get("/projects/demo/wiki/Home").text().contains("hello"));
        }

        @Test
        void aDeveloperMayEdit() {
            aliceAdds("bob", "Developer", "demo");

            TestResponse edit = bob.submit("/projects/demo/wiki/Home/edit", "/projects/demo/wiki/Home", "text", "x");

            assertEquals(303, edit.status());
        }

        @Test
        void aGuestEditingAPublicProjectIsAskedToLogIn() {
            TestResponse edit = guest.submit("/projects/demo/wiki/Home/edit", "/projects/demo/wiki/Home", "text", "x");

            assertEquals(401, edit.status());
        }

        @Test
        void aMissingPageOffersToCreateIt() {
            TestResponse r = guest.get("/projects/demo/wiki/Nothing");

            assertEquals(404, r.status());
            assertTrue(r.text().contains("/projects/demo/wiki/Nothing/edit"), r.text());
        }
    }

    @Nested
    class Tickets {
        @Test
        void opensCommentsOnAndClosesATicket() {
            aliceCreates("demo", false);

            TestResponse opened = alice.submit("/projects/demo/tickets/", "/projects/demo/tickets/",
                    "title", "Crash on <start>", "description", "steps");
            assertEquals("/projects/demo/tickets/1", opened.header("Location"));
            alice.submit("/projects/demo/tickets/1", "/projects/demo/tickets/1/comments", "text", "seen it");
            alice.submit("/projects/demo/tickets/1", "/projects/demo/tickets/1/close", "text", "fixed");

            JsonNode t = guest.getJson("/projects/demo/tickets/1").json();
            assertFalse(t.get("open").asBoolean());
            assertEquals("seen it", t.get("comments").get(0).get("text").asText());
            assertEquals("fixed", t.get("comments").get(1).get("text").asText());
            String html = guest.get("/projects/demo/tickets/").text();
            assertTrue(html.contains("#1 Crash on &lt;start&gt;</a> (closed)"), html);
        }

        @Test
        void numbersTicketsOneAfterAnother() {
            aliceCreates("demo", false);
            for (int i = 1; i <= 3; i++) {
                TestResponse r = alice.submit("/projects/demo/tickets/", "/projects/demo/tickets/", "title", "t" + i);
                assertEquals("/projects/demo/tickets/" + i, r.header("Location"));
            }
        }
    }

    @Nested
    class Files {
        private final byte[] content = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

        @BeforeEach
        void project() {
            aliceCreates("demo", true);
        }

        @Test
        void uploadsListsAndDownloadsAFileWithRanges() {
            TestResponse up = alice.upload("/projects/demo/files/", "/projects/demo/files/", "notes.txt", content);
            assertEquals(303, up.status(), up::text);

            assertTrue(alice.get("/projects/demo/files/").text().contains("notes.txt</a> (16 bytes)"));
            TestResponse whole = alice.get("/projects/demo/files/notes.txt");
            assertEquals(200, whole.status());
            assertArrayEquals(content, whole.bytes());
            TestResponse part = alice.client.get("/projects/demo/files/notes.txt").header("Range", "bytes=2-5").send();
            assertEquals(206, part.status());
            assertEquals("bytes 2-5/16", part.header("Content-Range"));
            assertArrayEquals(Arrays.copyOfRange(content, 2, 6), part.bytes());
        }

        @Test
        void downloadsOfAPrivateProjectAreForMembers() {
            alice.upload("/projects/demo/files/", "/projects/demo/files/", "notes.txt", content);

            assertEquals(404, guest.get("/projects/demo/files/notes.txt").status());
            assertEquals(404, bob.get("/projects/demo/files/notes.txt").status());
        }

        @Test
        void refusesFileNamesThatCouldHide() {
            TestResponse up = alice.upload("/projects/demo/files/", "/projects/demo/files/", ".htaccess", content);

            assertEquals(400, up.status());
        }
    }

    @Nested
    class Csrf {
        @Test
        void aPostWithoutTheTokenIsForbidden() {
            TestResponse r = alice.client.post("/projects/").form("name", "sneaky").send();

            assertEquals(403, r.status());
            assertFalse(guest.get("/projects/").text().contains("sneaky"));
        }

        @Test
        void aTokenFromAnotherSessionIsForbidden() {
            String bobsToken = bob.token("/projects/");

            TestResponse r = alice.client.post("/projects/").form("csrf_token", bobsToken).form("name", "sneaky")
                    .send();

            assertEquals(403, r.status());
        }

        // Every page and service takes GET and POST only; another method is refused by routing
        // (405 naming what the resource takes, or 404), not by the CSRF guard, and changes nothing.
        @ParameterizedTest
        @CsvSource({
            "PUT, /, GET",
            "DELETE, /login, 'GET, HEAD, OPTIONS, POST'",
            "PATCH, /projects/, 'GET, HEAD, OPTIONS, POST'",
            "PUT, /projects/demo/members, 'OPTIONS, POST'",
            "DELETE, /projects/demo/wiki/Home, 'GET, HEAD, OPTIONS, POST'",
            "PUT, /projects/demo/tickets/, 'GET, HEAD, OPTIONS, POST'",
            "DELETE, /projects/demo/files/, 'GET, HEAD, OPTIONS, POST'",
            "PROPFIND, /admin/, 'GET, HEAD, OPTIONS'"
        })
        void aMethodNoPageTakesIsNotAllowedRatherThanForbidden(String method, String path, String allow) {
            aliceCreates("demo", false);

            TestResponse r = alice.client.request(method, path).body("text=changed".getBytes(StandardCharsets.UTF_8))
                    .send();

            assertEquals(405, r.status(), r::text);
            assertTrue(List.of(r.header("Allow").split(", ")).containsAll(List.of(allow.split(", "))),
                    () -> "Allow: " + r.header("Allow"));
            assertEquals(404, alice.get("/projects/demo/wiki/Home").status());
        }
    }

    @Test
    void everythingSavedIsThereAfterARestart() throws IOException {
        aliceCreates("demo", true);
        alice.submit("/projects/demo/wiki/Home/edit", "/projects/demo/wiki/Home", "text", "kept");

        Browser later = new Browser(KForge.pipeline(Site.open(data), KForge.sessionStore(data), false, LogSink.of(accessLog))).logIn("alice");

        assertTrue(later.get("/projects/demo/wiki/Home").text().contains("<p>kept</p>"));
    }

    @Test
    void printsItsPipelineAsTheCodeThatBuiltIt() {
        List<String> lines = app.toString().lines().map(String::strip).toList();

        assertEquals("Pipeline.builder()", lines.get(0));
        assertTrue(lines.get(1).startsWith(".use(AccessLog"), lines::toString);
        assertEquals(".use(ErrorCatcher.of())", lines.get(2));
        assertTrue(lines.get(3).startsWith(".use(Sessions"), lines::toString);
        assertEquals(".use(Authenticate.of(registeredPerson(session \"user\")))", lines.get(4));
        assertEquals(".use(FriendlyErrors.of())", lines.get(5));
        assertEquals(".use(CsrfGuard.of())", lines.get(7));
        assertTrue(lines.get(8).startsWith(".map(\"/static\", StaticFiles"), lines::toString);
        assertTrue(lines.get(9).startsWith(".run(FrontController"), lines::toString);
    }

    @Test
    void logsEachRequestWithThePersonWhoMadeIt() {
        accessLog.reset();

        alice.get("/projects/");
        guest.get("/nowhere");

        List<String> lines = accessLog.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size(), lines::toString);
        assertTrue(lines.get(0).contains(" alice [") && lines.get(0).contains("\"GET /projects/ HTTP/1.1\" 200"),
                lines.get(0));
        assertTrue(lines.get(1).contains(" - [") && lines.get(1).contains("\" 404 "), lines.get(1));
    }
}

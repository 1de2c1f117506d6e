// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import static io.wsgi4j.middleware.session.SessionsTest.APP;
import static io.wsgi4j.middleware.session.SessionsTest.NOW;
import static io.wsgi4j.middleware.session.SessionsTest.at;
import static io.wsgi4j.middleware.session.SessionsTest.cookieOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Sessions kept on the server, so that logging out ends them for every copy of the cookie. */
class SessionStoreTest {
    private static final byte[] DATA = "{\"e\":1,\"d\":{}}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;

    static Stream<SessionStore> serverSide() throws IOException {
        return Stream.of(MemorySessionStore.of(Duration.ofDays(1), 1000),
                FileSessionStore.open(Files.createTempDirectory(dir, "sessions"), Duration.ofDays(1)));
    }

    private static TestClient client(SessionStore store) {
        return TestClient.of(Sessions.builder(store).clock(at(NOW)).build().wrap(APP));
    }

    @Nested
    class ThroughTheMiddleware {
        @ParameterizedTest(name = "{0}")
        @MethodSource("io.wsgi4j.middleware.session.SessionStoreTest#serverSide")
        void aCookieCopiedBeforeLogoutFindsNothingAfterIt(SessionStore store) {
            TestClient alice = client(store);
            String cookie = cookieOf(alice.get("/").query("set", "alice").send());
            TestClient thief = client(store);
            thief.cookie("session", cookie.substring(cookie.indexOf('=') + 1));
            assertEquals("alice", thief.get("/").send().text());

            TestResponse logout = alice.get("/").query("logout", "").send();

            assertTrue(logout.header("Set-Cookie").contains("Max-Age=0"), logout.header("Set-Cookie"));
            assertEquals("null", thief.get("/").send().text());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.wsgi4j.middleware.session.SessionStoreTest#serverSide")
        void aRequestInFlightDuringLogoutCannotBringTheSessionBack(SessionStore store) throws Exception {
            TestClient alice = client(store);
            String cookie = cookieOf(alice.get("/").query("set", "alice").send());
            // a second request with a copy of the cookie reads the session, then waits while alice logs out
            CountDownLatch read = new CountDownLatch(1);
            CountDownLatch loggedOut = new CountDownLatch(1);
            Application slow = (environ, sr) -> {
                Session s = Session.of(environ);
                s.get("user");
                read.countDown();
                loggedOut.await();
                s.put("note", "written after the logout");
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return Body.of(String.valueOf(s.get("user")));
            };
            TestClient copy = TestClient.of(Sessions.builder(store).clock(at(NOW)).build().wrap(slow));
            copy.cookie("session", cookie.substring(cookie.indexOf('=') + 1));
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                Future<TestResponse> inFlight = other.submit(() -> copy.get("/").send());
                assertTrue(read.await(10, TimeUnit.SECONDS), "the second request did not start");
                alice.get("/").query("logout", "").send();
                loggedOut.countDown();
                TestResponse late = inFlight.get(10, TimeUnit.SECONDS);

                // nothing: a deletion arriving this late could wipe a newer cookie (a login in another tab)
                assertNull(late.header("Set-Cookie"), late.header("Set-Cookie"));
            } finally {
                other.shutdownNow();
            }
            assertEquals("null", copy.get("/").send().text(), "the copy is logged out, not moved to a new key");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.wsgi4j.middleware.session.SessionStoreTest#serverSide")
        void theCookieHoldsARandomIdNotTheData(SessionStore store) {
            String a = cookieOf(client(store).get("/").query("set", "alice").send());
            String b = cookieOf(client(store).get("/").query("set", "alice").send());

            assertTrue(a.matches("session=[A-Za-z0-9_-]{43}"), a);
            assertNotEquals(a, b);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.wsgi4j.middleware.session.SessionStoreTest#serverSide")
        void invalidatingThenStoringMovesTheSessionToANewId(SessionStore store) throws IOException {
            TestClient c = client(store);
            String before = cookieOf(c.get("/").query("set", "guest").send());
            String key = before.substring(before.indexOf('=') + 1);

            String after = cookieOf(c.get("/").query("logout", "").query("set", "alice").send());

            assertNotEquals(before, after);
            assertNull(store.read(key), "the id from before login must find nothing");
            assertEquals("alice", c.get("/").send().text());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.wsgi4j.middleware.session.SessionStoreTest#serverSide")
        void aChangeKeepsTheIdAndIsSeenByTheNextRequest(SessionStore store) {
            TestClient c = client(store);
            String first = cookieOf(c.get("/").query("set", "alice").send());
            String second = cookieOf(c.get("/").query("set", "bob").send());

            assertEquals(first, second);
            assertEquals("bob", c.get("/").send().text());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.wsgi4j.middleware.session.SessionStoreTest#serverSide")
        void expiredDataIsIgnoredEvenIfTheStoreStillHasIt(SessionStore store) {
            TestClient c = client(store);
            String cookie = cookieOf(c.get("/").query("set", "alice").send());
            TestClient later = TestClient.of(Sessions.builder(store).clock(at(NOW.plus(Duration.ofDays(15))))
                    .build().wrap(APP));
            later.cookie("session", cookie.substring(cookie.indexOf('=') + 1));

            assertEquals("null", later.get("/").send().text());
        }
    }

    @Nested
    class Contract {
        @ParameterizedTest(name = "{0}")
        @MethodSource("io.wsgi4j.middleware.session.SessionStoreTest#serverSide")
        void readsNothingForKeysItNeverIssued(SessionStore store) throws IOException {
            for (String key : new String[] {null, "", "x", "../../etc/passwd", "a".repeat(43), "a/".repeat(22)}) {
                assertNull(store.read(key), key);
                store.delete(key); // and deleting them changes nothing
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.wsgi4j.middleware.session.SessionStoreTest#serverSide")
        void aDeletedKeyIsNotRevivedByALateWrite(SessionStore store) throws IOException {
            String key = store.write(null, DATA);
            store.delete(key);

            String again = store.write(key, DATA);

            assertNotEquals(key, again);
            assertNull(store.read(key));
            assertArrayEquals(DATA, store.read(again));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.wsgi4j.middleware.session.SessionStoreTest#serverSide")
        void updateStoresOnlyUnderAKeyThatStillExists(SessionStore store) throws IOException {
            String key = store.write(null, DATA);
            byte[] changed = "{\"e\":2,\"d\":{}}".getBytes(StandardCharsets.UTF_8);
            assertEquals(key, store.update(key, changed));
            assertArrayEquals(changed, store.read(key));

            store.delete(key);

            assertNull(store.update(key, DATA), "a deleted key stays deleted");
            assertNull(store.read(key));
            assertNull(store.update("x", DATA), "a key the store never issued");
            assertNull(store.update(null, DATA));
        }

        @Test
        void theSignedCookieStoreKeepsTheDataInTheKey() {
            SignedCookieStore store = SignedCookieStore.of(SessionsTest.KEY);
            String key = store.write(null, DATA);

            assertArrayEquals(DATA, store.read(key));
            assertNull(store.read(key + "x"));
            assertNull(SignedCookieStore.of(SessionsTest.OTHER_KEY).read(key));
        }
    }

    @Nested
    class Files_ {
        @Test
        void sessionsSurviveARestart() throws IOException {
            Path d = Files.createTempDirectory(dir, "restart");
            String cookie = cookieOf(client(FileSessionStore.open(d, Duration.ofDays(1))).get("/")
                    .query("set", "alice").send());

            TestClient afterRestart = client(FileSessionStore.open(d, Duration.ofDays(1)));
            afterRestart.cookie("session", cookie.substring(cookie.indexOf('=') + 1));

            assertEquals("alice", afterRestart.get("/").send().text());
        }

        @Test
        void filesAreNamedByAHashSoAListingHoldsNoUsableId() throws IOException {
            Path d = Files.createTempDirectory(dir, "hashed");
            String key = FileSessionStore.open(d, Duration.ofDays(1)).write(null, DATA);

            try (Stream<Path> files = Files.list(d)) {
                List<String> names = files.map(p -> p.getFileName().toString()).toList();
                assertEquals(1, names.size());
                assertFalse(names.get(0).contains(key), names::toString);
            }
        }

        @Test
        void purgesSessionsNotWrittenForTheRetention() throws IOException {
            Path d = Files.createTempDirectory(dir, "purge");
            FileSessionStore store = FileSessionStore.open(d, Duration.ofHours(1), at(NOW));
            String old = store.write(null, DATA);
            String fresh = store.write(null, DATA);
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.toList()) {
                    Files.setLastModifiedTime(f, FileTime.from(NOW.minus(Duration.ofMinutes(30))));
                }
            }
            Files.setLastModifiedTime(d.resolve(only(d, store, old)), FileTime.from(NOW.minus(Duration.ofHours(2))));

            assertEquals(1, store.purge());
            assertNull(store.read(old));
            assertArrayEquals(DATA, store.read(fresh));
        }

        /** The file name of {@code key}: the one that disappears when it is deleted from a copy of the listing. */
        private String only(Path d, FileSessionStore store, String key) throws IOException {
            List<String> before;
            try (Stream<Path> files = Files.list(d)) {
                before = files.map(p -> p.getFileName().toString()).toList();
            }
            byte[] data = store.read(key);
            store.delete(key);
            List<String> after;
            try (Stream<Path> files = Files.list(d)) {
                after = files.map(p -> p.getFileName().toString()).toList();
            }
            String name = before.stream().filter(n -> !after.contains(n)).findFirst().orElseThrow();
            Files.write(d.resolve(name), data); // put it back as it was
            return name;
        }
    }

    @Test
    void printsAsTheCodeThatMadeIt() {
        assertEquals("Sessions.of(MemorySessionStore.of(Duration.ofDays(1), 1000))",
                Sessions.builder(MemorySessionStore.of(Duration.ofDays(1), 1000)).build().toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {0, -1})
    void aMemoryStoreWithNoRoomIsRejected(int max) {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> MemorySessionStore.of(Duration.ofDays(1), max));
    }
}

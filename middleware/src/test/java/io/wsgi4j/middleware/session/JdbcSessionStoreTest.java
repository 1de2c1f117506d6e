// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import static io.wsgi4j.middleware.session.SessionsTest.APP;
import static io.wsgi4j.middleware.session.SessionsTest.NOW;
import static io.wsgi4j.middleware.session.SessionsTest.at;
import static io.wsgi4j.middleware.session.SessionsTest.cookieOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.external.PostgresProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Sessions shared by several processes through one table of a real PostgreSQL server. */
class JdbcSessionStoreTest {
    private static final byte[] DATA = "{\"e\":1,\"d\":{}}".getBytes(StandardCharsets.UTF_8);
    private static PostgresProcess postgres;
    private static PGSimpleDataSource db;

    @BeforeAll
    static void startPostgres() throws Exception {
        PostgresProcess.assumeInstalled();
        postgres = PostgresProcess.start();
        db = new PGSimpleDataSource();
        db.setURL(postgres.jdbcUrl());
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** A second store on the same table stands for a second process behind the same load balancer. */
    private static JdbcSessionStore store(String table) throws IOException {
        return JdbcSessionStore.of(db, Duration.ofDays(1)).withTable(table);
    }

    private static TestClient client(SessionStore store) {
        return TestClient.of(Sessions.builder(store).clock(at(NOW)).build().wrap(APP));
    }

    @Test
    void aSessionStartedInOneProcessIsSeenByAnother() throws IOException {
        TestClient first = client(store("shared"));
        String cookie = cookieOf(first.get("/").query("set", "alice").send());

        TestClient second = client(store("shared"));
        second.cookie("session", cookie.substring(cookie.indexOf('=') + 1));

        assertEquals("alice", second.get("/").send().text());
    }

    @Test
    void aLogoutInOneProcessEndsTheSessionInEvery() throws IOException {
        TestClient alice = client(store("logout"));
        String cookie = cookieOf(alice.get("/").query("set", "alice").send());
        TestClient elsewhere = client(store("logout"));
        elsewhere.cookie("session", cookie.substring(cookie.indexOf('=') + 1));
        assertEquals("alice", elsewhere.get("/").send().text());

        alice.get("/").query("logout", "").send();

        assertEquals("null", elsewhere.get("/").send().text());
    }

    @Test
    void keepsTheBytesAsTheyAreAndAChangeKeepsTheId() throws IOException {
        JdbcSessionStore store = store("bytes");
        byte[] odd = {0, (byte) 0xff, '{', '\n', (byte) 0x80};
        String key = store.write(null, odd);

        assertArrayEquals(odd, store.read(key));
        assertEquals(key, store.write(key, DATA));
        assertArrayEquals(DATA, store.read(key));
    }

    @Test
    void readsNothingForKeysItNeverIssuedAndNeverQueriesThem() throws IOException {
        JdbcSessionStore store = store("unknown");
        for (String key : new String[] {null, "", "x", "' OR '1'='1", "a".repeat(43), "a'".repeat(22)}) {
            assertNull(store.read(key), key);
            store.delete(key);
        }
    }

    @Test
    void aDeletedKeyIsNotRevivedByALateWrite() throws IOException {
        JdbcSessionStore store = store("revive");
        String key = store.write(null, DATA);
        store.delete(key);

        String again = store.write(key, DATA);

        assertNotEquals(key, again);
        assertNull(store.read(key));
        assertArrayEquals(DATA, store.read(again));
    }

    @Test
    void updateStoresOnlyUnderAKeyThatStillExists() throws IOException {
        JdbcSessionStore store = store("update");
        String key = store.write(null, DATA);
        byte[] changed = {'{', '}'};
        assertEquals(key, store.update(key, changed));
        assertArrayEquals(changed, store.read(key));

        store("update").delete(key); // a logout through another process

        assertNull(store.update(key, DATA), "a deleted key stays deleted");
        assertNull(store.read(key));
        assertNull(store.update("' OR '1'='1", DATA), "a key the store never issued");
    }

    @Test
    void readsNothingForASessionNotWrittenForTheRetentionAndPurgesIt() throws IOException {
        JdbcSessionStore then = JdbcSessionStore.of(db, Duration.ofHours(1)).withTable("expiry").withClock(at(NOW));
        String old = then.write(null, DATA);
        JdbcSessionStore later = then.withClock(at(NOW.plus(Duration.ofMinutes(90))));

        assertNull(later.read(old), "older than the retention reads as nothing");
        assertArrayEquals(DATA, then.read(old), "reading it did not delete it");
        assertEquals(1, later.purgeExpired());
        assertNull(then.read(old), "the purge removed the row");
    }

    @Test
    void aWriteRunsThePurgeSoTheTableDoesNotGrowWithoutBound() throws IOException {
        JdbcSessionStore then = JdbcSessionStore.of(db, Duration.ofHours(1)).withTable("purge").withClock(at(NOW));
        String old = then.write(null, DATA);

        String fresh = then.withClock(at(NOW.plus(Duration.ofMinutes(90)))).write(null, DATA);

        assertNull(then.read(old), "the expired row is gone");
        assertArrayEquals(DATA, then.read(fresh));
    }

    @Test
    void concurrentWritersFromTwoProcessesLoseNoSession() throws Exception {
        JdbcSessionStore a = store("concurrent");
        JdbcSessionStore b = store("concurrent");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> keys = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                JdbcSessionStore s = i % 2 == 0 ? a : b;
                byte[] data = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                keys.add(pool.submit(() -> s.write(null, data)));
            }
            Set<String> distinct = new HashSet<>();
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i).get();
                distinct.add(key);
                assertArrayEquals(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), (i % 2 == 0 ? b : a).read(key));
            }
            assertEquals(200, distinct.size());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Several processes started together (systemd, a deploy) all create the missing table at once. */
    @Test
    void storesOpenedAtTheSameMomentOnAMissingTableAllOpen() throws Exception {
        int stores = 8;
        ExecutorService pool = Executors.newFixedThreadPool(stores);
        try {
            for (int round = 0; round < 10; round++) {
                String table = "opened_together_" + round;
                java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(stores);
                List<Future<JdbcSessionStore>> opened = new ArrayList<>();
                for (int i = 0; i < stores; i++) {
                    opened.add(pool.submit(() -> {
                        together.await();
                        return JdbcSessionStore.of(db, Duration.ofDays(1)).withTable(table);
                    }));
                }
                for (Future<JdbcSessionStore> f : opened) {
                    f.get(); // an IOException from CREATE TABLE would surface here
                }
                assertNull(opened.get(0).get().read("x".repeat(43)));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesATableNameThatIsNotAPlainIdentifier() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JdbcSessionStore.of(db, Duration.ofDays(1)).withTable("sessions; DROP TABLE x"));
        assertTrue(e.getMessage().contains("sessions; DROP TABLE x"), e.getMessage());
    }

    @Test
    void aDatabaseThatCannotBeReachedIsAnIOExceptionNamingTheTable() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setURL("jdbc:postgresql://127.0.0.1:1/postgres?user=postgres&connectTimeout=2");

        IOException e = assertThrows(IOException.class, () -> JdbcSessionStore.of(nowhere, Duration.ofDays(1)));
        assertTrue(e.getMessage().contains(JdbcSessionStore.DEFAULT_TABLE), e.getMessage());
    }
}

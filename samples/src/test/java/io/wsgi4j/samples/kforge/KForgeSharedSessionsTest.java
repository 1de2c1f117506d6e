// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.middleware.logging.LogSink;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.external.PostgresProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KForge's {@code --sessions jdbc:postgresql://...} store against a real PostgreSQL: two KForge
 * pipelines, each with its own store opened from the same URL (as two processes would have), share
 * sessions: logged in through one is logged in through the other, logging out on one ends it on both.
 */
class KForgeSharedSessionsTest {
    private static PostgresProcess postgres;

    @TempDir
    Path data;

    @BeforeAll
    static void startPostgres() throws Exception {
        PostgresProcess.assumeInstalled();
        postgres = PostgresProcess.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @DisplayName("a session started on one KForge is valid on another sharing the database; logout on one ends it on both")
    void sessionsAreSharedThroughPostgres() throws IOException {
        Site site = Site.open(data);
        Application one = KForge.pipeline(site, KForge.sessionStore(postgres.jdbcUrl()), false,
                LogSink.of(OutputStream.nullOutputStream()));
        Application two = KForge.pipeline(site, KForge.sessionStore(postgres.jdbcUrl()), false,
                LogSink.of(OutputStream.nullOutputStream()));
        Browser alice = new Browser(one).signUp("alice");
        TestClient aliceOnTwo = TestClient.of(two);
        alice.client.cookies().forEach(aliceOnTwo::cookie);

        assertEquals(200, aliceOnTwo.get("/admin/").send().status(), "the session from the first KForge");

        assertEquals(303, alice.submit("/logout", "/logout").status());
        assertEquals(401, aliceOnTwo.get("/admin/").send().status(), "logout on the first ends it on the second");
    }

    @Test
    @DisplayName("--sessions with a URL that is not jdbc:postgresql: is refused, naming the value")
    void aNonPostgresUrlIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KForge.sessionStore("mysql://localhost/kforge"));
        assertTrue(e.getMessage().contains("\"mysql://localhost/kforge\""), e.getMessage());
    }
}

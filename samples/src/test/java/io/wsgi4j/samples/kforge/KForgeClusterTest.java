// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import static io.wsgi4j.samples.kforge.KForgeCluster.backendOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.samples.kforge.KForgeCluster.Transport;
import io.wsgi4j.samples.kforge.store.Json;
import io.wsgi4j.testing.contract.NginxProcess;
import io.wsgi4j.testing.external.PostgresProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Three KForge JVMs on one data directory, sessions in one PostgreSQL, behind one real nginx
 * {@code upstream}, all started from docs/DEPLOYING.md's commands and blocks ({@link KForgeCluster}):
 * whatever one process wrote or started, the others honour; concurrent writes through all three lose
 * nothing; SIGTERM to one during a burst loses no acknowledged write and nginx fails over. Runs over
 * HTTP and over FastCGI. Skipped when nginx or PostgreSQL is not installed.
 */
class KForgeClusterTest {
    private static final int CLIENTS = 6;
    private static PostgresProcess postgres;

    @TempDir
    Path data;

    @BeforeAll
    static void startPostgres() throws Exception {
        NginxProcess.assumeInstalled();
        PostgresProcess.assumeInstalled();
        postgres = PostgresProcess.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    private KForgeCluster start(Transport transport) throws Exception {
        return KForgeCluster.start(transport, data, postgres.jdbcUrl());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    @DisplayName("signed up on one process, logged in on all three; logged out on one, logged out on all three")
    void aSessionMadeOnOneProcessIsHonouredByTheOthers(Transport transport) throws Exception {
        try (KForgeCluster cluster = start(transport)) {
            WebUser erin = new WebUser(cluster.url());
            HttpResponse<String> signedUp = erin.post("/signup", erin.token("/signup"), "name", "erin",
                    "password", "erin-secret");
            assertEquals(303, signedUp.statusCode(), cluster::nginxLog);

            assertEquals(Set.copyOf(cluster.backends()), answeringBackends(cluster, erin, 200),
                    "the session started on " + backendOf(signedUp) + " is honoured by every process");

            HttpResponse<String> loggedOut = erin.post("/logout", erin.token("/projects/"));
            assertEquals(303, loggedOut.statusCode());
            assertEquals(Set.copyOf(cluster.backends()), answeringBackends(cluster, erin, 401),
                    "logging out on " + backendOf(loggedOut) + " ends the session on every process");
        }
    }

    /** GETs /admin/ until every backend has answered (round robin), each with {@code status}. */
    private static Set<String> answeringBackends(KForgeCluster cluster, WebUser user, int status)
            throws IOException, InterruptedException {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10 * cluster.backends().size() && seen.size() < cluster.backends().size(); i++) {
            HttpResponse<String> admin = user.get("/admin/", "text/html");
            assertEquals(status, admin.statusCode(), "GET /admin/ on " + backendOf(admin));
            seen.add(backendOf(admin));
        }
        return seen;
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    @DisplayName("a wiki page and a ticket written through one process are read through the other two")
    void aPageWrittenThroughOneIsReadThroughTheOthers(Transport transport) throws Exception {
        try (KForgeCluster cluster = start(transport)) {
            WebUser erin = signedUpWithProject(cluster);
            String token = erin.token("/projects/");
            HttpResponse<String> saved = erin.post("/projects/web/wiki/Home", token, "text", "= Written once");
            assertEquals(303, saved.statusCode());
            HttpResponse<String> opened = erin.post("/projects/web/tickets/", token, "title", "Seen everywhere");
            assertEquals(303, opened.statusCode());
            String ticket = opened.headers().firstValue("Location").orElseThrow();

            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 30 && seen.size() < cluster.backends().size(); i++) {
                HttpResponse<String> page = erin.get("/projects/web/wiki/Home", "text/html");
                assertTrue(page.body().contains("<h2>Written once</h2>"), "the page saved on " + backendOf(saved)
                        + ", read on " + backendOf(page) + ":\n" + page.body());
                HttpResponse<String> t = erin.get(ticket, "application/json");
                assertEquals("Seen everywhere", Json.mapper().readTree(t.body()).get("title").asText(),
                        "the ticket opened on " + backendOf(opened) + ", read on " + backendOf(t));
                seen.add(backendOf(page));
                seen.add(backendOf(t));
            }
            assertEquals(Set.copyOf(cluster.backends()), seen);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    @DisplayName("6 clients writing through all three processes, to their own pages, to one shared page and"
            + " opening tickets: every acknowledged write is read back and no ticket number is given twice")
    void concurrentWritesThroughAllThreeLoseNone(Transport transport) throws Exception {
        try (KForgeCluster cluster = start(transport)) {
            WebUser erin = signedUpWithProject(cluster);
            String token = erin.token("/projects/");
            AcknowledgedWrites writes = new AcknowledgedWrites();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    done.add(pool.submit(() -> {
                        for (int r = 1; r <= 8; r++) {
                            writes.ownPage(erin, token, client, r);
                            writes.sharedPage(erin, token, client, r);
                            writes.ticket(erin, token, client, r);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(300, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            assertEquals(List.of(), writes.refused, () -> "writes not acknowledged (none expected with all three up)\n"
                    + cluster.logs());
            assertEquals(Set.copyOf(cluster.backends()), writes.backends, "every process acknowledged writes");
            writes.assertAllReadBack(erin, CLIENTS);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    @DisplayName("SIGTERM to one process during a burst: it exits 0, nginx fails over to the other two, every"
            + " request is acknowledged and every acknowledged write is read back")
    void sigtermToOneDuringABurstLosesNoAcknowledgedWrite(Transport transport) throws Exception {
        try (KForgeCluster cluster = start(transport)) {
            WebUser erin = signedUpWithProject(cluster);
            String token = erin.token("/projects/");
            AcknowledgedWrites writes = new AcknowledgedWrites();
            CountDownLatch burstGoing = new CountDownLatch(CLIENTS * 3);
            CountDownLatch afterExit = new CountDownLatch(CLIENTS * 5);
            AtomicBoolean exited = new AtomicBoolean();
            Set<String> answeredAfterExit = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    done.add(pool.submit(() -> {
                        for (int r = 1; afterExit.getCount() > 0; r++) {
                            boolean sentAfterExit = exited.get();
                            String backend = writes.ownPage(erin, token, client, r);
                            burstGoing.countDown();
                            if (sentAfterExit) {
                                answeredAfterExit.add(backend);
                                afterExit.countDown();
                            }
                        }
                        return null;
                    }));
                }
                assertTrue(burstGoing.await(300, TimeUnit.SECONDS), "the burst never got going: " + writes.refused);
                assertEquals(0, cluster.terminate(0), "exit status after SIGTERM:\n" + cluster.output(0));
                exited.set(true);
                for (Future<?> f : done) {
                    f.get(300, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            assertEquals(List.of(), writes.refused, () -> "requests not acknowledged during the failover\n"
                    + cluster.logs());
            assertFalse(answeredAfterExit.contains(cluster.backends().get(0)), "the stopped process answered");
            assertEquals(Set.copyOf(cluster.backends().subList(1, 3)), answeredAfterExit,
                    "the two remaining processes share the load after the failover");
            writes.assertAllReadBack(erin, CLIENTS);
        }
    }

    /** Signs up erin (site admin, as the first person) and creates her project "web". */
    private static WebUser signedUpWithProject(KForgeCluster cluster) throws IOException, InterruptedException {
        WebUser erin = new WebUser(cluster.url());
        assertEquals(303, erin.post("/signup", erin.token("/signup"), "name", "erin", "password", "erin-secret")
                .statusCode(), cluster::nginxLog);
        assertEquals(303, erin.post("/projects/", erin.token("/projects/"), "name", "web").statusCode());
        return erin;
    }
}

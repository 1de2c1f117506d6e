// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import io.wsgi4j.Application;
import io.wsgi4j.Pipeline;
import io.wsgi4j.middleware.auth.Authenticate;
import io.wsgi4j.middleware.auth.Authenticator;
import io.wsgi4j.middleware.dispatch.FrontController;
import io.wsgi4j.middleware.dispatch.TargetLookup;
import io.wsgi4j.middleware.errors.ErrorCatcher;
import io.wsgi4j.middleware.files.AtomicFiles;
import io.wsgi4j.middleware.files.StaticFiles;
import io.wsgi4j.middleware.logging.AccessLog;
import io.wsgi4j.middleware.logging.LogSink;
import io.wsgi4j.middleware.request.RequestScope;
import io.wsgi4j.middleware.session.FileSessionStore;
import io.wsgi4j.middleware.session.JdbcSessionStore;
import io.wsgi4j.middleware.session.Session;
import io.wsgi4j.middleware.session.SessionStore;
import io.wsgi4j.middleware.session.Sessions;
import io.wsgi4j.middleware.session.SignedCookieStore;
import io.wsgi4j.samples.kforge.domain.Person;
import io.wsgi4j.samples.kforge.domain.Service;
import io.wsgi4j.samples.kforge.web.CsrfGuard;
import io.wsgi4j.samples.kforge.web.FriendlyErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Builds the KForge application: the front controller over a {@link Site}, and the one pipeline in
 * front of it.
 *
 * <pre>{@code
 * Site site = Site.open(Path.of("kforge-data"));
 * Pipeline app = KForge.pipeline(site, KForge.sessionStore(site.dataDir()), false, LogSink.of(System.out));
 * System.out.println(app);   // prints the pipeline as the builder code that made it
 * HttpServer.make("", 8080, app).serveForever();
 * }</pre>
 *
 * @since 0.1
 */
public final class KForge {
    /** Route name of {@code /projects/{project}/{service}}. */
    public static final String SERVICE_ROUTE = "service";
    /** Route name of {@code /projects/{project}}. */
    public static final String PROJECT_ROUTE = "project";
    /** Route name of {@code /admin}. */
    public static final String ADMIN_ROUTE = "admin";
    /** The session key the login page stores the person's name under. */
    public static final String SESSION_USER = "user";
    /** The session key holding the person's {@link Person#sessionGeneration()} at login. @since 0.2 */
    public static final String SESSION_GENERATION = "generation";
    /** Wrong passwords one account may take in a burst before logins to it answer 429. @since 0.2 */
    public static final int LOGIN_FAILURES_PER_ACCOUNT = 5;
    /** Wrong passwords one client address may send in a burst before its logins answer 429. @since 0.2 */
    public static final int LOGIN_FAILURES_PER_ADDRESS = 20;

    private KForge() {}

    /**
     * Builds the front controller: resolves project and service from the path, lets the
     * {@link AccessPolicy} answer 401 or 403, and dispatches to the service's own application with
     * SCRIPT_NAME set to {@code /projects/{project}/{service}}.
     *
     * @param site the site
     * @return the front controller; the site pages answer whatever no route takes
     * @since 0.1
     */
    public static FrontController frontController(Site site) {
        ServiceApps services = new ServiceApps(site.dataDir().resolve("services"));
        ProjectPages projectPages = new ProjectPages(site);
        AdminPages adminPages = new AdminPages(site);
        return FrontController.builder()
                .route(SERVICE_ROUTE, "/projects/{project}/{service}", lookup("the project's service app",
                        args -> site.projects().get(args.get("project"))
                                .flatMap(p -> Service.forSegment(args.get("service")).filter(p.services()::contains))
                                .map(s -> services.app(args.get("project"), s))
                                .orElse(null)))
                .route(PROJECT_ROUTE, "/projects/{project}", lookup("ProjectPages",
                        args -> site.projects().get(args.get("project")).map(p -> projectPages.app()).orElse(null)))
                .route(ADMIN_ROUTE, "/admin", lookup("AdminPages", args -> adminPages.app()))
                .policy(new AccessPolicy(site))
                .fallback(new SitePages(site).app())
                .build();
    }

    private static TargetLookup lookup(String name, TargetLookup lookup) {
        return new TargetLookup() {
            @Override
            public Application find(Map<String, String> args) throws Exception {
                return lookup.find(args);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /**
     * Builds the whole application: access log, error catcher, server-side sessions,
     * authentication from the session, friendly 404/403 pages in the site's layout, then the front
     * controller (behind the request-helper scope, which turns a malformed form into its 400 or 413, and
     * the CSRF check on every POST), with the stylesheet served under {@code /static}.
     *
     * @param site the site
     * @param sessions where sessions live; {@link #sessionStore(Path)} for the one in the data directory
     * @param secureCookies true to mark the cookie Secure (serve over HTTPS); false for plain HTTP
     * @param accessLog where the access log lines go
     * @return the pipeline, printable
     * @since 0.2
     */
    public static Pipeline pipeline(Site site, SessionStore sessions, boolean secureCookies, LogSink accessLog) {
        return Pipeline.builder()
                .use(AccessLog.of(accessLog))
                .use(ErrorCatcher.of())
                .use(Sessions.builder(sessions).secure(secureCookies)
                        .visitorsIn(SignedCookieStore.of(visitorKey(site.dataDir())), SESSION_USER).build())
                .use(Authenticate.of(registeredPerson(site)))
                .use(FriendlyErrors.of())
                .use(RequestScope.of())
                .use(CsrfGuard.of())
                .map("/static", staticFiles(site.dataDir()))
                .run(frontController(site));
    }

    /**
     * The key that signs a visitor's session cookie (a visitor's session holds only what their forms
     * need, such as the CSRF secret, and lives in the cookie, so visitors leave nothing on the server):
     * 32 random bytes in {@code session-key} in the data directory, made by the first process to need
     * it. A link, not a rename, puts it in place, so two processes starting on one data directory
     * cannot both make one: the second reads the first's.
     */
    private static byte[] visitorKey(Path dataDir) {
        Path file = dataDir.resolve("session-key");
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new java.security.SecureRandom().nextBytes(key);
                Path fresh = Files.createTempFile(dataDir, "session-key", ".new");
                try {
                    Files.write(fresh, key);
                    Files.createLink(file, fresh);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another process made it first: use theirs
                } finally {
                    Files.deleteIfExists(fresh);
                }
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length != 32) {
                throw new IllegalStateException(file + " holds " + key.length + " bytes, not a 32-byte key;"
                        + " delete it to make a new one (visitors' sessions then start again)");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the session key " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Serves the stylesheet: copied from the class path into {@code static/} under the data directory
     * (rewritten when this version's differs), then served by {@link StaticFiles} like any file.
     */
    private static Application staticFiles(Path dataDir) {
        Path dir = dataDir.resolve("static");
        try (InputStream in = KForge.class.getResourceAsStream("static/kforge.css")) {
            if (in == null) {
                throw new IllegalStateException("kforge.css is missing from the class path; rebuild the samples jar");
            }
            byte[] css = in.readAllBytes();
            Path file = dir.resolve("kforge.css");
            if (!Files.exists(file) || !Arrays.equals(Files.readAllBytes(file), css)) {
                Files.createDirectories(dir);
                AtomicFiles.write(file, css);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the stylesheet under " + dir + ": " + e.getMessage(), e);
        }
        return StaticFiles.builder(dir).cacheControl("max-age=3600").build();
    }

    /**
     * The authenticator: the person named in the session, as long as they are still registered and
     * their sessions were not ended since this one began (see {@link Site#endSessions}).
     *
     * @param site the site whose persons count
     * @return an authenticator printed as {@code registeredPerson(session "user")}
     * @since 0.1
     */
    public static Authenticator registeredPerson(Site site) {
        return Authenticator.named("registeredPerson(session \"" + SESSION_USER + "\")", environ -> {
            Session session = Session.of(environ);
            String name = session.get(SESSION_USER);
            Optional<Person> person = name == null ? Optional.empty() : site.persons().get(name);
            return person.isPresent() && String.valueOf(person.get().sessionGeneration())
                    .equals(session.get(SESSION_GENERATION)) ? name : null;
        });
    }

    /**
     * Returns the session store kept in the data directory ({@code sessions/}), so that sessions survive
     * a restart, and logging out ends a session for every copy of its cookie.
     *
     * @param dataDir the data directory
     * @return the store, keeping a session 14 days after its last change
     * @throws IOException when the directory cannot be created or read
     * @since 0.2
     */
    public static SessionStore sessionStore(Path dataDir) throws IOException {
        return FileSessionStore.open(dataDir.resolve("sessions"), Duration.ofDays(14));
    }

    /**
     * Returns a session store in a PostgreSQL database ({@link JdbcSessionStore}), so that several KForge
     * processes behind one proxy share sessions: logged in on one is logged in on all, and logging out
     * on one ends the session on all.
     *
     * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/kforge?user=kforge}
     * @return the store, keeping a session 14 days after its last change
     * @throws IllegalArgumentException if the URL is not a {@code jdbc:postgresql:} one
     * @throws IOException when the database cannot be reached or its table cannot be created
     * @since 0.2
     */
    public static SessionStore sessionStore(String jdbcUrl) throws IOException {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--sessions needs a PostgreSQL JDBC URL such as"
                    + " jdbc:postgresql://127.0.0.1:5432/kforge?user=kforge, got \"" + jdbcUrl + "\"");
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        return JdbcSessionStore.of(dataSource, Duration.ofDays(14));
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Middleware;
import io.wsgi4j.Environ;
import io.wsgi4j.NotFound;
import io.wsgi4j.Pipeline;
import io.wsgi4j.UrlMap;
import io.wsgi4j.middleware.auth.Authenticate;
import io.wsgi4j.middleware.auth.Authenticator;
import io.wsgi4j.middleware.auth.BasicAuth;
import io.wsgi4j.middleware.auth.CredentialChecker;
import io.wsgi4j.middleware.caching.ConditionalGet;
import io.wsgi4j.middleware.caching.ETags;
import io.wsgi4j.middleware.compress.Gzip;
import io.wsgi4j.middleware.cors.Cors;
import io.wsgi4j.middleware.dispatch.Decision;
import io.wsgi4j.middleware.dispatch.FrontController;
import io.wsgi4j.middleware.dispatch.Policy;
import io.wsgi4j.middleware.dispatch.Resolver;
import io.wsgi4j.middleware.dispatch.Target;
import io.wsgi4j.middleware.dispatch.TargetLookup;
import io.wsgi4j.middleware.errors.ErrorCatcher;
import io.wsgi4j.middleware.errors.ErrorPages;
import io.wsgi4j.middleware.files.MediaTypes;
import io.wsgi4j.middleware.files.StaticFiles;
import io.wsgi4j.middleware.logging.AccessLog;
import io.wsgi4j.middleware.logging.LogFormat;
import io.wsgi4j.middleware.logging.LogSink;
import io.wsgi4j.middleware.mount.Cascade;
import io.wsgi4j.middleware.proxy.ProxyFix;
import io.wsgi4j.middleware.request.BodyLimit;
import io.wsgi4j.middleware.request.MethodOverride;
import io.wsgi4j.middleware.request.RequestScope;
import io.wsgi4j.middleware.request.SetCookie.SameSite;
import io.wsgi4j.middleware.response.ContentLength;
import io.wsgi4j.middleware.response.Head;
import io.wsgi4j.middleware.routing.Router;
import io.wsgi4j.middleware.session.Sessions;
import io.wsgi4j.middleware.session.SignedCookieStore;
import io.wsgi4j.middleware.tracing.RequestId;
import io.wsgi4j.middleware.tracing.ServerTiming;
import io.wsgi4j.middleware.tracing.TraceContext;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue's one shape: every middleware in the module (a public {@code Application} with a
 * {@code next} field, found on the classpath) and every other application of it (the dispatchers
 * {@code Router}, {@code FrontController}, {@code Cascade}, core's {@code UrlMap}, and
 * {@code StaticFiles}, {@code ErrorPages}) is built here with options that differ from its defaults,
 * and prints exactly the builder code that made it; {@code X.of(...)} when no option is set. A
 * dispatcher prints its table one call per line, as {@code Pipeline} prints its stages.
 */
class CatalogueShapeTest {
    private static final byte[] KEY = "k".repeat(32).getBytes(StandardCharsets.US_ASCII);
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneId.of("Europe/Paris"));
    private static final Application APP = NotFound.INSTANCE;

    /** Each middleware class: the code that builds it with non-default options, and what it builds. */
    private static Map<Class<?>, Map.Entry<String, Supplier<Middleware>>> cases() {
        Map<Class<?>, Map.Entry<String, Supplier<Middleware>>> m = new LinkedHashMap<>();
        // secrets print as placeholders (<key>, <1 user>): that part of the code is a variable
        add(m, AccessLog.class,
                "AccessLog.builder(LogSink.of(System.out)).format(LogFormat.JSON).clock(Clock.fixed(Instant.parse(\"2026-01-02T03:04:05Z\"), ZoneId.of(\"Europe/Paris\"))).build()",
                () -> AccessLog.builder(LogSink.of(System.out)).format(LogFormat.JSON).clock(FIXED).build());
        add(m, Authenticate.class,
                "Authenticate.builder(Authenticator.sessionAttribute(\"user\")).onDenied(Authenticate.unauthorized(\"Bearer realm=\\\"api\\\"\")).build()",
                () -> Authenticate.builder(Authenticator.sessionAttribute("user"))
                        .onDenied(Authenticate.unauthorized("Bearer realm=\"api\"")).build());
        add(m, BasicAuth.class,
                "BasicAuth.of(\"admin\", CredentialChecker.of(<1 user>))",
                () -> BasicAuth.of("admin", CredentialChecker.of(Map.of("alice", "secret"))));
        add(m, BodyLimit.class,
                "BodyLimit.of(1024)",
                () -> BodyLimit.of(1024));
        add(m, ConditionalGet.class,
                "ConditionalGet.of()",
                ConditionalGet::of);
        add(m, ContentLength.class,
                "ContentLength.of()",
                ContentLength::of);
        add(m, Cors.class,
                "Cors.builder().allowOrigins(\"https://app.example.com\").allowMethods(\"GET\", \"PUT\").allowHeaders(\"x-token\").exposeHeaders(\"X-Total\").allowCredentials(true).maxAge(600).build()",
                () -> Cors.builder().allowOrigins("https://app.example.com").allowMethods("GET", "PUT")
                        .allowHeaders("x-token").exposeHeaders("X-Total").allowCredentials(true).maxAge(600).build());
        add(m, ETags.class,
                "ETags.builder().maxSize(1024).build()",
                () -> ETags.builder().maxSize(1024).build());
        add(m, ErrorCatcher.class,
                "ErrorCatcher.builder().page(ErrorPages.builder().debug(true).build()).build()",
                () -> ErrorCatcher.builder().page(ErrorPages.builder().debug(true).build()).build());
        add(m, Gzip.class,
                "Gzip.builder().level(9).minSize(0).build()",
                () -> Gzip.builder().level(9).minSize(0).build());
        add(m, Head.class,
                "Head.of()",
                Head::of);
        add(m, MethodOverride.class,
                "MethodOverride.builder().allow(\"DELETE\").build()",
                () -> MethodOverride.builder().allow("DELETE").build());
        add(m, ProxyFix.class,
                "ProxyFix.builder().trustedHops(2).forwarded(true).xForwardedFor(false).xForwardedProto(false).xForwardedHost(true).xForwardedPrefix(true).build()",
                () -> ProxyFix.builder().trustedHops(2).forwarded(true).xForwardedFor(false).xForwardedProto(false)
                        .xForwardedHost(true).xForwardedPrefix(true).build());
        add(m, RequestId.class,
                "RequestId.builder().trustIncoming(false).build()",
                () -> RequestId.builder().trustIncoming(false).build());
        add(m, RequestScope.class,
                "RequestScope.of()",
                RequestScope::of);
        add(m, ServerTiming.class,
                "ServerTiming.builder().metric(\"total\").serverTiming(false).xRuntime(true).build()",
                () -> ServerTiming.builder().metric("total").serverTiming(false).xRuntime(true).build());
        add(m, Sessions.class,
                "Sessions.builder(SignedCookieStore.of(<key>)).cookieName(\"sid\").path(\"/app\").domain(\"example.com\").maxAge(Duration.ofHours(8)).httpOnly(false).secure(false).sameSite(SameSite.STRICT).maxCookieBytes(2048).clock(Clock.fixed(Instant.parse(\"2026-01-02T03:04:05Z\"), ZoneId.of(\"Europe/Paris\"))).build()",
                () -> Sessions.builder(SignedCookieStore.of(KEY)).cookieName("sid").path("/app").domain("example.com")
                        .maxAge(Duration.ofHours(8)).httpOnly(false).secure(false).sameSite(SameSite.STRICT)
                        .maxCookieBytes(2048).clock(FIXED).build());
        add(m, TraceContext.class,
                "TraceContext.builder().trustIncoming(false).build()",
                () -> TraceContext.builder().trustIncoming(false).build());
        return m;
    }

    /** With every option at its default, the same middleware print their short form. */
    private static Map<String, Supplier<Middleware>> defaults() {
        Map<String, Supplier<Middleware>> m = new LinkedHashMap<>();
        m.put("AccessLog.of(LogSink.of(System.out))", () -> AccessLog.builder(LogSink.of(System.out)).build());
        m.put("Authenticate.of(Authenticator.sessionAttribute(\"user\"))",
                () -> Authenticate.builder(Authenticator.sessionAttribute("user")).build());
        m.put("Cors.builder().allowAnyOrigin().build()", () -> Cors.builder().allowAnyOrigin().build());
        m.put("ETags.of()", () -> ETags.builder().maxSize(ETags.DEFAULT_MAX_SIZE).build());
        m.put("ErrorCatcher.of()", () -> ErrorCatcher.builder().page(ErrorPages.of()).build());
        m.put("Gzip.of()", () -> Gzip.builder().level(Gzip.DEFAULT_LEVEL).build());
        m.put("MethodOverride.of()", () -> MethodOverride.builder().allow("put", "patch", "delete").build());
        m.put("ProxyFix.of()", () -> ProxyFix.builder().trustedHops(1).build());
        m.put("RequestId.of()", () -> RequestId.builder().build());
        m.put("ServerTiming.of()", () -> ServerTiming.builder().metric(ServerTiming.DEFAULT_METRIC).build());
        m.put("Sessions.of(SignedCookieStore.of(<key>, <older key>))",
                () -> Sessions.builder(SignedCookieStore.of(KEY, KEY.clone())).build());
        m.put("TraceContext.of()", () -> TraceContext.builder().trustIncoming(true).build());
        return m;
    }

    private static <T> void add(Map<Class<?>, Map.Entry<String, Supplier<T>>> m, Class<?> type, String code,
            Supplier<T> build) {
        m.put(type, Map.entry(code, build));
    }

    private static final Application FILES = Application.named("files", APP);
    private static final Application HOME = Application.named("home", APP);
    private static final Application API = Application.named("api", APP);

    /**
     * Each application of the catalogue that is not a middleware, with core's {@code UrlMap}: the
     * code that builds it with non-default options, and what it builds.
     */
    private static Map<Class<?>, Map.Entry<String, Supplier<Application>>> applications(Path root) {
        Map<Class<?>, Map.Entry<String, Supplier<Application>>> m = new LinkedHashMap<>();
        String at = "Path.of(\"" + root + "\")";
        add(m, Cascade.class, """
                Cascade.builder(
                    files,
                    Router.builder()
                        .get("home", "/", home)
                        .build())
                    .replayLimit(4096)
                    .build()""",
                () -> Cascade.builder(FILES, Router.builder().get("home", "/", HOME).build()).replayLimit(4096).build());
        add(m, ErrorPages.class,
                "ErrorPages.builder().debug(true).build()",
                () -> ErrorPages.builder().debug(true).build());
        add(m, FrontController.class, """
                FrontController.builder()
                    .route("service", "/projects/{project}/{service}", services)
                    .resolver(byHost)
                    .policy(members)
                    .fallback(home)
                    .build()""",
                () -> FrontController.builder().route("service", "/projects/{project}/{service}", named("services"))
                        .resolver(named("byHost")).policy(named("members")).fallback(HOME).build());
        add(m, Router.class, """
                Router.builder()
                    .get("home", "/", home)
                    .post("save", "/wiki/{page}", api)
                    .put("put", "/wiki/{page}", api)
                    .patch("edit", "/wiki/{page}", api)
                    .delete("drop", "/wiki/{page}", api)
                    .any("files", "/files/{name:path}", files)
                    .route("dav", List.of("MKCOL", "PROPFIND"), "/dav", api)
                    .redirectTrailingSlash(301)
                    .fallback(home)
                    .build()""",
                () -> Router.builder().get("home", "/", HOME).post("save", "/wiki/{page}", API)
                        .put("put", "/wiki/{page}", API).patch("edit", "/wiki/{page}", API).delete("drop", "/wiki/{page}", API)
                        .any("files", "/files/{name:path}", FILES).route("dav", List.of("PROPFIND", "MKCOL"), "/dav", API)
                        .redirectTrailingSlash(301).fallback(HOME).build());
        add(m, StaticFiles.class,
                "StaticFiles.builder(" + at + ").indexFiles(\"home.html\", \"index.htm\").hiddenFiles(true)"
                        + ".redirectDirectories(false).precompressed(true).mediaType(\"wasm\", \"application/x-wasm\")"
                        + ".mediaType(\"log\", \"text/plain; charset=utf-8\").maxRanges(4)"
                        + ".cacheControl(\"public, max-age=60\").userContent().build()",
                () -> StaticFiles.builder(root).indexFiles("home.html", "index.htm").hiddenFiles(true)
                        .redirectDirectories(false).precompressed(true).mediaType("wasm", "application/x-wasm")
                        .mediaType("log", "text/plain; charset=utf-8").maxRanges(4).cacheControl("public, max-age=60").userContent().build());
        add(m, UrlMap.class, """
                UrlMap.builder()
                    .mount("/static", files)
                    .mount("api.example.com", "/", api)
                    .fallback(home)
                    .build()""",
                () -> UrlMap.builder().mount("/static", FILES).mount("api.example.com", "/", API).fallback(HOME).build());
        return m;
    }

    /** With every option at its default, the same applications print their short form. */
    private static Map<String, Supplier<Application>> applicationDefaults(Path root) {
        Map<String, Supplier<Application>> m = new LinkedHashMap<>();
        m.put("Cascade.of(files, home)", () -> Cascade.builder(FILES, HOME).replayLimit(Cascade.DEFAULT_REPLAY_LIMIT).build());
        m.put("ErrorPages.of()", () -> ErrorPages.builder().build());
        m.put("FrontController.builder()\n    .route(\"person\", \"/persons/{person}\", people)\n    .build()",
                () -> FrontController.builder().route("person", "/persons/{person}", named("people"))
                        .policy(Policy.allowAll()).fallback(NotFound.INSTANCE).build());
        m.put("Router.builder()\n    .build()", () -> Router.builder().fallback(NotFound.INSTANCE).build());
        m.put("StaticFiles.of(Path.of(\"" + root + "\"))", () -> StaticFiles.builder(root).indexFiles("index.html")
                .mediaTypes(MediaTypes.defaults()).mediaType("png", "image/png").maxRanges(StaticFiles.DEFAULT_MAX_RANGES)
                .build());
        m.put("UrlMap.builder()\n    .build()", () -> UrlMap.builder().fallback(NotFound.INSTANCE).build());
        return m;
    }

    /** A lookup, resolver or policy that prints {@code name}, as a user's named object would. */
    private static Named named(String name) {
        return new Named(name);
    }

    private record Named(String name) implements TargetLookup, Resolver, Policy {
        @Override
        public Application find(Map<String, String> args) {
            return null;
        }

        @Override
        public Target resolve(Environ environ) {
            return null;
        }

        @Override
        public Decision decide(Environ environ, Target target) {
            return Decision.allow();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Test
    void theTablesCoverEveryMiddlewareAndApplicationOnTheClasspath(@TempDir Path root)
            throws IOException, URISyntaxException {
        Set<String> found = catalogueClasses(true);
        Set<String> listed = cases().keySet().stream().map(Class::getName).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(found, listed, "every middleware class needs a row in cases(), and every row a middleware");
        assertTrue(found.size() >= 18, "the scan found " + found);

        Set<String> apps = catalogueClasses(false);
        apps.add(UrlMap.class.getName()); // core's dispatcher, which Pipeline.map and the catalogue mount with
        Set<String> appRows = applications(root).keySet().stream().map(Class::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(apps, appRows, "every other application class needs a row in applications(), and every row one");
        assertTrue(apps.size() >= 6, "the scan found " + apps);
    }

    @TestFactory
    Stream<DynamicTest> everyApplicationAndDispatcherPrintsTheBuilderCodeThatMadeIt(@TempDir Path root) {
        return applications(root).entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey().getSimpleName(),
                () -> assertEquals(e.getValue().getKey(), e.getValue().getValue().get().toString())));
    }

    @TestFactory
    Stream<DynamicTest> applicationsWithDefaultOptionsPrintTheShortForm(@TempDir Path root) {
        return applicationDefaults(root).entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(),
                () -> assertEquals(e.getKey(), e.getValue().get().toString())));
    }

    @Test
    void aDispatcherInsideAMiddlewareOrPipelineIsIndentedWithIt() {
        Application router = Router.builder().get("home", "/", HOME).build();
        assertEquals("""
                ErrorCatcher.builder()
                    .page(Router.builder()
                        .get("home", "/", home)
                        .build())
                    .build()""", ErrorCatcher.builder().page(router).build().toString());
        assertEquals("""
                Pipeline.builder()
                    .use(Gzip.of())
                    .map("/static", files)
                    .run(Router.builder()
                        .get("home", "/", home)
                        .build())""", Pipeline.builder().use(Gzip.of()).map("/static", FILES).run(router).toString());
    }

    @TestFactory
    Stream<DynamicTest> everyMiddlewarePrintsTheBuilderCodeThatMadeIt() {
        return cases().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey().getSimpleName(), () -> {
            String code = e.getValue().getKey();
            Middleware built = e.getValue().getValue().get();
            assertEquals(code, built.toString());
            assertEquals(code + ".wrap(" + APP + ")", built.wrap(APP).toString(), "the wrapped application");
        }));
    }

    @TestFactory
    Stream<DynamicTest> defaultOptionsPrintTheShortForm() {
        return defaults().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(),
                () -> assertEquals(e.getKey(), e.getValue().get().toString())));
    }

    /** Each 0.1 factory name still works, deprecated, and builds what the new form prints. */
    @SuppressWarnings("removal")
    private static Map<String, Supplier<Object>> deprecatedNames() {
        LogSink out = LogSink.of(System.out);
        Authenticator user = Authenticator.sessionAttribute("user");
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("AccessLog.of(LogSink.of(System.out))", () -> AccessLog.common(out));
        m.put("AccessLog.builder(LogSink.of(System.out)).format(LogFormat.COMBINED).build()", () -> AccessLog.combined(out));
        m.put("AccessLog.builder(LogSink.of(System.out)).format(LogFormat.EXTENDED).build()", () -> AccessLog.extended(out));
        m.put("AccessLog.builder(LogSink.of(System.out)).format(LogFormat.JSON).build()", () -> AccessLog.json(out));
        m.put("AccessLog.builder(LogSink.of(System.out)).format(LogFormat.JSON).clock(Clock.systemUTC()).build()",
                () -> AccessLog.with(LogFormat.JSON, out, Clock.systemUTC()));
        m.put("Authenticate.of(Authenticator.sessionAttribute(\"user\"))", () -> Authenticate.optional(user));
        m.put("Authenticate.builder(Authenticator.sessionAttribute(\"user\")).onDenied(Authenticate.unauthorized(\"Basic\")).build()",
                () -> Authenticate.required(user, "Basic"));
        m.put("Authenticate.builder(Authenticator.sessionAttribute(\"user\")).onDenied(NotFound).build()",
                () -> Authenticate.required(user, APP));
        m.put("BodyLimit.of(10)", () -> BodyLimit.middleware(10));
        m.put("ConditionalGet.of()", ConditionalGet::middleware);
        m.put("ContentLength.of()", ContentLength::middleware);
        m.put("ETags.of()", () -> ETags.middleware());
        m.put("ETags.builder().maxSize(10).build()", () -> ETags.middleware(10));
        m.put("ErrorCatcher.of()", ErrorCatcher::standard);
        m.put("ErrorCatcher.builder().page(ErrorPages.builder().debug(true).build()).build()", ErrorCatcher::debug);
        m.put("ErrorCatcher.builder().page(NotFound).build()", () -> ErrorCatcher.with(APP));
        m.put("ErrorPages.of()", ErrorPages::standard);
        m.put("ErrorPages.builder().debug(true).build()", ErrorPages::debug);
        m.put("Gzip.of()", Gzip::middleware);
        m.put("Head.of()", Head::middleware);
        m.put("MethodOverride.of()", MethodOverride::middleware);
        m.put("MethodOverride.builder().allow(\"PUT\").build()", () -> MethodOverride.allowing("put"));
        m.put("RequestId.of()", RequestId::middleware);
        m.put("RequestId.builder().trustIncoming(false).build()", () -> RequestId.trustIncoming(false));
        m.put("RequestScope.of()", RequestScope::middleware);
        m.put("ServerTiming.of()", ServerTiming::middleware);
        m.put("Sessions.of(SignedCookieStore.of(<key>))", () -> Sessions.signedCookies(KEY).build());
        return m;
    }

    @TestFactory
    Stream<DynamicTest> theOldFactoryNamesBuildWhatTheNewFormPrints() {
        return deprecatedNames().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(),
                () -> assertEquals(e.getKey(), e.getValue().get().toString())));
    }

    /**
     * Public classes of this module that are middleware (an Application holding the next one), or,
     * with {@code middleware} false, the other public applications.
     */
    private static Set<String> catalogueClasses(boolean middleware) throws IOException, URISyntaxException {
        Path classes = Path.of(Gzip.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes.resolve("io/wsgi4j/middleware"))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String file = classes.relativize(p).toString().replace(java.io.File.separatorChar, '/');
                if (!file.endsWith(".class") || file.contains("$")) {
                    continue;
                }
                String name = file.substring(0, file.length() - ".class".length()).replace('/', '.');
                Class<?> c;
                try {
                    c = Class.forName(name, false, CatalogueShapeTest.class.getClassLoader());
                } catch (ClassNotFoundException ex) {
                    throw new AssertionError(ex);
                }
                if (Modifier.isPublic(c.getModifiers()) && Application.class.isAssignableFrom(c) && !c.isInterface()
                        && holdsNext(c) == middleware) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static boolean holdsNext(Class<?> c) {
        for (Field f : c.getDeclaredFields()) {
            if (f.getName().equals("next") && f.getType() == Application.class && !Modifier.isStatic(f.getModifiers())) {
                return true;
            }
        }
        return false;
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.NotFound;
import io.wsgi4j.handler.EnvironBuilder;
import io.wsgi4j.middleware.routing.Router;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrontControllerTest {
    private static final Set<String> PROJECTS = Set.of("p1", "p2");
    private static final Set<String> SERVICES = Set.of("wiki", "tickets");

    /** Echoes where it was mounted, the path it got, and the target args. */
    private static Application echo(String label) {
        return Application.named(label, (environ, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            Target t = FrontController.target(environ);
            return Body.of(label + " " + environ.scriptName() + " " + environ.pathInfo() + " " + t.args());
        });
    }

    private static FrontController site(Policy policy) {
        Application service = echo("service");
        return FrontController.builder()
                .route("service", "/projects/{project}/{service}",
                        args -> PROJECTS.contains(args.get("project")) && SERVICES.contains(args.get("service"))
                                ? service : null)
                .route("person", "/persons/{person}", args -> echo("person"))
                .policy(policy)
                .build();
    }

    @Nested
    class Dispatch {
        @Test
        void movesTheMountPointToScriptName() {
            TestResponse r = TestClient.of(site(Policy.allowAll())).get("/projects/p1/wiki/Home").send();
            assertEquals(200, r.status());
            assertEquals("service /projects/p1/wiki /Home {project=p1, service=wiki}", r.text());
        }

        @Test
        void givesAnEmptyPathInfoAtTheMountPointItself() {
            TestResponse r = TestClient.of(site(Policy.allowAll())).get("/persons/ann").send();
            assertEquals("person /persons/ann  {person=ann}", r.text());
        }

        @Test
        void restoresScriptNameAndPathInfoAfterTheTargetReturns() throws Exception {
            Environ env = new EnvironBuilder().target("/projects/p2/tickets/42").build();
            env.put(Environ.SCRIPT_NAME, "/site");
            Body.close(site(Policy.allowAll()).call(env, (s, h, e) -> null));
            assertEquals("/site", env.scriptName());
            assertEquals("/projects/p2/tickets/42", env.pathInfo());
            assertEquals("/site", env.get(FrontController.BASE));
        }

        @ParameterizedTest
        @ValueSource(strings = {"/", "/projects", "/projects/p1", "/projects/p9/wiki", "/projects/p1/mail/x",
            "/projectsX/p1/wiki"})
        void answersANotMine404WhenNothingResolves(String path) throws Exception {
            assertEquals(404, TestClient.of(site(Policy.allowAll())).get(path).send().status());
            Environ env = new EnvironBuilder().target(path).build();
            Body.close(site(Policy.allowAll()).call(env, (s, h, e) -> null));
            assertTrue(NotFound.isNotMine(env));
            assertNull(FrontController.target(env));
        }

        @Test
        void letsAShorterRouteTakeWhatTheLongerOnePasses() {
            FrontController fc = FrontController.builder()
                    .route("service", "/projects/{project}/{service}",
                            args -> SERVICES.contains(args.get("service")) ? echo("service") : null)
                    .route("project", "/projects/{project}", args -> echo("project"))
                    .build();
            TestClient client = TestClient.of(fc);
            assertEquals("project /projects/p1  {project=p1}", client.get("/projects/p1").send().text());
            assertEquals("project /projects/p1 /members {project=p1}", client.get("/projects/p1/members").send().text());
            assertTrue(client.get("/projects/p1/wiki/Home").send().text().startsWith("service /projects/p1/wiki /Home"));
        }

        @Test
        void keepsAnEncodedSlashInsideItsArgumentSoUrlForLeadsBackToTheTarget() {
            FrontController fc = site(Policy.allowAll());
            String url = fc.urlFor(new EnvironBuilder().target("/").build(), "person", Map.of("person", "M/X"), "/about");
            assertEquals("/persons/M%2FX/about", url);
            TestResponse r = TestClient.of(fc).get(url).send();
            assertEquals("person /persons/M/X /about {person=M/X}", r.text());
        }

        /**
         * The target's SCRIPT_NAME is decoded ({@code /persons/M/X}); a URL that a router inside the target
         * builds under it must keep the slash of the argument encoded, or it leads to person {@code M}.
         */
        @Test
        void aRouterInATargetWhoseArgumentHasAnEncodedSlashLinksAndRedirectsBackToThatTarget() {
            Router[] inner = new Router[1];
            inner[0] = Router.builder().redirectTrailingSlash(301)
                    .get("about", "/about", (env, sr) -> {
                        sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                        return Body.of(inner[0].urlFor(env, "about", Map.of()));
                    })
                    .build();
            FrontController fc = FrontController.builder().route("person", "/persons/{person}", args -> inner[0]).build();
            TestClient client = TestClient.of(fc);

            assertEquals("/persons/M%2FX/about", client.get("/persons/M%2FX/about").send().text());
            TestResponse redirect = client.get("/persons/M%2FX/about/").send();
            assertEquals(301, redirect.status());
            assertEquals("/persons/M%2FX/about", redirect.header("Location"));
        }

        @Test
        void aNestedControllerBuildsItsUrlsUnderAnArgumentWithAnEncodedSlash() {
            FrontController[] inner = new FrontController[1];
            Application service = (env, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return Body.of(inner[0].urlFor(env, "tickets", "/42"));
            };
            inner[0] = FrontController.builder().route("service", "/{service}", args -> service).build();
            FrontController outer = FrontController.builder().route("project", "/projects/{project}", args -> inner[0])
                    .build();

            assertEquals("/projects/a%2Fb/tickets/42", TestClient.of(outer).get("/projects/a%2Fb/wiki/Home").send().text());
        }

        @Test
        void keepsAnEncodedSlashInsideItsArgumentInAnAbsoluteFormTarget() throws Exception {
            // RFC 9112 section 3.2.2: an origin server must accept "GET http://host/path"; its path was taken
            // as not raw, so the same URL went to person "M" with the rest "/X/about", past the policy for M
            FrontController fc = site(Policy.allowAll());
            Environ env = new EnvironBuilder().target("http://example.com/persons/M%2FX/about").build();
            String text = new String(Body.toBytes(fc.call(env, (s, h, e) -> null)), StandardCharsets.UTF_8);
            assertEquals("person /persons/M/X /about {person=M/X}", text);
        }

        @Test
        void sendsUnresolvedRequestsToTheFallback() {
            FrontController fc = FrontController.builder()
                    .route("person", "/persons/{person}", args -> echo("person"))
                    .fallback(Application.named("home", (e, sr) -> {
                        sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                        return Body.of("home");
                    }))
                    .build();
            assertEquals("home", TestClient.of(fc).get("/").send().text());
        }

        @Test
        void triesCustomResolversInOrder() {
            Application byHost = echo("host");
            FrontController fc = FrontController.builder()
                    .route("person", "/persons/{person}", args -> echo("person"))
                    .resolver(env -> env.serverName().equals("p1.example.org")
                            ? new Target("vhost", Map.of("project", "p1"), "", byHost) : null)
                    .build();
            TestResponse r = TestClient.of(fc).get("/wiki").header("Host", "p1.example.org").send();
            assertEquals("host  /wiki {project=p1}", r.text());
        }

        @Test
        void rejectsAResolverWhoseMountPointIsNotInThePath() {
            FrontController fc = FrontController.builder()
                    .resolver(env -> new Target("bad", Map.of(), "/elsewhere", echo("x")))
                    .build();
            TestResponse r = TestClient.of(fc).allowErrors().get("/here").send();
            assertEquals(500, r.status());
            assertTrue(r.errors().contains("not a segment prefix of PATH_INFO \"/here\""), r.errors());
        }
    }

    @Nested
    class Policies {
        @Test
        void answers401WithTheChallengeWhenThePolicySaysSo() {
            TestResponse r = TestClient.of(site((env, t) -> Decision.unauthorized("Basic realm=\"kforge\"")))
                    .get("/projects/p1/wiki/Home").send();
            assertEquals(401, r.status());
            assertEquals("Basic realm=\"kforge\"", r.header("WWW-Authenticate"));
        }

        @Test
        void answers403ForAProjectTheUserMayNotSee() {
            Policy membersOnly = (env, t) -> "p1".equals(t.args().get("project")) ? Decision.allow()
                    : Decision.forbidden("not a member of " + t.args().get("project"));
            TestClient client = TestClient.of(site(membersOnly));
            assertEquals(200, client.get("/projects/p1/wiki").send().status());
            TestResponse r = client.get("/projects/p2/wiki").send();
            assertEquals(403, r.status());
            assertEquals("403 Forbidden: not a member of p2\n", r.text());
        }

        @Test
        void redirectsToALoginPage() {
            TestResponse r = TestClient.of(site((env, t) -> Decision.redirect("/login?next=" + env.pathInfo())))
                    .get("/projects/p1/wiki").send();
            assertEquals(303, r.status());
            assertEquals("/login?next=/projects/p1/wiki", r.header("Location"));
        }

        @Test
        void letsThePolicyAuthenticateForTheTarget() {
            Application whoami = (env, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return Body.of(env.remoteUser());
            };
            FrontController fc = FrontController.builder()
                    .route("service", "/projects/{project}/{service}", args -> whoami)
                    .policy((env, t) -> {
                        env.put(Environ.REMOTE_USER, "ann");
                        return Decision.allow();
                    })
                    .build();
            assertEquals("ann", TestClient.of(fc).get("/projects/p1/wiki").send().text());
        }

        /**
         * {@code %2F} keeps a slash inside its segment, so {@code /admin%2Fsecret} is no request for the
         * {@code /admin} route; but its PATH_INFO is {@code /admin/secret}, and a fallback that dispatches on
         * PATH_INFO (a mount, static files) would serve what the policy guards, unchecked.
         */
        @ParameterizedTest
        @ValueSource(strings = {"/admin%2Fsecret", "/admin%2fsecret", "/projects/p2%2Fwiki/Home", "/projects%2Fp2/wiki"})
        void neverHandsTheFallbackAnEncodedSlashPathThatDecodedIsARoutesPath(String target) {
            Application guarded = echo("guarded");
            Application byPathInfo = servesPathInfo(); // what a mount or StaticFiles would do with PATH_INFO
            FrontController fc = FrontController.builder()
                    .route("admin", "/admin", args -> guarded)
                    .route("service", "/projects/{project}/{service}",
                            args -> PROJECTS.contains(args.get("project")) ? guarded : null)
                    .policy((env, t) -> Decision.forbidden("members only"))
                    .fallback(byPathInfo)
                    .build();

            TestResponse r = TestClient.of(fc).get(target).send();

            assertEquals(404, r.status(), r.text());
            assertTrue(r.text().contains("%2F"), r.text());
            assertEquals(403, TestClient.of(fc).get(target.replace("%2F", "/").replace("%2f", "/")).send().status(),
                    "the same path with plain slashes meets the policy");
        }

        @Test
        void handsTheFallbackAnEncodedSlashPathThatNoRouteTakesDecodedEither() {
            FrontController fc = FrontController.builder()
                    .route("admin", "/admin", args -> echo("guarded"))
                    .policy((env, t) -> Decision.forbidden("members only"))
                    .fallback(servesPathInfo())
                    .build();
            TestResponse r = TestClient.of(fc).get("/files/a%2Fb").send();
            assertEquals(200, r.status());
            assertEquals("fallback served /files/a/b", r.text());
            assertEquals("fallback served /login", TestClient.of(fc).get("/login?next=%2Fadmin").send().text(),
                    "an encoded slash in the query is no path");
        }

        private static Application servesPathInfo() {
            return (env, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return Body.of("fallback served " + env.pathInfo());
            };
        }

        @Test
        void refusesAPolicyThatReturnsNull() {
            TestResponse r = TestClient.of(site((env, t) -> null)).allowErrors().get("/projects/p1/wiki").send();
            assertEquals(500, r.status());
            assertTrue(r.errors().contains("return Decision.allow() to continue"), r.errors());
        }

        @Test
        void rejectsAChallengeWithALineBreak() {
            assertThrows(IllegalArgumentException.class, () -> Decision.unauthorized("Basic\r\nSet-Cookie: x=1"));
            assertThrows(IllegalArgumentException.class, () -> Decision.redirect("/a\nb"));
            assertThrows(IllegalStateException.class, () -> Decision.allow().response());
        }
    }

    @Nested
    class UrlBuilding {
        private String urlInside(String requestPath, java.util.function.Function<Environ, String> build) {
            String[] seen = new String[1];
            FrontController fc = FrontController.builder()
                    .route("service", "/projects/{project}/{service}", args -> (env, sr) -> {
                        seen[0] = build.apply(env);
                        sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                        return Body.empty();
                    })
                    .build();
            Environ env = new EnvironBuilder().target(requestPath).build();
            env.put(Environ.SCRIPT_NAME, "/kforge");
            try {
                Body.close(fc.call(env, (s, h, e) -> null));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return seen[0];
        }

        @Test
        void buildsASiblingUrlFromInsideATarget() {
            FrontController[] fc = new FrontController[1];
            fc[0] = site(Policy.allowAll());
            String url = urlInside("/projects/p1/wiki/Home", env -> fc[0].urlFor(env, "p1", "tickets", "/42"));
            assertEquals("/kforge/projects/p1/tickets/42", url);
        }

        @Test
        void anOuterControllerBuildsItsUrlsFromInsideANestedControllersTarget() throws Exception {
            FrontController[] outer = new FrontController[1];
            String[] seen = new String[1];
            Application service = (env, sr) -> {
                seen[0] = outer[0].urlFor(env, "p2", "/tickets");
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return Body.empty();
            };
            FrontController project = FrontController.builder().route("service", "/{service}", args -> service).build();
            outer[0] = FrontController.builder().route("project", "/projects/{project}", args -> project).build();
            Environ env = new EnvironBuilder().target("/projects/p1/wiki/Home").build();
            env.put(Environ.SCRIPT_NAME, "/kforge");
            Body.close(outer[0].call(env, (s, h, e) -> null));
            assertEquals("/kforge/projects/p2/tickets", seen[0]);
            assertEquals("/kforge/projects/p2/tickets", outer[0].urlFor(env, "p2", "/tickets")); // while the body runs
            assertEquals("/kforge/projects/p1/tickets", project.urlFor(env, "tickets", ""));
        }

        @Test
        void buildsByRouteNameWithEncodedArguments() {
            FrontController fc = site(Policy.allowAll());
            Environ env = new EnvironBuilder().target("/").build();
            assertEquals("/persons/J%C3%BCrgen%20M%2FX?tab=1",
                    fc.urlFor(env, "person", Map.of("person", "Jürgen M/X"), "?tab=1"));
            assertEquals("/projects/p%0D%0A1/wiki", fc.urlFor(env, "p\r\n1", "wiki"));
        }

        @Test
        void neverBuildsAUrlForAnotherHostUnderAScriptNameEndingInASlash() {
            // shiftPathInfo() on "/" leaves SCRIPT_NAME "/": "//projects/p1/wiki" would name host "projects"
            FrontController fc = site(Policy.allowAll());
            Environ env = new EnvironBuilder().target("/").build();
            env.shiftPathInfo();
            assertEquals("/projects/p1/wiki/Home", fc.urlFor(env, "p1", "wiki", "/Home"));
        }

        @Test
        void rejectsUnknownRoutesAndBadRests() {
            FrontController fc = site(Policy.allowAll());
            Environ env = new EnvironBuilder().target("/").build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> fc.urlFor(env, "team", Map.of(), ""));
            assertTrue(e.getMessage().contains("[service, person]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> fc.urlFor(env, "p1", "wiki", "42"));
            assertThrows(IllegalArgumentException.class, () -> fc.urlFor(env, "p1", "wiki", "/a\r\nb"));
            assertThrows(IllegalArgumentException.class, () -> fc.urlFor(env, "p1"));
            assertThrows(IllegalArgumentException.class, () -> fc.urlFor(env, "service", Map.of("project", "p1"), ""));
        }
    }

    @Nested
    class Configuration {
        @ParameterizedTest
        @ValueSource(strings = {"projects/{p}", "/projects/{p}/", "/files/{rest:path}", "/a/{x", "/a/{1x}"})
        void rejectsTemplatesThatCannotBeMountPoints(String template) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FrontController.builder().route("r", template, args -> null));
            assertTrue(e.getMessage().contains(template), e.getMessage());
        }

        @Test
        void rejectsADuplicateRouteNameAndAnEmptyController() {
            FrontController.Builder b = FrontController.builder().route("r", "/a", args -> null);
            assertThrows(IllegalArgumentException.class, () -> b.route("r", "/b", args -> null));
            assertThrows(IllegalStateException.class, () -> FrontController.builder().build());
        }

        @Test
        void printsTheBuilderCodeOneRoutePerLine() {
            FrontController fc = FrontController.builder()
                    .route("service", "/projects/{project}/{service}", TargetLookupNamed.SERVICES)
                    .build();
            assertEquals("""
                    FrontController.builder()
                        .route("service", "/projects/{project}/{service}", TargetLookupNamed.SERVICES)
                        .build()""", fc.toString());
        }

        @Test
        void printsResolversPolicyAndFallbackWhenSet() {
            Resolver byHost = new Resolver() {
                @Override
                public Target resolve(Environ environ) {
                    return null;
                }

                @Override
                public String toString() {
                    return "byHost";
                }
            };
            Policy acl = new Policy() {
                @Override
                public Decision decide(Environ environ, Target target) {
                    return Decision.allow();
                }

                @Override
                public String toString() {
                    return "acl";
                }
            };
            FrontController fc = FrontController.builder().resolver(byHost)
                    .route("person", "/persons/{person}", TargetLookupNamed.SERVICES)
                    .policy(acl).fallback(Application.named("home", NotFound.INSTANCE)).build();
            assertEquals("""
                    FrontController.builder()
                        .resolver(byHost)
                        .route("person", "/persons/{person}", TargetLookupNamed.SERVICES)
                        .policy(acl)
                        .fallback(home)
                        .build()""", fc.toString());
        }
    }

    private enum TargetLookupNamed implements TargetLookup {
        SERVICES;

        @Override
        public Application find(Map<String, String> args) {
            return null;
        }

        @Override
        public String toString() {
            return "services";
        }
    }
}

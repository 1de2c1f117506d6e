// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.UrlMap;
import io.wsgi4j.middleware.dispatch.FrontController;
import io.wsgi4j.testing.TestClient;
import org.junit.jupiter.api.Test;

class RouteTemplatesTest {
    /** Answers the template recorded so far and whether a base is still set. */
    private static final Application ECHO = (env, sr) -> {
        sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
        return Body.of(RouteTemplates.of(env) + " base=" + env.get(RouteTemplates.BASE));
    };

    /** Runs the app, then answers the template and base left in the environ after it returned. */
    private static Application after(Application app) {
        return (env, sr) -> {
            Body.toBytes(app.call(env, (s, h, x) -> null));
            env.remove(Environ.NOT_MINE); // the inner 404 is swallowed here, so it is no longer "not mine"
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            return Body.of(RouteTemplates.of(env) + " base=" + env.get(RouteTemplates.BASE));
        };
    }

    @Test
    void theRouterRecordsTheMatchedTemplateNotThePath() {
        Router router = Router.builder().get("ticket", "/tickets/{id:int}", ECHO).build();
        assertEquals("/tickets/{id:int} base=null", TestClient.of(router).get("/tickets/42").send().text());
    }

    @Test
    void noTemplateIsRecordedWhenNoRouteMatched() {
        Router router = Router.builder().get("ticket", "/tickets/{id:int}", ECHO).build();
        TestClient client = TestClient.of(after(router));
        assertEquals("null base=null", client.get("/elsewhere").send().text());
    }

    @Test
    void aRouterBelowAFrontControllerRecordsTheWholeTemplate() {
        Router tickets = Router.builder().get("ticket", "/tickets/{id:int}", ECHO).build();
        FrontController fc = FrontController.builder()
                .route("service", "/projects/{project}/{service}", args -> tickets)
                .build();
        assertEquals("/projects/{project}/{service}/tickets/{id:int} base=/projects/{project}/{service}",
                TestClient.of(fc).get("/projects/p1/tracker/tickets/7").send().text());
    }

    @Test
    void theFrontControllerRecordsItsOwnTemplateAndRestoresTheBase() {
        FrontController fc = FrontController.builder()
                .route("service", "/projects/{project}/{service}", args -> ECHO)
                .build();
        assertEquals("/projects/{project}/{service} base=null",
                TestClient.of(after(fc)).get("/projects/p1/wiki/Home").send().text());
    }

    @Test
    void routersMountedAtTwoPrefixesOfAUrlMapRecordDifferentTemplates() {
        // the same router below /api and /admin: metrics must tell the two apart
        Router users = Router.builder().get("user", "/users/{id}", ECHO).build();
        UrlMap map = UrlMap.builder().mount("/api", users).mount("/admin", users).build();
        TestClient client = TestClient.of(map);
        assertEquals("/api/users/{id} base=/api", client.get("/api/users/7").send().text());
        assertEquals("/admin/users/{id} base=/admin", client.get("/admin/users/7").send().text());
    }

    @Test
    void anApplicationTheUrlMapMountedIsRecordedByItsPrefixAndTheBaseIsRestored() {
        UrlMap inner = UrlMap.builder().mount("/v1", ECHO).build();
        UrlMap map = UrlMap.builder().mount("/static", ECHO).mount("/api", inner).build();
        assertEquals("/static base=/static", TestClient.of(map).get("/static/a.css").send().text());
        assertEquals("/api/v1 base=/api/v1", TestClient.of(map).get("/api/v1/x").send().text());
        assertEquals("/api/v1 base=null", TestClient.of(after(map)).get("/api/v1/x").send().text());
    }

    @Test
    void aRootMountRecordsNoRouteOfItsOwn() {
        Router users = Router.builder().get("user", "/users/{id}", ECHO).build();
        UrlMap map = UrlMap.builder().mount("api.example.com", "/", users).mount("/", ECHO).build();
        assertEquals("null base=", TestClient.of(map).get("/anything").send().text());
        assertEquals("/users/{id} base=", TestClient.of(map).get("/users/7").header("Host", "api.example.com")
                .send().text());
    }

    @Test
    void aFrontControllerBelowAUrlMapRecordsTheWholeTemplate() {
        FrontController fc = FrontController.builder()
                .route("service", "/projects/{project}/{service}", args -> ECHO)
                .build();
        UrlMap map = UrlMap.builder().mount("/forge", fc).build();
        assertEquals("/forge/projects/{project}/{service} base=/forge/projects/{project}/{service}",
                TestClient.of(map).get("/forge/projects/p1/wiki").send().text());
    }
}

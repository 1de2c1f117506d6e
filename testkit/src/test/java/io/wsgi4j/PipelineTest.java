// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.testing.TestClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineTest {
    private final List<String> calls = new ArrayList<>();

    private Middleware recording(String name) {
        return Middleware.named(name, next -> (env, sr) -> {
            calls.add(name);
            return next.call(env, sr);
        });
    }

    private Application answering(String name) {
        return Application.named(name, (env, sr) -> {
            calls.add(name + " " + env.scriptName() + "|" + env.pathInfo());
            sr.start(Status.OK, List.of());
            return Body.of(name);
        });
    }

    @Test
    void middlewareRunsInTheOrderItIsUsedThenTheApp() {
        Pipeline p = Pipeline.builder().use(recording("log")).use(recording("errors")).run(answering("home"));
        TestClient.of(p).get("/x").send();
        assertEquals(List.of("log", "errors", "home |/x"), calls);
    }

    @Test
    void mapMountsAppsAndSubStacksWithTheRunAppAsFallback() {
        Pipeline p = Pipeline.builder()
                .use(recording("log"))
                .map("/static", answering("files"))
                .map("/api", api -> api.use(recording("auth")).run(answering("api")))
                .run(answering("home"));
        TestClient client = TestClient.of(p);
        assertEquals("files", client.get("/static/a.css").send().text());
        assertEquals("api", client.get("/api/items").send().text());
        assertEquals("home", client.get("/about").send().text());
        assertEquals(List.of("log", "files /static|/a.css", "log", "auth", "api /api|/items", "log", "home |/about"),
                calls);
    }

    @Test
    void toStringReadsLikeTheBuilderCode() {
        Pipeline p = Pipeline.builder()
                .use(recording("log"))
                .map("/static", answering("files"))
                .map("/api", api -> api.use(recording("auth")).run(answering("api")))
                .run(answering("home"));
        assertEquals("""
                Pipeline.builder()
                    .use(log)
                    .map("/static", files)
                    .map("/api", b -> b
                        .use(auth)
                        .run(api))
                    .run(home)""", p.toString());
    }

    @Test
    void aDispatcherThatSpansLinesIsIndentedWithItsStage() {
        UrlMap site = UrlMap.builder().mount("/a", answering("a")).build();
        Pipeline p = Pipeline.builder().use(recording("log")).run(site);
        assertEquals("""
                Pipeline.builder()
                    .use(log)
                    .run(UrlMap.builder()
                        .mount("/a", a)
                        .build())""", p.toString());
    }

    @Test
    void aSubStackThatNeverRunsIsRejected() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Pipeline.builder().map("/api", api -> api.use(recording("auth"))));
        assertTrue(e.getMessage().contains("\"/api\""), e.getMessage());
    }

    @Test
    void nullsAreRejected() {
        assertThrows(NullPointerException.class, () -> Pipeline.builder().use(null));
        assertThrows(NullPointerException.class, () -> Pipeline.builder().run(null));
    }
}

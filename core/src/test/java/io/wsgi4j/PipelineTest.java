// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wsgi4j.testing.TestClient;
import org.junit.jupiter.api.Test;

class PipelineTest {

    /** A middleware that appends an X-Via response header with its name. */
    private static Middleware via(String name) {
        return Middleware.named("via(" + name + ")", next -> (environ, sr) ->
                next.call(environ, (s, h, e) -> {
                    java.util.List<Header> more = new java.util.ArrayList<>(h);
                    more.add(Header.of("X-Via", name));
                    return sr.start(s, more, e);
                }));
    }

    private static Application where(String label) {
        return Application.named(label, (environ, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            return Body.of(label + " [" + environ.scriptName() + "] [" + environ.pathInfo() + "]");
        });
    }

    private final Pipeline pipeline = Pipeline.builder()
            .use(via("outer"))
            .map("/api", b -> b.use(via("auth")).run(where("api")))
            .map("/static", where("files"))
            .run(where("home"));

    @Test
    void runsEachMountBehindItsOwnStack() {
        var api = TestClient.of(pipeline).get("/api/users").send();
        assertEquals("api [/api] [/users]", api.text());
        assertEquals(java.util.List.of("auth", "outer"), api.headers("X-Via"));
        var files = TestClient.of(pipeline).get("/static/a.css").send();
        assertEquals(java.util.List.of("outer"), files.headers("X-Via"));
        assertEquals("home [] [/about]", TestClient.of(pipeline).get("/about").send().text());
    }

    @Test
    void printsLikeTheBuilderCode() {
        assertEquals("Pipeline.builder()\n"
                + "    .use(via(outer))\n"
                + "    .map(\"/api\", b -> b\n"
                + "        .use(via(auth))\n"
                + "        .run(api))\n"
                + "    .map(\"/static\", files)\n"
                + "    .run(home)", pipeline.toString());
    }

    @Test
    void refusesAMountedStackThatNeverRuns() {
        assertThrows(IllegalStateException.class, () -> Pipeline.builder().map("/x", b -> b.use(via("a"))));
    }
}

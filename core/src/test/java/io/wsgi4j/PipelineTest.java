// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineTest {
    private static Application answering(String name) {
        return Application.named(name, (env, sr) -> {
            sr.start(Status.OK, List.of());
            return Body.of(name);
        });
    }

    private static String bodyOf(Application app) throws Exception {
        Environ env = new Environ();
        env.put(Environ.PATH_INFO, "/");
        env.put(Environ.SCRIPT_NAME, "");
        StringBuilder b = new StringBuilder();
        for (byte[] chunk : app.call(env, (status, headers, exc) -> null)) {
            b.append(new String(chunk, java.nio.charset.StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    @Test
    void aReusedBuilderPrintsEachPipelineWithTheApplicationItRuns() throws Exception {
        Middleware tag = Middleware.named("tag", app -> app);
        Pipeline.Builder b = Pipeline.builder().use(tag);
        Pipeline first = b.run(answering("one"));
        Pipeline second = b.run(answering("two"));
        assertEquals("Pipeline.builder()\n    .use(tag)\n    .run(one)", first.toString());
        // before: the second printed ".run(one)" and ".run(two)" though only "two" runs
        assertEquals("Pipeline.builder()\n    .use(tag)\n    .run(two)", second.toString());
        assertEquals("one", bodyOf(first));
        assertEquals("two", bodyOf(second));
    }

    @Test
    void aStageAddedAfterARunIsInTheNextPipelineOnly() {
        Pipeline.Builder b = Pipeline.builder();
        Pipeline plain = b.run(answering("app"));
        Pipeline mounted = b.map("/x", answering("x")).run(answering("app"));
        assertEquals("Pipeline.builder()\n    .run(app)", plain.toString());
        assertEquals("Pipeline.builder()\n    .map(\"/x\", x)\n    .run(app)", mounted.toString());
    }
}

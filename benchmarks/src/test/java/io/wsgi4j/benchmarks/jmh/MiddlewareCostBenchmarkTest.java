// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wsgi4j.benchmarks.apps.MiddlewareStack;
import io.wsgi4j.handler.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

class MiddlewareCostBenchmarkTest {

    private static List<String> params() throws NoSuchFieldException {
        return Arrays.asList(MiddlewareCostBenchmark.class.getField("layer").getAnnotation(Param.class).value());
    }

    @Test
    void listsEveryCatalogueMiddlewareBetweenTheBaselineAndTheWholeStack() throws Exception {
        List<String> expected = new ArrayList<>(List.of("none", "PassThrough"));
        expected.addAll(MiddlewareStack.catalogue().keySet());
        expected.add("all");
        assertEquals(expected, params());
    }

    @Test
    void everyStackLetsAHelloWorldGetThroughKeptAlive() throws Exception {
        for (String layer : params()) {
            assertEquals(Outcome.KEEP_ALIVE,
                    new BenchHandler().run(MiddlewareCostBenchmark.stack(layer), Requests.plaintext(false)), layer);
        }
    }

    @Test
    void refusesANameTheCatalogueDoesNotHave() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MiddlewareCostBenchmark.stack("Nope"));
        assertEquals(true, e.getMessage().contains("\"Nope\""));
    }
}

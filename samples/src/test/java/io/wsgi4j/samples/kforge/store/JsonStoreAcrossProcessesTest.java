// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several JVMs writing one store directory at once: the file locks of {@link RecordLocks} keep
 * read-modify-write atomic across processes, and every process reads the others' records from disk.
 */
class JsonStoreAcrossProcessesTest {
    private static final int PROCESSES = 3;
    private static final int WRITES = 60;

    @TempDir
    Path dir;

    @Test
    @DisplayName("three processes increment one record and create their own: no increment and no record is lost")
    void threeProcessesLoseNoWrite() throws Exception {
        JsonStore<JsonStoreTest.Counter> store = JsonStore.open(dir, JsonStoreTest.Counter.class, Json.mapper());
        store.put("n", new JsonStoreTest.Counter("n", 0));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            children.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    StoreWriterChild.class.getName(), dir.toString(), "p" + p, Integer.toString(WRITES))
                    .redirectErrorStream(true).start());
        }
        for (Process child : children) {
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "a writer did not finish");
            assertEquals(0, child.exitValue(), output);
        }

        assertEquals(PROCESSES * WRITES, store.get("n").orElseThrow().value(),
                "increments read back by this process, which wrote none of them");
        assertEquals(PROCESSES * WRITES + 1, store.ids().size(), "records created by the children, plus n");
        for (int p = 0; p < PROCESSES; p++) {
            for (int i = 0; i < WRITES; i++) {
                assertEquals(new JsonStoreTest.Counter("p" + p, i), store.get("p" + p + "-" + i).orElseThrow());
            }
        }
    }
}

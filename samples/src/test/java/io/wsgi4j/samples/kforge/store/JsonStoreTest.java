// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.middleware.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonStoreTest {
    record Counter(String name, int value) {}

    @TempDir
    Path dir;

    private JsonStore<Counter> open() throws IOException {
        return JsonStore.open(dir, Counter.class, Json.mapper());
    }

    @Nested
    class Writing {
        @Test
        void createsOnlyWhenTheIdIsFree() throws IOException {
            JsonStore<Counter> store = open();

            assertTrue(store.create("a", new Counter("a", 1)));
            assertFalse(store.create("a", new Counter("a", 2)));
            assertEquals(Optional.of(new Counter("a", 1)), store.get("a"));
        }

        @Test
        void updatesFromTheCurrentRecord() throws IOException {
            JsonStore<Counter> store = open();
            store.put("a", new Counter("a", 1));

            store.update("a", c -> new Counter(c.name(), c.value() + 1));

            assertEquals(2, store.get("a").orElseThrow().value());
        }

        @Test
        void refusesToUpdateAMissingRecord() throws IOException {
            assertThrows(NoSuchElementException.class, () -> open().update("nope", c -> c));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "../x", "a/b", ".hidden", "a b", "a.json"})
        void refusesIdsThatAreNotPlainFileNames(String id) throws IOException {
            JsonStore<Counter> store = open();
            assertThrows(IllegalArgumentException.class, () -> store.put(id, new Counter(id, 0)));
        }

        @Test
        void losesNoIncrementUnderConcurrentUpdates() throws Exception {
            JsonStore<Counter> store = open();
            store.put("n", new Counter("n", 0));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    done.add(pool.submit(() -> store.update("n", c -> new Counter("n", c.value() + 1))));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }

            assertEquals(40, store.get("n").orElseThrow().value());
            assertEquals(40, open().get("n").orElseThrow().value());
        }
    }

    @Nested
    class Loading {
        @Test
        void loadsWhatAnEarlierStoreWrote() throws IOException {
            JsonStore<Counter> first = open();
            first.put("b", new Counter("b", 2));
            first.put("a", new Counter("a", 1));

            JsonStore<Counter> second = open();

            assertEquals(List.of("a", "b"), second.ids());
            assertEquals(List.of(new Counter("a", 1), new Counter("b", 2)), second.all());
        }

        @Test
        void cleansUpTemporaryFilesLeftByACrash() throws IOException {
            Files.writeString(dir.resolve(AtomicFiles.TEMP_PREFIX + "9.part"), "{\"name\":");

            open();

            assertFalse(Files.exists(dir.resolve(AtomicFiles.TEMP_PREFIX + "9.part")));
        }

        @Test
        void namesTheFileThatDoesNotParse() throws IOException {
            Files.writeString(dir.resolve("bad.json"), "{not json");

            IOException e = assertThrows(IOException.class, JsonStoreTest.this::open);

            assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.store;

import java.nio.file.Path;

/**
 * The child JVM of {@link JsonStoreAcrossProcessesTest}: opens a store on the shared directory, then
 * increments the shared counter {@code n} and creates its own records {@code <name>-<i>}, {@code count}
 * times each, and prints {@code done}.
 */
public final class StoreWriterChild {
    private StoreWriterChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String name = args[1];
        int count = Integer.parseInt(args[2]);
        JsonStore<JsonStoreTest.Counter> store = JsonStore.open(dir, JsonStoreTest.Counter.class, Json.mapper());
        for (int i = 0; i < count; i++) {
            store.update("n", c -> new JsonStoreTest.Counter("n", c.value() + 1));
            if (!store.create(name + "-" + i, new JsonStoreTest.Counter(name, i))) {
                throw new AssertionError(name + "-" + i + " existed before this process created it");
            }
        }
        System.out.println("done");
    }
}

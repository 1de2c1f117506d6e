// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The environ's map behaves as a {@code HashMap} does: the same random operations on both agree. */
class StringMapTest {
    /** Distinct keys, among them strings with equal hash codes ("Aa" and "BB"), so probes collide. */
    private static final List<String> KEYS = keys();

    private static List<String> keys() {
        List<String> keys = new ArrayList<>(List.of("Aa", "BB", "AaAa", "AaBB", "BBAa", "BBBB", ""));
        for (int i = 0; i < 90; i++) {
            keys.add("HTTP_X_HEADER_" + i);
        }
        return keys;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void randomOperationsAgreeWithAHashMap(long seed) {
        Random random = new Random(seed);
        StringMap map = new StringMap(4);
        Map<String, Object> expected = new HashMap<>();
        for (int step = 0; step < 20_000; step++) {
            String key = KEYS.get(random.nextInt(random.nextBoolean() ? 8 : KEYS.size()));
            Object value = random.nextInt(10) == 0 ? null : step;
            String what = "step " + step + ", key \"" + key + "\"";
            switch (random.nextInt(9)) {
                case 0, 1, 2 -> assertEquals(expected.put(key, value), map.put(key, value), what);
                case 3 -> assertEquals(expected.putIfAbsent(key, value), map.putIfAbsent(key, value), what);
                case 4, 5 -> assertEquals(expected.remove(key), map.remove(key), what);
                case 6 -> {
                    assertEquals(expected.get(key), map.get(key), what);
                    assertEquals(expected.containsKey(key), map.containsKey(key), what);
                }
                case 7 -> removeEveryThirdByIterator(map, expected);
                default -> {
                    if (random.nextInt(200) == 0) {
                        map.clear();
                        expected.clear();
                    }
                }
            }
            assertEquals(expected.size(), map.size(), what);
        }
        assertEquals(expected, map);
        assertEquals(map, expected);
        assertEquals(expected.hashCode(), map.hashCode());
    }

    private static void removeEveryThirdByIterator(StringMap map, Map<String, Object> expected) {
        int n = 0;
        for (Iterator<Map.Entry<String, Object>> it = map.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Object> e = it.next();
            assertEquals(expected.get(e.getKey()), e.getValue(), e.getKey());
            if (n++ % 3 == 0) {
                it.remove();
                expected.remove(e.getKey());
            }
        }
        assertEquals(expected.size(), n - (n + 2) / 3, "every entry visited once");
    }

    @Test
    void aCopyIsIndependentOfItsSource() {
        StringMap source = new StringMap(4);
        for (String k : KEYS) {
            source.put(k, k.length());
        }
        source.remove("BB");
        StringMap copy = source.copy();
        copy.put("BB", "in the copy");
        copy.remove("Aa");
        copy.put("NEW", 1);
        assertNull(source.get("BB"));
        assertEquals(2, source.get("Aa"));
        assertFalse(source.containsKey("NEW"));
        assertEquals(KEYS.size() - 1, source.size());
        assertEquals(KEYS.size(), copy.size());
    }

    @Test
    void anEntrySetValueWritesThroughAndNullValuesArePresent() {
        StringMap map = new StringMap(4);
        map.put("A", null);
        assertTrue(map.containsKey("A"));
        assertEquals(1, map.size());
        map.entrySet().iterator().next().setValue("x");
        assertEquals("x", map.get("A"));
        assertNull(map.putIfAbsent("B", null));
        assertNull(map.putIfAbsent("B", "filled"), "a null value counts as absent, as in HashMap");
        assertEquals("filled", map.get("B"));
    }

    @Test
    void keysThatAreNotStringsAreAbsentAndANullKeyIsRefusedByName() {
        StringMap map = new StringMap(4);
        map.put("1", 1);
        assertNull(map.get(1));
        assertFalse(map.containsKey(null));
        assertNull(map.remove(null));
        NullPointerException e = assertThrows(NullPointerException.class, () -> map.put(null, 1));
        assertTrue(e.getMessage().contains("not null"), e.getMessage());
    }

    @Test
    void changingTheMapWhileIteratingFailsFast() {
        StringMap map = new StringMap(4);
        map.put("A", 1);
        map.put("B", 2);
        Iterator<String> it = map.keySet().iterator();
        it.next();
        map.put("C", 3);
        assertThrows(ConcurrentModificationException.class, it::next);
    }

    @Test
    void manyRemovalsDoNotFillTheTableWithMarkers() {
        StringMap map = new StringMap(4);
        for (int round = 0; round < 10_000; round++) {
            String key = "K" + round;
            map.put(key, round);
            assertEquals(round, map.remove(key));
        }
        assertTrue(map.isEmpty());
        map.put("last", 1);
        assertEquals(1, map.get("last"));
    }
}

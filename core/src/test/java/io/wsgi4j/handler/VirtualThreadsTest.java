// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VirtualThreadsTest {
    private static final boolean JAVA_21 = Runtime.version().feature() >= 21;

    @Test
    void areAvailableExactlyFromJava21On() {
        assertEquals(JAVA_21, VirtualThreads.available());
    }

    @Test
    void factoryMakesNamedVirtualThreadsOrSaysWhichJavaIsNeeded() throws Exception {
        if (!JAVA_21) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> VirtualThreads.factory("x-"));
            assertTrue(e.getMessage().startsWith("virtual threads need Java 21 or later"), e.getMessage());
            return;
        }
        Thread t = VirtualThreads.factory("probe-").newThread(() -> { });
        assertEquals("probe-0", t.getName());
        assertEquals(Boolean.TRUE, Thread.class.getMethod("isVirtual").invoke(t));
    }

    @Test
    void perTaskExecutorRunsEachTaskOnItsOwnVirtualThread() throws Exception {
        if (!JAVA_21) {
            assertThrows(IllegalStateException.class, () -> VirtualThreads.perTaskExecutor("x-"));
            return;
        }
        ExecutorService executor = VirtualThreads.perTaskExecutor("task-");
        try {
            Future<String> first = executor.submit(() -> Thread.currentThread().getName());
            Future<String> second = executor.submit(() -> Thread.currentThread().getName());
            assertTrue(first.get(10, TimeUnit.SECONDS).startsWith("task-"));
            assertTrue(!first.get().equals(second.get(10, TimeUnit.SECONDS)), "one thread per task");
        } finally {
            executor.shutdown();
        }
    }
}

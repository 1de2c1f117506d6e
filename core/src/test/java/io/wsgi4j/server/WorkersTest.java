// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkersTest {
    @Test
    void choosesVirtualThreadsExactlyWhenTheJvmHasThem() {
        boolean jvmHasThem = Runtime.version().feature() >= 21;
        assertEquals(jvmHasThem, Workers.virtualAvailable());
        assertEquals(jvmHasThem ? "virtual threads" : "200 platform threads",
                Workers.of(ThreadMode.AUTO, 200).describe());
    }

    @Test
    void refusesVirtualThreadsBeforeJava21WithAClearMessage() {
        if (Workers.virtualAvailable()) {
            assertEquals("virtual threads", Workers.of(ThreadMode.VIRTUAL, 1).describe());
        } else {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Workers.of(ThreadMode.VIRTUAL, 1));
            assertTrue(e.getMessage().contains("Java 21"), e.getMessage());
        }
    }

    @Test
    void boundsThePlatformPoolAndReportsWhenItIsNearlyFull() throws Exception {
        Workers w = Workers.of(ThreadMode.PLATFORM, 2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch ran = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            w.acquire();
            w.start(() -> {
                ran.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        assertTrue(w.nearlyFull());
        release.countDown();
        w.acquire(); // a permit comes back when a task ends
        w.release();
        assertEquals("2 platform threads", w.describe());
    }

    @Test
    void neverReportsVirtualThreadsAsFull() {
        if (Workers.virtualAvailable()) {
            assertFalse(Workers.of(ThreadMode.VIRTUAL, 1).nearlyFull());
        }
    }
}

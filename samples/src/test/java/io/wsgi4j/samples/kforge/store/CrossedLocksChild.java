// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The child JVM of {@link RecordLocksAcrossProcessesTest}: one thread holds record {@code y} until a
 * {@code release} line arrives on stdin; once it holds it, a second thread waits for record {@code x},
 * which the parent holds. Prints {@code holding y}, {@code wanting x}, {@code got x}, {@code done}, or
 * the exception a lock failed with.
 */
public final class CrossedLocksChild {
    private CrossedLocksChild() {}

    public static void main(String[] args) throws Exception {
        RecordLocks locks = RecordLocks.of(Path.of(args[0]));
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        CountDownLatch holdingY = new CountDownLatch(1);
        Thread y = new Thread(() -> run(() -> locks.withRecord("y", () -> {
            say("holding y");
            holdingY.countDown();
            return stdin.readLine();
        })));
        y.start();
        holdingY.await();
        Thread x = new Thread(() -> run(() -> {
            say("wanting x");
            return locks.withRecord("x", () -> {
                say("got x");
                return null;
            });
        }));
        x.start();
        x.join();
        y.join();
        say("done");
    }

    private static void run(RecordLocks.Locked<?> work) {
        try {
            work.run();
        } catch (Exception e) {
            say("failed: " + e);
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}

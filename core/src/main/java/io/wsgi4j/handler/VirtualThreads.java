// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads when the JVM has them (Java 21+), found by reflection so that wsgi4j compiles
 * for Java 17. Every transport (the HTTP server, the gateways) decides its thread mode here.
 *
 * <pre>{@code
 * ThreadFactory threads = VirtualThreads.available()
 *         ? VirtualThreads.factory("wsgi4j-conn-")
 *         : platformThreads;
 * }</pre>
 *
 * @since 0.1
 */
public final class VirtualThreads {
    private static final Method OF_VIRTUAL = lookup(Thread.class, "ofVirtual");
    private static final Method PER_TASK = lookup(Executors.class, "newThreadPerTaskExecutor", ThreadFactory.class);

    private VirtualThreads() {}

    /** True on a JVM with virtual threads (Java 21 or later). @since 0.1 */
    public static boolean available() {
        return OF_VIRTUAL != null && PER_TASK != null;
    }

    /**
     * A factory of virtual threads named {@code prefix0}, {@code prefix1}, ...
     *
     * @throws IllegalStateException on a JVM without virtual threads (check {@link #available()})
     * @since 0.1
     */
    public static ThreadFactory factory(String prefix) {
        requireAvailable();
        try {
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Object b = OF_VIRTUAL.invoke(null);
            b = builder.getMethod("name", String.class, long.class).invoke(b, prefix, 0L);
            return (ThreadFactory) builder.getMethod("factory").invoke(b);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads are present but could not be created: " + e, e);
        }
    }

    /**
     * An executor that starts a new virtual thread for each task (named as {@link #factory}).
     *
     * @throws IllegalStateException on a JVM without virtual threads
     * @since 0.1
     */
    public static ExecutorService perTaskExecutor(String prefix) {
        ThreadFactory threads = factory(prefix);
        try {
            return (ExecutorService) PER_TASK.invoke(null, threads);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads are present but could not be created: " + e, e);
        }
    }

    private static void requireAvailable() {
        if (!available()) {
            throw new IllegalStateException("virtual threads need Java 21 or later, this is Java "
                    + Runtime.version().feature());
        }
    }

    private static Method lookup(Class<?> owner, String name, Class<?>... parameters) {
        try {
            return owner.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            return null; // Java 17-20
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Objects;

/**
 * Runs a server's graceful shutdown when the process gets SIGTERM (what systemd, Kubernetes and
 * {@code Process.destroy()} send), so the serving thread returns and the process exits 0.
 *
 * <p>A plain shutdown hook would drain too, but the JVM then exits with 143 (128 + SIGTERM), which
 * systemd and Kubernetes count as a failure. So where the JDK's {@code sun.misc.Signal} is present
 * (every HotSpot JDK, module {@code jdk.unsupported}) the signal is caught instead and the JVM is not
 * told to exit; elsewhere this falls back to a shutdown hook.
 *
 * <pre>{@code
 * TermSignal.onTerm(server::shutdown);
 * server.serveForever();   // returns once the drain is done; main returns, exit status 0
 * }</pre>
 *
 * @since 0.2
 */
public final class TermSignal {
    private TermSignal() {}

    /**
     * Arranges for {@code shutdown} to run (on its own thread) when SIGTERM arrives.
     *
     * @return true if SIGTERM is caught (exit status 0), false if a shutdown hook was installed instead
     * @since 0.2
     */
    public static boolean onTerm(Runnable shutdown) {
        Objects.requireNonNull(shutdown, "shutdown");
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            InvocationHandler onSignal = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    Thread t = new Thread(shutdown, "wsgi4j-sigterm");
                    // not a daemon (the signal thread is one): with start() instead of serveForever()
                    // nothing else keeps the JVM until the requests in flight are done
                    t.setDaemon(false);
                    t.start();
                    return null;
                }
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "TermSignal(" + shutdown + ")";
                };
            };
            Object h = Proxy.newProxyInstance(TermSignal.class.getClassLoader(), new Class<?>[] {handler}, onSignal);
            Object term = signal.getConstructor(String.class).newInstance("TERM");
            signal.getMethod("handle", signal, handler).invoke(null, term, h);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // no sun.misc.Signal here (or TERM is taken): drain in a shutdown hook, exit status 143
            Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "wsgi4j-shutdown"));
            return false;
        }
    }
}

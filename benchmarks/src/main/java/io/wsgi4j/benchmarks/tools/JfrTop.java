// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.tools;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the CPU samples ({@code jdk.ExecutionSample}) of a JFR recording: the methods most
 * often on top of the stack (where CPU time is spent), the same grouped by package, the first
 * wsgi4j frame under each sample (which part of wsgi4j the time is spent for) and that frame with
 * its nearest wsgi4j caller, and the layer each sample is spent in: the middleware class nearest the
 * top of the stack, unless a frame of the server ({@code io.wsgi4j.handler}, {@code .server},
 * {@code .net}, {@code .gateway}) is nearer, so a middleware's own work and the core helpers it calls
 * count for it while the server's work under it (the start_response it forwards to) counts for the
 * server. The same data {@code jfr print --events jdk.ExecutionSample FILE} shows, counted.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.wsgi4j.benchmarks.tools.JfrTop server.jfr 25
 * }</pre>
 *
 * @since 0.1
 */
public final class JfrTop {
    private JfrTop() {}

    /** Arguments: FILE.jfr [ROWS, default 20]. @since 0.1 */
    public static void main(String[] args) throws Exception {
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> packages = new HashMap<>();
        Map<String, Integer> wsgi4j = new HashMap<>();
        Map<String, Integer> paths = new HashMap<>();
        Map<String, Integer> layers = new HashMap<>();
        int total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            total++;
            List<RecordedFrame> frames = st.getFrames();
            RecordedFrame top = frames.get(0);
            self.merge(name(top), 1, Integer::sum);
            packages.merge(packageOf(top), 1, Integer::sum);
            layers.merge(layerOf(frames), 1, Integer::sum);
            String first = null;
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (!n.startsWith("io.wsgi4j.") || n.startsWith("io.wsgi4j.benchmarks.peers.")) {
                    continue;
                }
                if (first == null) {
                    first = n;
                    wsgi4j.merge(n, 1, Integer::sum);
                } else if (!n.equals(first)) {
                    paths.merge(first + " ← " + n, 1, Integer::sum);
                    break;
                }
            }
        }
        System.out.println("samples: " + total);
        print("top frames (self)", self, total, rows);
        print("top packages (self)", packages, total, rows / 2);
        print("nearest io.wsgi4j frame", wsgi4j, total, rows / 2);
        print("nearest io.wsgi4j frame ← its io.wsgi4j caller", paths, total, rows / 2);
        print("layer (middleware class, or server package)", layers, total, rows);
    }

    private static final List<String> SERVER_PACKAGES =
            List.of("io.wsgi4j.handler.", "io.wsgi4j.server.", "io.wsgi4j.net.", "io.wsgi4j.gateway.");
    private static final String MIDDLEWARE = "io.wsgi4j.middleware.";

    /** The layer a sample is spent in (see the class comment); "other" when the stack has neither. */
    private static String layerOf(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            for (String server : SERVER_PACKAGES) {
                if (type.startsWith(server)) {
                    return "server: " + server.substring(0, server.length() - 1);
                }
            }
            if (type.startsWith(MIDDLEWARE)) {
                int nested = type.indexOf('$');
                return type.substring(MIDDLEWARE.length(), nested < 0 ? type.length() : nested);
            }
        }
        return "other";
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static String packageOf(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        int dot = type.lastIndexOf('.');
        return dot < 0 ? "(default)" : type.substring(0, dot);
    }

    private static void print(String title, Map<String, Integer> counts, int total, int rows) {
        System.out.println();
        System.out.println("| " + title + " | samples | % |");
        System.out.println("|---|---:|---:|");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(rows)
                .forEach(en -> System.out.printf(Locale.ROOT, "| `%s` | %d | %.1f |%n",
                        en.getKey(), en.getValue(), 100.0 * en.getValue() / Math.max(1, total)));
    }
}

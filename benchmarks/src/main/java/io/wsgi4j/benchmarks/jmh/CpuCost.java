// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.jmh;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.benchmarks.apps.HelloApp;
import io.wsgi4j.middleware.logging.AccessLog;
import io.wsgi4j.middleware.logging.LogFormat;
import io.wsgi4j.middleware.logging.LogSink;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests of {@link MiddlewareCostBenchmark} and {@link AccessLogBenchmark}, timed in <em>thread
 * CPU time</em> instead of wall time, for a machine too busy for JMH's wall-clock figures: time the
 * thread spent descheduled is not counted. Every case runs in interleaved rounds (a round of each, then
 * the next round), and the median round is printed, with the difference to the baseline; likewise the
 * bytes the thread allocated per request (HotSpot's exact per-thread count, the figure of JMH's
 * {@code gc.alloc.rate.norm}).
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.wsgi4j.benchmarks.jmh.CpuCost [requests-per-round] [rounds] [regex]
 * }</pre>
 *
 * <p>Not a replacement for JMH (no forks, no blackhole: the results are summed into a checksum); it
 * measures the same work, and its figures agree with JMH's on a quiet machine within its noise.
 *
 * @since 0.2
 */
public final class CpuCost {
    private CpuCost() {}

    /**
     * Runs every case and prints one line per case: median CPU ns per request and the added ns, then
     * median bytes allocated per request and the added bytes.
     *
     * @param args requests per round (default 200,000), rounds (default 7), and a regular expression the
     *     case names must contain a match of (default: every case; the {@code none} baselines always run)
     * @throws Exception when a case fails
     * @since 0.2
     */
    public static void main(String[] args) throws Exception {
        int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        java.util.regex.Pattern only = java.util.regex.Pattern.compile(args.length > 2 ? args[2] : "");
        Map<String, Case> cases = new LinkedHashMap<>();
        for (String layer : new MiddlewareCostBenchmark().getClass().getField("layer")
                .getAnnotation(org.openjdk.jmh.annotations.Param.class).value()) {
            Application app = MiddlewareCostBenchmark.stack(layer);
            BenchHandler handler = new BenchHandler();
            cases.put("MiddlewareCost " + layer, () -> handler.run(app, Requests.plaintext(false)).ordinal());
        }
        Environ browser = Requests.plaintext(true);
        for (String format : List.of("none", "COMMON", "COMBINED", "JSON")) {
            Application app = format.equals("none") ? HelloApp.INSTANCE
                    : AccessLog.builder(LogSink.of(OutputStream.nullOutputStream())).format(LogFormat.valueOf(format))
                            .clock(Clock.systemDefaultZone()).build().wrap(HelloApp.INSTANCE);
            cases.put("AccessLog " + format, () -> {
                Iterable<byte[]> body = app.call(browser, Requests.IGNORE);
                long n = 0;
                try {
                    for (byte[] chunk : body) {
                        n += chunk.length;
                    }
                } finally {
                    Body.close(body);
                }
                return n;
            });
        }
        cases.keySet().removeIf(name -> !name.endsWith(" none") && !only.matcher(name).find());
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        // HotSpot's bean also counts the bytes a thread allocated: exact, and unaffected by a busy machine
        com.sun.management.ThreadMXBean alloc = (com.sun.management.ThreadMXBean) cpu;
        long checksum = 0;
        for (Case c : cases.values()) { // warm-up: every case compiled before any is timed
            for (int i = 0; i < perRound; i++) {
                checksum += c.run();
            }
        }
        Map<String, double[]> times = new LinkedHashMap<>();
        Map<String, double[]> bytes = new LinkedHashMap<>();
        cases.keySet().forEach(k -> times.put(k, new double[rounds]));
        cases.keySet().forEach(k -> bytes.put(k, new double[rounds]));
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, Case> e : cases.entrySet()) {
                long b0 = alloc.getCurrentThreadAllocatedBytes();
                long t0 = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < perRound; i++) {
                    checksum += e.getValue().run();
                }
                times.get(e.getKey())[r] = (cpu.getCurrentThreadCpuTime() - t0) / (double) perRound;
                bytes.get(e.getKey())[r] = (alloc.getCurrentThreadAllocatedBytes() - b0) / (double) perRound;
            }
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, double[]> e : times.entrySet()) {
            String group = e.getKey().substring(0, e.getKey().indexOf(' '));
            double base = median(times.get(group + " none"));
            double m = median(e.getValue());
            double baseBytes = median(bytes.get(group + " none"));
            double b = median(bytes.get(e.getKey()));
            lines.add(String.format("%-32s %8.1f ns  %+8.1f ns  %7.0f B  %+7.0f B", e.getKey(), m, m - base, b,
                    b - baseBytes));
        }
        lines.forEach(System.out::println);
        System.out.println("(java " + Runtime.version() + ", " + perRound + " requests x " + rounds
                + " rounds, checksum " + checksum + ")");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** One request; returns something to add to the checksum so the work cannot be dropped. */
    @FunctionalInterface
    private interface Case {
        long run() throws Exception;
    }
}

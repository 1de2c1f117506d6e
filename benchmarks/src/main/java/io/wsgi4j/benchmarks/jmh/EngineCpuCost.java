// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.jmh;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests of {@link EngineBenchmark} (one kept-alive {@code GET /plaintext} through Jetty 12
 * in-process, to each engine peer of the load runs), timed in <em>process CPU time</em>: the CPU every
 * thread of this JVM used (the caller, Jetty's pool thread that serves the request, the JIT and the
 * garbage collector) per request, so time spent descheduled on a shared machine is not counted, and
 * no socket or load generator adds its noise. The four peers run side by side in one JVM and are
 * timed in interleaved rounds; the median round of each is printed, then what each adapter adds to
 * its bare engine.
 *
 * <pre>{@code
 * taskset -c 0 java -cp benchmarks/target/benchmarks.jar io.wsgi4j.benchmarks.jmh.EngineCpuCost [requests-per-round] [rounds]
 * }</pre>
 *
 * <p>Pin it to one CPU as the load runs pin their servers. The JVM's process CPU clock ticks in
 * 10 ms steps on Linux, so a round should take seconds (the default, 50,000 requests, takes 1-3 s).
 *
 * @since 0.2
 */
public final class EngineCpuCost {
    private static final List<String> PEERS = List.of("jetty-blocking", "wsgi4j-jetty", "servlet", "wsgi4j-servlet");

    private EngineCpuCost() {}

    /**
     * Runs every peer and prints its median CPU µs per request, then what each adapter adds.
     *
     * @param args requests per round (default 50,000) and rounds (default 9)
     * @throws Exception when a peer fails to start or answers wrongly
     * @since 0.2
     */
    public static void main(String[] args) throws Exception {
        int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, EngineBenchmark> peers = new LinkedHashMap<>();
        Map<String, double[]> micros = new LinkedHashMap<>();
        long checksum = 0;
        try {
            for (String name : PEERS) {
                EngineBenchmark peer = new EngineBenchmark();
                peer.server = name;
                peers.put(name, peer);
                peer.setUp(); // also checks that it answers as every peer answers
            }
            for (EngineBenchmark peer : peers.values()) { // warm-up: every peer compiled before any is timed
                for (int i = 0; i < 4 * perRound; i++) {
                    checksum += peer.request().remaining();
                }
            }
            PEERS.forEach(name -> micros.put(name, new double[rounds]));
            List<String> order = new ArrayList<>(PEERS);
            for (int r = 0; r < rounds; r++) {
                for (String name : order) {
                    EngineBenchmark peer = peers.get(name);
                    long t0 = os.getProcessCpuTime();
                    for (int i = 0; i < perRound; i++) {
                        checksum += peer.request().remaining();
                    }
                    micros.get(name)[r] = (os.getProcessCpuTime() - t0) / 1000.0 / perRound;
                }
                java.util.Collections.reverse(order); // A B C D, D C B A, ...: drift falls on every peer alike
            }
        } finally {
            // also after a failure: Jetty's pool threads are not daemons and would keep the JVM alive
            for (EngineBenchmark peer : peers.values()) {
                try {
                    peer.tearDown();
                } catch (Exception e) {
                    System.err.println(peer.server + " did not stop cleanly: " + e);
                }
            }
        }
        for (String name : PEERS) {
            System.out.printf("%-16s %7.2f us CPU per request (rounds %s)%n", name, median(micros.get(name)),
                    Arrays.toString(Arrays.stream(micros.get(name)).map(v -> Math.round(v * 100) / 100.0).toArray()));
        }
        added("wsgi4j-jetty", "jetty-blocking", micros);
        added("wsgi4j-servlet", "servlet", micros);
        System.out.println("(java " + Runtime.version() + ", " + perRound + " requests x " + rounds
                + " rounds, checksum " + checksum + ")");
    }

    /**
     * What the adapter adds: the difference of the medians, and the ratio. The in-memory endpoint's
     * own hand-off is in both and larger than a socket's, so the difference is the figure to carry
     * over to a load run (divide it by the bare engine's CPU per request there).
     */
    private static void added(String adapter, String bare, Map<String, double[]> micros) {
        double a = median(micros.get(adapter));
        double b = median(micros.get(bare));
        System.out.printf("%s - %s: %+.2f us per request (ratio %.3f)%n", adapter, bare, a - b, a / b);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}

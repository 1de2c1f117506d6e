// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.peers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts one server for the load runs on 127.0.0.1 and blocks until the process is stopped. Every
 * server answers the same two requests: {@code GET /plaintext} ({@code Hello, World!}, text/plain)
 * and {@code POST /echo} (the body back).
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.wsgi4j.benchmarks.peers.PeerMain jetty 8080
 * }</pre>
 *
 * <p>Names: {@code jdk-fixed}, {@code jdk-virtual}, {@code jetty}, {@code undertow}, {@code netty},
 * {@code netty-epoll}, and the wsgi4j servers listed by {@code --list}. Once the server accepts
 * connections it prints one {@code READY} line naming the server, its version and its threads.
 *
 * @since 0.1
 */
public final class PeerMain {
    static final String HOST = "127.0.0.1";

    private PeerMain() {}

    /** A server that can be started on a port; returns a one-line description of itself. */
    @FunctionalInterface
    interface Peer {
        String start(String host, int port) throws Exception;
    }

    static Map<String, Peer> peers() {
        Map<String, Peer> m = new LinkedHashMap<>();
        m.put("jdk-fixed", (h, p) -> JdkPeer.start(h, p, false));
        m.put("jdk-virtual", (h, p) -> JdkPeer.start(h, p, true));
        m.put("jetty", JettyPeer::start);
        m.put("undertow", UndertowPeer::start);
        m.put("netty", (h, p) -> NettyPeer.start(h, p, false));
        m.put("netty-epoll", (h, p) -> NettyPeer.start(h, p, true));
        Wsgi4jPeers.register(m);
        EnginePeers.register(m);
        return m;
    }

    /**
     * {@code NAME PORT}: starts the named server and keeps the JVM alive; {@code --list} prints the names.
     *
     * @since 0.1
     */
    public static void main(String[] args) throws Exception {
        Map<String, Peer> peers = peers();
        if (args.length == 1 && args[0].equals("--list")) {
            peers.keySet().forEach(System.out::println);
            return;
        }
        if (args.length != 2 || !peers.containsKey(args[0])) {
            System.err.println("usage: PeerMain NAME PORT, NAME one of " + peers.keySet()
                    + "; got " + Arrays.toString(args));
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        String detail = peers.get(args[0]).start(HOST, port);
        System.out.println("READY " + args[0] + " http://" + HOST + ":" + port + " " + detail
                + " java=" + Runtime.version() + " cpus=" + Runtime.getRuntime().availableProcessors());
        System.out.flush();
        Thread.currentThread().join(); // the servers run on their own threads until the process is killed
    }
}

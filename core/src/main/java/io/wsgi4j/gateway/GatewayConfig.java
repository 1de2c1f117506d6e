// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.observe.RequestObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Limits and options shared by the FastCGI and SCGI gateways; immutable, changed by {@code with…}
 * copies.
 *
 * <pre>{@code
 * GatewayConfig config = GatewayConfig.defaults()
 *         .withMaxBodyBytes(10 << 20)
 *         .withUnixSocketPermissions("rw-rw----");
 * }</pre>
 *
 * <p>Defaults: params (FastCGI PARAMS or the SCGI header block) up to 256 KiB in at most 256
 * records; request bodies up to 1 GiB (larger declared bodies get 413 without calling the app);
 * 1024 connections with up to 64 concurrent requests each; peers from the FastCGI environment
 * variable {@code FCGI_WEB_SERVER_ADDRS} when set (else any peer); Unix socket permissions left to
 * the umask; no request observer; on Java 17, a pool of {@code max(16, 8 × cores)} request threads (Java 21+ uses a
 * virtual thread per request and ignores it).
 *
 * @since 0.1
 */
public final class GatewayConfig {
    private static final Pattern PERMISSIONS = Pattern.compile("[r-][w-][x-][r-][w-][x-][r-][w-][x-]");

    private final int maxParamsBytes;
    private final int maxParamsRecords;
    private final long maxBodyBytes;
    private final int maxConnections;
    private final int maxRequestsPerConnection;
    private final List<String> allowedPeers;
    private final String unixSocketPermissions;
    private final int workers;
    private final RequestObserver observer;

    private GatewayConfig(int maxParamsBytes, int maxParamsRecords, long maxBodyBytes, int maxConnections,
            int maxRequestsPerConnection, List<String> allowedPeers, String unixSocketPermissions, int workers,
            RequestObserver observer) {
        this.maxParamsBytes = maxParamsBytes;
        this.maxParamsRecords = maxParamsRecords;
        this.maxBodyBytes = maxBodyBytes;
        this.maxConnections = maxConnections;
        this.maxRequestsPerConnection = maxRequestsPerConnection;
        this.allowedPeers = allowedPeers;
        this.unixSocketPermissions = unixSocketPermissions;
        this.workers = workers;
        this.observer = observer;
    }

    /** The defaults listed above. @since 0.1 */
    public static GatewayConfig defaults() {
        return new GatewayConfig(256 * 1024, 256, 1L << 30, 1024, 64,
                parsePeers(System.getenv("FCGI_WEB_SERVER_ADDRS")), null,
                Math.max(16, 8 * Runtime.getRuntime().availableProcessors()), RequestObserver.NONE);
    }

    /**
     * Parses a FastCGI {@code FCGI_WEB_SERVER_ADDRS} value: comma-separated IP addresses; null or
     * blank means any peer.
     *
     * @since 0.1
     */
    public static List<String> parsePeers(String value) {
        List<String> peers = new ArrayList<>();
        if (value != null) {
            for (String p : value.split(",")) {
                if (!p.isBlank()) {
                    peers.add(p.trim());
                }
            }
        }
        return List.copyOf(peers);
    }

    /** The largest params block accepted; larger gets 431. @throws IllegalArgumentException if below 1 @since 0.1 */
    public GatewayConfig withMaxParamsBytes(int bytes) {
        positive("maxParamsBytes", bytes);
        return new GatewayConfig(bytes, maxParamsRecords, maxBodyBytes, maxConnections, maxRequestsPerConnection,
                allowedPeers, unixSocketPermissions, workers, observer);
    }

    /** The most FastCGI PARAMS records one request may use. @throws IllegalArgumentException if below 1 @since 0.1 */
    public GatewayConfig withMaxParamsRecords(int records) {
        positive("maxParamsRecords", records);
        return new GatewayConfig(maxParamsBytes, records, maxBodyBytes, maxConnections, maxRequestsPerConnection,
                allowedPeers, unixSocketPermissions, workers, observer);
    }

    /** The largest request body; larger gets 413. @throws IllegalArgumentException if negative @since 0.1 */
    public GatewayConfig withMaxBodyBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 0, got " + bytes);
        }
        return new GatewayConfig(maxParamsBytes, maxParamsRecords, bytes, maxConnections, maxRequestsPerConnection,
                allowedPeers, unixSocketPermissions, workers, observer);
    }

    /** The most open connections (FCGI_MAX_CONNS). @throws IllegalArgumentException if below 1 @since 0.1 */
    public GatewayConfig withMaxConnections(int connections) {
        positive("maxConnections", connections);
        return new GatewayConfig(maxParamsBytes, maxParamsRecords, maxBodyBytes, connections,
                maxRequestsPerConnection, allowedPeers, unixSocketPermissions, workers, observer);
    }

    /**
     * The most concurrent requests multiplexed on one FastCGI connection; more get FCGI_OVERLOADED.
     *
     * @throws IllegalArgumentException if below 1
     * @since 0.1
     */
    public GatewayConfig withMaxRequestsPerConnection(int requests) {
        positive("maxRequestsPerConnection", requests);
        return new GatewayConfig(maxParamsBytes, maxParamsRecords, maxBodyBytes, maxConnections, requests,
                allowedPeers, unixSocketPermissions, workers, observer);
    }

    /**
     * The peer IP addresses allowed to connect over TCP (empty: any), as FCGI_WEB_SERVER_ADDRS lists.
     *
     * @since 0.1
     */
    public GatewayConfig withAllowedPeers(List<String> peers) {
        return new GatewayConfig(maxParamsBytes, maxParamsRecords, maxBodyBytes, maxConnections,
                maxRequestsPerConnection, List.copyOf(peers), unixSocketPermissions, workers, observer);
    }

    /**
     * Permissions for a Unix socket file, as {@code ls} prints them: {@code rw-rw----}; null leaves
     * the umask's.
     *
     * @throws IllegalArgumentException if not nine characters of the form {@code rwxrwxrwx}
     * @since 0.1
     */
    public GatewayConfig withUnixSocketPermissions(String permissions) {
        if (permissions != null && !PERMISSIONS.matcher(permissions).matches()) {
            throw new IllegalArgumentException("Unix socket permissions look like \"rw-rw----\", got \""
                    + permissions + "\"");
        }
        return new GatewayConfig(maxParamsBytes, maxParamsRecords, maxBodyBytes, maxConnections,
                maxRequestsPerConnection, allowedPeers, permissions, workers, observer);
    }

    /** Request threads on Java 17 (Java 21+ uses virtual threads). @throws IllegalArgumentException if below 1 @since 0.1 */
    public GatewayConfig withWorkers(int threads) {
        positive("workers", threads);
        return new GatewayConfig(maxParamsBytes, maxParamsRecords, maxBodyBytes, maxConnections,
                maxRequestsPerConnection, allowedPeers, unixSocketPermissions, threads, observer);
    }

    /**
     * Tells {@code observer} about every finished request (metrics); {@link RequestObserver#NONE} by
     * default. It runs on the request's thread after the response.
     *
     * @since 0.2
     */
    public GatewayConfig withObserver(RequestObserver observer) {
        Objects.requireNonNull(observer, "observer");
        return new GatewayConfig(maxParamsBytes, maxParamsRecords, maxBodyBytes, maxConnections,
                maxRequestsPerConnection, allowedPeers, unixSocketPermissions, workers, observer);
    }

    /** @return the observer told about every finished request @since 0.2 */
    public RequestObserver observer() {
        return observer;
    }

    /** @return the params size limit in bytes @since 0.1 */
    public int maxParamsBytes() {
        return maxParamsBytes;
    }

    /** @return the PARAMS record count limit @since 0.1 */
    public int maxParamsRecords() {
        return maxParamsRecords;
    }

    /** @return the request body limit in bytes @since 0.1 */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** @return the connection limit @since 0.1 */
    public int maxConnections() {
        return maxConnections;
    }

    /** @return the concurrent request limit per FastCGI connection @since 0.1 */
    public int maxRequestsPerConnection() {
        return maxRequestsPerConnection;
    }

    /** @return the allowed TCP peers; empty means any @since 0.1 */
    public List<String> allowedPeers() {
        return allowedPeers;
    }

    /** @return the Unix socket permissions, or null @since 0.1 */
    public String unixSocketPermissions() {
        return unixSocketPermissions;
    }

    /** @return the request thread pool size used on Java 17 @since 0.1 */
    public int workers() {
        return workers;
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }

    @Override
    public String toString() {
        return "GatewayConfig.defaults().withMaxParamsBytes(" + maxParamsBytes + ").withMaxParamsRecords("
                + maxParamsRecords + ").withMaxBodyBytes(" + maxBodyBytes + ").withMaxConnections(" + maxConnections
                + ").withMaxRequestsPerConnection(" + maxRequestsPerConnection + ").withAllowedPeers("
                + allowedPeers + ").withUnixSocketPermissions(" + (unixSocketPermissions == null ? "null"
                : "\"" + unixSocketPermissions + "\"") + ").withWorkers(" + workers + ")"
                + (observer == RequestObserver.NONE ? "" : ".withObserver(" + observer + ")");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GatewayConfig c && c.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return Objects.hash(toString());
    }
}

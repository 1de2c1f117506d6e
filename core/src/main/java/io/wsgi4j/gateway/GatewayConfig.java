// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import java.time.Duration;
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
 * the umask; on Java 17, a pool of {@code max(16, 8 × cores)} request threads (Java 21+ uses a
 * virtual thread per request and ignores it); 20 s from the accept to a complete request head, 60 s
 * for a kept FastCGI connection to send its next request, 30 s for each body read and response
 * write.
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
    private final Duration headerTimeout;
    private final Duration idleTimeout;
    private final Duration bodyTimeout;

    private GatewayConfig(int maxParamsBytes, int maxParamsRecords, long maxBodyBytes, int maxConnections,
            int maxRequestsPerConnection, List<String> allowedPeers, String unixSocketPermissions, int workers) {
        this(maxParamsBytes, maxParamsRecords, maxBodyBytes, maxConnections, maxRequestsPerConnection, allowedPeers,
                unixSocketPermissions, workers, Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofSeconds(30));
    }

    private GatewayConfig(int maxParamsBytes, int maxParamsRecords, long maxBodyBytes, int maxConnections,
            int maxRequestsPerConnection, List<String> allowedPeers, String unixSocketPermissions, int workers,
            Duration headerTimeout, Duration idleTimeout, Duration bodyTimeout) {
        this.headerTimeout = headerTimeout;
        this.idleTimeout = idleTimeout;
        this.bodyTimeout = bodyTimeout;
        this.maxParamsBytes = maxParamsBytes;
        this.maxParamsRecords = maxParamsRecords;
        this.maxBodyBytes = maxBodyBytes;
        this.maxConnections = maxConnections;
        this.maxRequestsPerConnection = maxRequestsPerConnection;
        this.allowedPeers = allowedPeers;
        this.unixSocketPermissions = unixSocketPermissions;
        this.workers = workers;
    }

    /** The defaults listed above. @since 0.1 */
    public static GatewayConfig defaults() {
        return new GatewayConfig(256 * 1024, 256, 1L << 30, 1024, 64,
                parsePeers(System.getenv("FCGI_WEB_SERVER_ADDRS")), null,
                Math.max(16, 8 * Runtime.getRuntime().availableProcessors()));
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
                allowedPeers, unixSocketPermissions, workers,
                headerTimeout, idleTimeout, bodyTimeout);
    }

    /** The most FastCGI PARAMS records one request may use. @throws IllegalArgumentException if below 1 @since 0.1 */
    public GatewayConfig withMaxParamsRecords(int records) {
        positive("maxParamsRecords", records);
        return new GatewayConfig(maxParamsBytes, records, maxBodyBytes, maxConnections, maxRequestsPerConnection,
                allowedPeers, unixSocketPermissions, workers,
                headerTimeout, idleTimeout, bodyTimeout);
    }

    /** The largest request body; larger gets 413. @throws IllegalArgumentException if negative @since 0.1 */
    public GatewayConfig withMaxBodyBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 0, got " + bytes);
        }
        return new GatewayConfig(maxParamsBytes, maxParamsRecords, bytes, maxConnections, maxRequestsPerConnection,
                allowedPeers, unixSocketPermissions, workers,
                headerTimeout, idleTimeout, bodyTimeout);
    }

    /** The most open connections (FCGI_MAX_CONNS). @throws IllegalArgumentException if below 1 @since 0.1 */
    public GatewayConfig withMaxConnections(int connections) {
        positive("maxConnections", connections);
        return new GatewayConfig(maxParamsBytes, maxParamsRecords, maxBodyBytes, connections,
                maxRequestsPerConnection, allowedPeers, unixSocketPermissions, workers,
                headerTimeout, idleTimeout, bodyTimeout);
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
                allowedPeers, unixSocketPermissions, workers,
                headerTimeout, idleTimeout, bodyTimeout);
    }

    /**
     * The peer IP addresses allowed to connect over TCP (empty: any), as FCGI_WEB_SERVER_ADDRS lists.
     *
     * @since 0.1
     */
    public GatewayConfig withAllowedPeers(List<String> peers) {
        return new GatewayConfig(maxParamsBytes, maxParamsRecords, maxBodyBytes, maxConnections,
                maxRequestsPerConnection, List.copyOf(peers), unixSocketPermissions, workers,
                headerTimeout, idleTimeout, bodyTimeout);
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
                maxRequestsPerConnection, allowedPeers, permissions, workers,
                headerTimeout, idleTimeout, bodyTimeout);
    }

    /** Request threads on Java 17 (Java 21+ uses virtual threads). @throws IllegalArgumentException if below 1 @since 0.1 */
    public GatewayConfig withWorkers(int threads) {
        positive("workers", threads);
        return new GatewayConfig(maxParamsBytes, maxParamsRecords, maxBodyBytes, maxConnections,
                maxRequestsPerConnection, allowedPeers, unixSocketPermissions, threads,
                headerTimeout, idleTimeout, bodyTimeout);
    }

    /**
     * Time from the accept to a complete request head (FastCGI BEGIN_REQUEST and PARAMS, or the SCGI
     * netstring); default 20 s. A connection that sent part of a head is answered 408 over SCGI and
     * closed; one that sent nothing is closed.
     *
     * @throws IllegalArgumentException unless positive
     * @since 0.2
     */
    public GatewayConfig withHeaderTimeout(Duration timeout) {
        return new GatewayConfig(maxParamsBytes, maxParamsRecords, maxBodyBytes, maxConnections,
                maxRequestsPerConnection, allowedPeers, unixSocketPermissions, workers,
                positive("headerTimeout", timeout), idleTimeout, bodyTimeout);
    }

    /**
     * Time a FastCGI connection kept by the web server (FCGI_KEEP_CONN) may wait for its next
     * request; default 60 s.
     *
     * @throws IllegalArgumentException unless positive
     * @since 0.2
     */
    public GatewayConfig withIdleTimeout(Duration timeout) {
        return new GatewayConfig(maxParamsBytes, maxParamsRecords, maxBodyBytes, maxConnections,
                maxRequestsPerConnection, allowedPeers, unixSocketPermissions, workers, headerTimeout,
                positive("idleTimeout", timeout), bodyTimeout);
    }

    /**
     * Time for each read of a request body (the read fails and the request's input ends) and each
     * write of a response (the connection closes); default 30 s.
     *
     * @throws IllegalArgumentException unless positive
     * @since 0.2
     */
    public GatewayConfig withBodyTimeout(Duration timeout) {
        return new GatewayConfig(maxParamsBytes, maxParamsRecords, maxBodyBytes, maxConnections,
                maxRequestsPerConnection, allowedPeers, unixSocketPermissions, workers, headerTimeout, idleTimeout,
                positive("bodyTimeout", timeout));
    }

    /** @return the time from the accept to a complete request head @since 0.2 */
    public Duration headerTimeout() {
        return headerTimeout;
    }

    /** @return the time a kept FastCGI connection may wait for its next request @since 0.2 */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** @return the time limit on each request body read and response write @since 0.2 */
    public Duration bodyTimeout() {
        return bodyTimeout;
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

    private static Duration positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
        return d;
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
                : "\"" + unixSocketPermissions + "\"") + ").withWorkers(" + workers + ").withHeaderTimeout(" + headerTimeout
                + ").withIdleTimeout(" + idleTimeout + ").withBodyTimeout(" + bodyTimeout + ")";
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

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.observe.RequestObserver;
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
 * the umask; no request observer; on Java 17, a pool of {@code max(16, 8 × cores)} request threads (Java 21+ uses a
 * virtual thread per request and ignores it); 20 s from the accept to a complete request head, 60 s
 * for a kept FastCGI connection to send its next request, 30 s for each body read and response
 * write.
 *
 * @since 0.1
 */
public final class GatewayConfig {
    private static final Pattern PERMISSIONS = Pattern.compile("[r-][w-][x-][r-][w-][x-][r-][w-][x-]");

    // not final only so that with... copies can set one field; never changed after a copy is returned
    private int maxParamsBytes = 256 * 1024;
    private int maxParamsRecords = 256;
    private long maxBodyBytes = 1L << 30;
    private int maxConnections = 1024;
    private int maxRequestsPerConnection = 64;
    private List<String> allowedPeers = List.of();
    private String unixSocketPermissions;
    private int workers = Math.max(16, 8 * Runtime.getRuntime().availableProcessors());
    private RequestObserver observer = RequestObserver.NONE;
    private Duration headerTimeout = Duration.ofSeconds(20);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration bodyTimeout = Duration.ofSeconds(30);

    private GatewayConfig() {
    }

    private GatewayConfig copy() {
        GatewayConfig c = new GatewayConfig();
        c.maxParamsBytes = maxParamsBytes;
        c.maxParamsRecords = maxParamsRecords;
        c.maxBodyBytes = maxBodyBytes;
        c.maxConnections = maxConnections;
        c.maxRequestsPerConnection = maxRequestsPerConnection;
        c.allowedPeers = allowedPeers;
        c.unixSocketPermissions = unixSocketPermissions;
        c.workers = workers;
        c.observer = observer;
        c.headerTimeout = headerTimeout;
        c.idleTimeout = idleTimeout;
        c.bodyTimeout = bodyTimeout;
        return c;
    }

    /** The defaults listed above. @since 0.1 */
    public static GatewayConfig defaults() {
        GatewayConfig c = new GatewayConfig();
        c.allowedPeers = parsePeers(System.getenv("FCGI_WEB_SERVER_ADDRS"));
        return c;
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
        GatewayConfig c = copy();
        c.maxParamsBytes = bytes;
        return c;
    }

    /** The most FastCGI PARAMS records one request may use. @throws IllegalArgumentException if below 1 @since 0.1 */
    public GatewayConfig withMaxParamsRecords(int records) {
        positive("maxParamsRecords", records);
        GatewayConfig c = copy();
        c.maxParamsRecords = records;
        return c;
    }

    /** The largest request body; larger gets 413. @throws IllegalArgumentException if negative @since 0.1 */
    public GatewayConfig withMaxBodyBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 0, got " + bytes);
        }
        GatewayConfig c = copy();
        c.maxBodyBytes = bytes;
        return c;
    }

    /** The most open connections (FCGI_MAX_CONNS). @throws IllegalArgumentException if below 1 @since 0.1 */
    public GatewayConfig withMaxConnections(int connections) {
        positive("maxConnections", connections);
        GatewayConfig c = copy();
        c.maxConnections = connections;
        return c;
    }

    /**
     * The most concurrent requests multiplexed on one FastCGI connection; more get FCGI_OVERLOADED.
     *
     * @throws IllegalArgumentException if below 1
     * @since 0.1
     */
    public GatewayConfig withMaxRequestsPerConnection(int requests) {
        positive("maxRequestsPerConnection", requests);
        GatewayConfig c = copy();
        c.maxRequestsPerConnection = requests;
        return c;
    }

    /**
     * The peer IP addresses allowed to connect over TCP (empty: any), as FCGI_WEB_SERVER_ADDRS lists.
     *
     * @since 0.1
     */
    public GatewayConfig withAllowedPeers(List<String> peers) {
        GatewayConfig c = copy();
        c.allowedPeers = List.copyOf(peers);
        return c;
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
        GatewayConfig c = copy();
        c.unixSocketPermissions = permissions;
        return c;
    }

    /** Request threads on Java 17 (Java 21+ uses virtual threads). @throws IllegalArgumentException if below 1 @since 0.1 */
    public GatewayConfig withWorkers(int threads) {
        positive("workers", threads);
        GatewayConfig c = copy();
        c.workers = threads;
        return c;
    }

    /**
     * Tells {@code observer} about every finished request (metrics); {@link RequestObserver#NONE} by
     * default. It runs on the request's thread after the response.
     *
     * @since 0.2
     */
    public GatewayConfig withObserver(RequestObserver observer) {
        Objects.requireNonNull(observer, "observer");
        GatewayConfig c = copy();
        c.observer = observer;
        return c;
    }

    /** @return the observer told about every finished request @since 0.2 */
    public RequestObserver observer() {
        return observer;
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
        GatewayConfig c = copy();
        c.headerTimeout = positive("headerTimeout", timeout);
        return c;
    }

    /**
     * Time a FastCGI connection kept by the web server (FCGI_KEEP_CONN) may wait for its next
     * request; default 60 s.
     *
     * @throws IllegalArgumentException unless positive
     * @since 0.2
     */
    public GatewayConfig withIdleTimeout(Duration timeout) {
        GatewayConfig c = copy();
        c.idleTimeout = positive("idleTimeout", timeout);
        return c;
    }

    /**
     * Time for each read of a request body (the read fails and the request's input ends) and each
     * write of a response (the connection closes); default 30 s.
     *
     * @throws IllegalArgumentException unless positive
     * @since 0.2
     */
    public GatewayConfig withBodyTimeout(Duration timeout) {
        GatewayConfig c = copy();
        c.bodyTimeout = positive("bodyTimeout", timeout);
        return c;
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
                : "\"" + unixSocketPermissions + "\"") + ").withWorkers(" + workers + ").withHeaderTimeout(Duration.parse(\""
                + headerTimeout + "\")).withIdleTimeout(Duration.parse(\"" + idleTimeout
                + "\")).withBodyTimeout(Duration.parse(\"" + bodyTimeout + "\"))"
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

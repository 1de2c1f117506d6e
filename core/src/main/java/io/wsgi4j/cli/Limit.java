// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.cli;

import io.wsgi4j.gateway.GatewayConfig;
import io.wsgi4j.server.ServerConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * The limits the command line sets, each as an option ({@code --max-body-bytes}) and an environment
 * variable ({@code WSGI4J_MAX_BODY_BYTES}), on the {@link ServerConfig} of the HTTP server, the
 * {@link GatewayConfig} of the FastCGI and SCGI gateways, or both where the limit means the same
 * for both (one name, one meaning). Sizes take a plain byte count or a K, M or G suffix (powers of
 * 1024); times take ms, s or m, or a plain number of seconds.
 */
enum Limit {
    MAX_REQUEST_LINE_BYTES("longest request line (414 beyond)", Kind.BYTES,
            (b, v) -> b.maxRequestLineBytes(Math.toIntExact((Long) v)), null),
    MAX_HEADER_BYTES("largest header section (431 beyond)", Kind.BYTES,
            (b, v) -> b.maxHeaderBytes(Math.toIntExact((Long) v)), null),
    MAX_HEADER_COUNT("most header fields (431 beyond)", Kind.COUNT,
            (b, v) -> b.maxHeaderCount(Math.toIntExact((Long) v)), null),
    MAX_PARAMS_BYTES("largest FastCGI PARAMS or SCGI header block (431 beyond)", Kind.BYTES, null,
            (b, v) -> b.maxParamsBytes(Math.toIntExact((Long) v))),
    MAX_PARAMS_RECORDS("most FastCGI PARAMS records per request", Kind.COUNT, null,
            (b, v) -> b.maxParamsRecords(Math.toIntExact((Long) v))),
    MAX_BODY_BYTES("largest request body (413 beyond)", Kind.BYTES, (b, v) -> b.maxBodyBytes((Long) v),
            (b, v) -> b.maxBodyBytes((Long) v)),
    MAX_DRAIN_BYTES("unread body bytes dropped to keep a connection", Kind.BYTES,
            (b, v) -> b.maxDrainBytes((Long) v), null),
    HEADER_TIMEOUT("time for a whole request head (408 beyond)", Kind.TIME,
            (b, v) -> b.headerTimeout((Duration) v), (b, v) -> b.headerTimeout((Duration) v)),
    IDLE_TIMEOUT("keep-alive wait for the next request", Kind.TIME, (b, v) -> b.idleTimeout((Duration) v),
            (b, v) -> b.idleTimeout((Duration) v)),
    BODY_TIMEOUT("time for each body read and response write", Kind.TIME,
            (b, v) -> b.bodyTimeout((Duration) v), (b, v) -> b.bodyTimeout((Duration) v)),
    MIN_BODY_RATE("slowest request body, bytes per second once bodyTimeout is used up (0: no minimum)", Kind.BYTES,
            (b, v) -> b.minBodyRate((Long) v), (b, v) -> b.minBodyRate((Long) v)),
    MAX_REQUESTS_PER_CONNECTION("requests before a connection closes (0: no limit)", Kind.COUNT,
            (b, v) -> b.maxRequestsPerConnection(Math.toIntExact((Long) v)), null),
    MAX_MULTIPLEXED_REQUESTS("FastCGI requests at once on one connection", Kind.COUNT, null,
            (b, v) -> b.maxMultiplexedRequests(Math.toIntExact((Long) v))),
    MAX_CONNECTIONS("connections open at once", Kind.COUNT,
            (b, v) -> b.maxConnections(Math.toIntExact((Long) v)), (b, v) -> b.maxConnections(Math.toIntExact((Long) v))),
    SHUTDOWN_GRACE("time requests in flight get at shutdown", Kind.TIME,
            (b, v) -> b.shutdownGrace((Duration) v), (b, v) -> b.shutdownGrace((Duration) v));

    enum Kind { BYTES, COUNT, TIME }

    final String help;
    final Kind kind;
    private final BiConsumer<ServerConfig.Builder, Object> server;
    private final BiConsumer<GatewayConfig.Builder, Object> gateway;

    Limit(String help, Kind kind, BiConsumer<ServerConfig.Builder, Object> server,
            BiConsumer<GatewayConfig.Builder, Object> gateway) {
        this.help = help;
        this.kind = kind;
        this.server = server;
        this.gateway = gateway;
    }

    /** Whether the HTTP server has this limit. */
    boolean forServer() {
        return server != null;
    }

    /** Whether only FastCGI has this limit (SCGI has one request per connection and one header block). */
    boolean fastCgiOnly() {
        return this == MAX_PARAMS_RECORDS || this == MAX_MULTIPLEXED_REQUESTS;
    }

    /** Whether the FastCGI and SCGI gateways have this limit. */
    boolean forGateways() {
        return gateway != null;
    }

    /** The command line option, e.g. {@code --max-body-bytes}. */
    String option() {
        return "--" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The environment variable, e.g. {@code WSGI4J_MAX_BODY_BYTES}. */
    String variable() {
        return "WSGI4J_" + name();
    }

    /** The limit for {@code option}, or null when it names none. */
    static Limit forOption(String option) {
        for (Limit l : values()) {
            if (l.option().equals(option)) {
                return l;
            }
        }
        return null;
    }

    /**
     * Parses {@code value} and sets it on whichever of the two configurations has this limit.
     *
     * @param source the option or variable the value came from, for the message
     * @throws IllegalArgumentException naming the source, the value and what is expected
     */
    void apply(ServerConfig.Builder serverConfig, GatewayConfig.Builder gatewayConfig, String source, String value) {
        Object parsed = switch (kind) {
            case BYTES -> bytes(source, value);
            case COUNT -> count(source, value);
            case TIME -> time(source, value);
        };
        try {
            if (server != null) {
                server.accept(serverConfig, parsed);
            }
            if (gateway != null) {
                gateway.accept(gatewayConfig, parsed);
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(source + " must be at most " + Integer.MAX_VALUE + ", got \"" + value
                    + "\"");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage() + " (from \"" + value + "\")");
        }
    }

    private static long count(String source, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " must be a whole number, got \"" + value + "\"");
        }
    }

    private static long bytes(String source, String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        int shift = 0;
        if (!v.isEmpty()) {
            switch (v.charAt(v.length() - 1)) {
                case 'K' -> shift = 10;
                case 'M' -> shift = 20;
                case 'G' -> shift = 30;
                default -> shift = 0;
            }
        }
        String digits = shift == 0 ? v : v.substring(0, v.length() - 1);
        try {
            long n = Long.parseLong(digits);
            if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " must be a byte count such as 65536, 64K or 16M, got \""
                    + value + "\"");
        }
    }

    private static Duration time(String source, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " must be a time such as 500ms, 30s, 2m or 30 (seconds), got \""
                    + value + "\"");
        } catch (ArithmeticException e) {
            // more minutes than a Duration holds; the builders would refuse anything past a day anyway
            throw new IllegalArgumentException(source + " must be at most 24 hours, got \"" + value + "\"");
        }
    }
}

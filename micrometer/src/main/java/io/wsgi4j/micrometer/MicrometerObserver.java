// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.wsgi4j.observe.RequestObserver;
import io.wsgi4j.observe.RequestRecord;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Records every finished request in a Micrometer timer, {@code http.server.requests} by default.
 *
 * <pre>{@code
 * MeterRegistry registry = new SimpleMeterRegistry();   // or Prometheus, OTLP, ...
 * RequestObserver metrics = MicrometerObserver.of(registry);
 * HttpServer.make("127.0.0.1", 8000, app, ServerConfig.builder().observer(metrics).build());
 * // the gateways: GatewayConfig's observer; on Jetty: JettyServer.builder(app).observer(metrics) or
 * // new WsgiHandler(app, metrics); in a Servlet container: new WsgiServlet(app, metrics)
 * }</pre>
 *
 * <p>Tags, each with a bounded set of values so that a client cannot grow the registry:
 * <ul>
 *   <li>{@code method}: the request method when standard ({@code GET}, {@code POST}, ... {@code PATCH}),
 *       else {@code OTHER}
 *   <li>{@code status}: the status code, {@code 0} when none was sent
 *   <li>{@code outcome}: {@code SUCCESS}, {@code CLIENT_ERROR}, ... (see {@link RequestRecord#outcome()})
 *   <li>{@code route}: the route's path template ({@link RequestRecord#ROUTE_TEMPLATE}), never the raw
 *       path; {@code NONE} when no router matched
 *   <li>{@code transport}: {@code http}, {@code fastcgi}, {@code scgi}, {@code cgi}, {@code jetty},
 *       {@code servlet}, {@code test}
 *   <li>{@code aborted}: {@code true} when the response was cut short
 * </ul>
 *
 * @param registry where the timer lives
 * @param name the timer's name; {@code http.server.requests} by default
 * @param extraTags tags added to every measurement, e.g. the application's name; none by default
 * @since 0.2
 */
public record MicrometerObserver(MeterRegistry registry, String name, Tags extraTags) implements RequestObserver {
    /** The default timer name. @since 0.2 */
    public static final String DEFAULT_NAME = "http.server.requests";

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT",
            "OPTIONS", "TRACE", "PATCH");

    /** The keys of {@link #tags}, which an extra tag must not replace. */
    private static final List<String> OWN_KEYS = List.of("aborted", "method", "outcome", "route", "status",
            "transport");

    /**
     * Checks the configuration.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code name} is blank, or an extra tag has the key of a tag every
     *     request is recorded under ({@code method}, {@code status}, ...), which it would replace on every
     *     measurement
     * @since 0.2
     */
    public MicrometerObserver {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(extraTags, "extraTags");
        if (name.isBlank()) {
            throw new IllegalArgumentException("the timer name is blank; use a dotted name such as \""
                    + DEFAULT_NAME + "\"");
        }
        for (Tag t : extraTags) {
            if (OWN_KEYS.contains(t.getKey())) {
                throw new IllegalArgumentException("the extra tag " + t.getKey() + "=" + t.getValue() + " has the key"
                        + " of a tag every request is recorded under (" + String.join(", ", OWN_KEYS) + ");"
                        + " give it another key");
            }
        }
    }

    /** An observer recording into {@code registry} with the defaults. @since 0.2 */
    public static MicrometerObserver of(MeterRegistry registry) {
        return new MicrometerObserver(registry, DEFAULT_NAME, Tags.empty());
    }

    /** A copy naming the timer {@code name}. @since 0.2 */
    public MicrometerObserver withName(String name) {
        return new MicrometerObserver(registry, name, extraTags);
    }

    /**
     * A copy adding {@code tags} to every measurement.
     *
     * @throws IllegalArgumentException if a tag has the key of a tag every request is recorded under
     * @since 0.2
     */
    public MicrometerObserver withExtraTags(Iterable<Tag> tags) {
        return new MicrometerObserver(registry, name, extraTags.and(tags));
    }

    @Override
    public void requestFinished(RequestRecord r) {
        Timer.builder(name)
                .description("Requests served by wsgi4j, from calling the application to the end of the response")
                .tags(tags(r))
                .tags(extraTags)
                .register(registry)
                .record(r.durationNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * The tags {@code r} is recorded under (the pure half of {@link #requestFinished}).
     *
     * @since 0.2
     */
    public static Tags tags(RequestRecord r) {
        return Tags.of(
                Tag.of("method", METHODS.contains(r.method()) ? r.method() : "OTHER"),
                Tag.of("status", Integer.toString(r.status())),
                Tag.of("outcome", r.outcome()),
                Tag.of("route", r.route() == null ? "NONE" : r.route()),
                Tag.of("transport", r.transport()),
                Tag.of("aborted", Boolean.toString(r.aborted())));
    }

    @Override
    public String toString() {
        return "MicrometerObserver[" + name + (extraTags.iterator().hasNext() ? " " + extraTags : "") + "]";
    }
}

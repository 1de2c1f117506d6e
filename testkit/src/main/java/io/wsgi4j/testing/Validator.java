// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks the rules of SPEC.md on both sides of an application: what its caller provides (the
 * environ, {@code wsgi.input}, how the body is iterated and closed) and what the application does
 * ({@code start_response} calls, headers, the body and its chunks, {@code write}).
 *
 * <pre>{@code
 * Application checked = Validator.DEFAULT.wrap(app);
 * Application lenient = Validator.builder().severity("R2.6", Severity.WARN).build().wrap(app);
 * }</pre>
 *
 * <p>A broken rule throws a {@link ValidationException} whose message starts with the rule ID, shows
 * the rejected value and says the fix; a rule set to {@link Severity#WARN} writes that message to
 * {@code wsgi.errors} instead, and {@link Severity#OFF} skips it. Place a validator on either side of
 * a middleware to check it. The {@link TestClient} runs every request through one, and also reports
 * bodies that were never closed (rules R4.3 and R6.2).
 *
 * <p>A body returned as a {@link io.wsgi4j.FileBody} is passed through unwrapped, so a server can
 * still send it with zero copies; its chunks are then not checked.
 *
 * @since 0.1
 */
public final class Validator implements Middleware {
    /** Every rule ID of SPEC.md; {@code SpecCoverageTest} keeps this set equal to the spec's. @since 0.1 */
    public static final Set<String> RULES = Set.of(
            "R1.1", "R1.2",
            "R2.1", "R2.2", "R2.3", "R2.4", "R2.5", "R2.6", "R2.7", "R2.8", "R2.9", "R2.10", "R2.11", "R2.12",
            "R2.13", "R2.14", "R2.15", "R2.16",
            "R3.1", "R3.2", "R3.3", "R3.4", "R3.5", "R3.6", "R3.7", "R3.8", "R3.9", "R3.10",
            "R4.1", "R4.2", "R4.3", "R4.4", "R4.5", "R4.6",
            "R5.1", "R5.2", "R5.3", "R5.4", "R5.5", "R5.6",
            "R6.1", "R6.2", "R6.3", "R6.4");

    /** A validator with every rule at {@link Severity#ERROR}. @since 0.1 */
    public static final Validator DEFAULT = builder().build();

    private final Map<String, Severity> severities;

    private Validator(Map<String, Severity> severities) {
        this.severities = Map.copyOf(severities);
    }

    /** A builder with every rule at {@link Severity#ERROR}. @since 0.1 */
    public static Builder builder() {
        return new Builder();
    }

    /** The severity of {@code rule}; {@link Severity#ERROR} unless the builder changed it. @since 0.1 */
    public Severity severity(String rule) {
        return severities.getOrDefault(rule, Severity.ERROR);
    }

    @Override
    public Application wrap(Application next) {
        Objects.requireNonNull(next, "next");
        return new Application() {
            @Override
            public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
                return new Exchange(Validator.this, environ, startResponse).run(next);
            }

            @Override
            public String toString() {
                return Validator.this + ".wrap(" + next + ")";
            }
        };
    }

    /**
     * Reports a broken rule: throws, warns on {@code wsgi.errors}, or does nothing, by its severity.
     * The exception is also recorded for the test client, so that it fails the test even when the
     * application caught the exception.
     */
    void report(Exchange exchange, String rule, String detail) {
        Severity s = severity(rule);
        if (s == Severity.OFF) {
            return;
        }
        ValidationException e = new ValidationException(rule, detail);
        if (s == Severity.WARN) {
            exchange.environ().errors().println("wsgi4j validator warning: " + e.getMessage());
            return;
        }
        Tracker.recordViolation(e);
        throw e;
    }

    /** {@code Validator.DEFAULT}, or the builder calls that made this one. */
    @Override
    public String toString() {
        if (severities.isEmpty()) {
            return "Validator.DEFAULT";
        }
        StringBuilder b = new StringBuilder("Validator.builder()");
        new TreeMap<>(severities).forEach((rule, s) ->
                b.append(".severity(\"").append(rule).append("\", Severity.").append(s).append(')'));
        return b.append(".build()").toString();
    }

    /**
     * Collects per-rule severities for a {@link Validator}.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final Map<String, Severity> severities = new HashMap<>();

        private Builder() {}

        /**
         * Sets what happens when {@code rule} is broken.
         *
         * @throws IllegalArgumentException if {@code rule} is not an ID of SPEC.md
         * @since 0.1
         */
        public Builder severity(String rule, Severity severity) {
            Objects.requireNonNull(severity, "severity");
            if (rule == null || !RULES.contains(rule)) { // Set.of(...).contains(null) throws
                throw new IllegalArgumentException("no rule " + (rule == null ? "null" : "\"" + rule + "\"")
                        + " in SPEC.md; rule IDs look like \"R2.5\" (see Validator.RULES)");
            }
            if (severity == Severity.ERROR) {
                severities.remove(rule);
            } else {
                severities.put(rule, severity);
            }
            return this;
        }

        /** The validator. @since 0.1 */
        public Validator build() {
            return new Validator(severities);
        }
    }
}

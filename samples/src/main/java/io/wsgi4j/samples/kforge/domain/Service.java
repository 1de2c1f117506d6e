// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * The services a project can offer, each provided by its own application (KForge's plugins).
 *
 * @since 0.1
 */
public enum Service {
    /** Wiki pages with their history. */
    WIKI,
    /** Tickets: open, comment, close. */
    TICKETS,
    /** Files: upload and download. */
    FILES;

    /**
     * Returns the URL segment of the service: {@code wiki}, {@code tickets}, {@code files}.
     *
     * @return the lower-case name
     * @since 0.1
     */
    public String segment() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Finds the service for a URL segment.
     *
     * @param segment a path segment such as {@code "wiki"}
     * @return the service, or empty when there is none by that name
     * @since 0.1
     */
    public static Optional<Service> forSegment(String segment) {
        for (Service s : values()) {
            if (s.segment().equals(segment)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}

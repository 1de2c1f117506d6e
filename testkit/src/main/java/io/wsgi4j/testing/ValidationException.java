// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import java.util.Objects;

/**
 * A broken rule of SPEC.md, found by the {@link Validator}. The message starts with the rule's ID,
 * shows the value that broke it and says how to fix it:
 * {@code R2.5 PATH_INFO must be empty, start with "/" or be "*", got "x"; ...}.
 *
 * @since 0.1
 */
public final class ValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String rule;

    /**
     * A violation of {@code rule}; the message is {@code rule + " " + detail}.
     *
     * @throws NullPointerException if an argument is null
     * @since 0.1
     */
    public ValidationException(String rule, String detail) {
        super(Objects.requireNonNull(rule, "rule") + " " + Objects.requireNonNull(detail, "detail"));
        this.rule = rule;
    }

    /** The ID of the broken rule, e.g. {@code "R3.2"}. @since 0.1 */
    public String rule() {
        return rule;
    }
}

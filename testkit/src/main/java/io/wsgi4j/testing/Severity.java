// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

/**
 * What the {@link Validator} does when a rule of SPEC.md is broken.
 *
 * <pre>{@code
 * Validator.builder().severity("R2.6", Severity.WARN).build()
 * }</pre>
 *
 * @since 0.1
 */
public enum Severity {
    /** Throw a {@link ValidationException} (the default for every rule). @since 0.1 */
    ERROR,
    /** Write the message to {@code wsgi.errors} and go on. @since 0.1 */
    WARN,
    /** Do not check the rule. @since 0.1 */
    OFF
}

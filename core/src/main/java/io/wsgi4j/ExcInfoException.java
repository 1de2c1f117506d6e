// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

/**
 * Carries a checked {@code excInfo} that {@link StartResponse#start} rethrows because headers had
 * already been sent (SPEC.md rule R3.4). Unchecked exceptions and errors are rethrown as they are;
 * only checked ones are wrapped, since {@code start} may be called from inside body iteration, where
 * Java allows no checked exceptions.
 *
 * @since 0.1
 */
public final class ExcInfoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Wraps {@code cause}.
     *
     * @since 0.1
     */
    public ExcInfoException(Throwable cause) {
        super("R3.4 headers were already sent, so the error response cannot replace them: " + cause, cause);
    }

    /**
     * Throws {@code excInfo} as it is when unchecked, or wrapped in this exception when checked.
     *
     * @since 0.1
     */
    public static RuntimeException rethrow(Throwable excInfo) {
        if (excInfo instanceof RuntimeException re) {
            throw re;
        }
        if (excInfo instanceof Error e) {
            throw e;
        }
        throw new ExcInfoException(excInfo);
    }
}

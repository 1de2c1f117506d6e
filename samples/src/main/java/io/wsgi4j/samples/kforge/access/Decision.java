// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.access;

/**
 * The access controller's answer, and the HTTP status the front controller gives for it.
 *
 * @since 0.1
 */
public enum Decision {
    /** Go ahead. */
    ALLOW(200),
    /** Not allowed as a visitor, but logging in might help: 401. */
    LOG_IN(401),
    /** Logged in, and still not allowed: 403. */
    FORBID(403);

    private final int status;

    Decision(int status) {
        this.status = status;
    }

    /**
     * Returns the HTTP status for this answer.
     *
     * @return 200, 401 or 403
     * @since 0.1
     */
    public int status() {
        return status;
    }
}

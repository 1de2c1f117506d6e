// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.auth;

import java.util.Objects;

/**
 * A user id and password from an {@code Authorization: Basic} header.
 *
 * <pre>{@code
 * Credentials c = BasicAuth.parse(environ.header("Authorization"));   // null if absent or malformed
 * }</pre>
 *
 * <p>{@link #toString()} never shows the password.
 *
 * @since 0.1
 */
public final class Credentials {
    private final String user;
    private final String password;

    /**
     * Credentials for {@code user} with {@code password}.
     *
     * @throws NullPointerException if either is null
     * @since 0.1
     */
    public Credentials(String user, String password) {
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
    }

    /** The user id. @since 0.1 */
    public String user() {
        return user;
    }

    /** The password. @since 0.1 */
    public String password() {
        return password;
    }

    /**
     * Same user and password; the password is compared in constant time ({@link ConstantTime}), so a
     * check written as {@code parse(header).equals(expected)} does not leak it through timing.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials c && c.user.equals(user) & ConstantTime.equals(c.password, password);
    }

    @Override
    public int hashCode() {
        return user.hashCode();
    }

    /** Like {@code Credentials[alice, password hidden]}. @since 0.1 */
    @Override
    public String toString() {
        return "Credentials[" + user + ", password hidden]";
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.auth;

import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a user id and password are valid: the callback {@link BasicAuth} asks.
 *
 * <pre>{@code
 * CredentialChecker checker = (user, password) -> passwordHasher.verify(store.hashOf(user), password);
 * CredentialChecker fixed = CredentialChecker.of(Map.of("admin", System.getenv("ADMIN_PASSWORD")));
 * }</pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface CredentialChecker {

    /**
     * True when {@code password} is right for {@code user}. An exception becomes a 500 (the check could
     * not be made), not a 401.
     *
     * @throws Exception if the check cannot be made (say, the user store is down)
     * @since 0.1
     */
    boolean check(String user, String password) throws Exception;

    /**
     * A checker for a fixed table of users and plain passwords, compared in constant time (an unknown
     * user costs the same as a wrong password). For tests, tools and single-admin setups.
     *
     * @throws NullPointerException if the map or an entry is null
     * @since 0.1
     */
    static CredentialChecker of(Map<String, String> passwords) {
        Map<String, String> copy = Map.copyOf(Objects.requireNonNull(passwords, "passwords"));
        return new CredentialChecker() {
            @Override
            public boolean check(String user, String password) {
                return ConstantTime.equals(copy.get(user), password);
            }

            @Override
            public String toString() {
                return "CredentialChecker.of(<" + copy.size() + (copy.size() == 1 ? " user>)" : " users>)");
            }
        };
    }
}

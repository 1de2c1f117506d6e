// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.domain;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for person and project names, and the names KForge keeps for itself.
 *
 * <p>Names become URL segments and file names, so they are lower-case letters, digits and
 * {@code -}, starting with a letter, 2 to 32 characters: nothing that could climb out of a
 * directory or need escaping in a URL.
 *
 * @since 0.1
 */
public final class Names {
    /** The reserved person who stands for every visitor who has not logged in. */
    public static final String GUEST = "guest";
    /** The reserved project whose members' roles apply to every project (site administration). */
    public static final String ADMIN_PROJECT = "admin";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,31}");
    private static final Set<String> RESERVED_PERSONS = Set.of(GUEST, "admin", "login", "logout", "signup");

    private Names() {}

    /**
     * Tells whether a text is a well-formed name.
     *
     * @param name the candidate, may be null
     * @return true for names such as {@code "alice"} or {@code "web-site"}
     * @since 0.1
     */
    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Checks a name and returns it.
     *
     * @param what what the name is for, used in the message ({@code "person name"})
     * @param name the candidate
     * @return the name
     * @throws IllegalArgumentException when the name is malformed
     * @since 0.1
     */
    public static String check(String what, String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException(what + " must be 2-32 lower-case letters, digits or '-', starting"
                    + " with a letter; got \"" + name + "\"");
        }
        return name;
    }

    /**
     * Tells whether a person name is kept for KForge itself and cannot be signed up for.
     *
     * @param name a person name
     * @return true for {@code guest} and the names of KForge's own pages
     * @since 0.1
     */
    public static boolean isReservedPerson(String name) {
        return RESERVED_PERSONS.contains(name);
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Objects;

/**
 * A registered person: a name to log in with, a full name to show, and a password hash.
 *
 * <p>Immutable; stored as one JSON file per person. The password hash never leaves the server:
 * {@link #publicView()} is what pages and JSON responses show.
 *
 * @param name the login name, see {@link Names}
 * @param fullName the name shown on pages
 * @param passwordHash the hash made by {@link Passwords#hash(char[])}
 * @param joined when the person signed up, ISO-8601 ({@code Instant.toString()})
 * @param sessionGeneration counts the times all of the person's sessions were ended (a password
 *     change does it); a session remembers the value at login and stops counting once it moves on
 * @since 0.1
 */
public record Person(String name, String fullName, String passwordHash, String joined, int sessionGeneration) {

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException when the name is malformed or the full name is blank
     * @since 0.1
     */
    public Person {
        Names.check("person name", name);
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(joined, "joined");
        fullName = fullName == null || fullName.isBlank() ? name : fullName.strip();
        if (fullName.length() > 100) {
            throw new IllegalArgumentException("full name must be at most 100 characters, got " + fullName.length());
        }
    }

    /**
     * A new person whose sessions were never ended.
     *
     * @throws IllegalArgumentException when the name is malformed or the full name is blank
     * @since 0.1
     */
    public Person(String name, String fullName, String passwordHash, String joined) {
        this(name, fullName, passwordHash, joined, 0);
    }

    /**
     * Returns this person with another password hash.
     *
     * @param hash the hash made by {@link Passwords#hash(char[])}
     * @return the changed copy
     * @since 0.2
     */
    public Person withPasswordHash(String hash) {
        return new Person(name, fullName, hash, joined, sessionGeneration);
    }

    /**
     * Returns this person with every session from before ended: the session generation moves on.
     *
     * @return the changed copy
     * @since 0.2
     */
    public Person withSessionsEnded() {
        return new Person(name, fullName, passwordHash, joined, sessionGeneration + 1);
    }

    /**
     * Returns what may be shown to anyone about this person.
     *
     * @return name, full name and join date; no password hash
     * @since 0.1
     */
    @JsonIgnore
    public View publicView() {
        return new View(name, fullName, joined);
    }

    /**
     * The public face of a person, as pages and JSON show it.
     *
     * @param name the login name
     * @param fullName the name shown on pages
     * @param joined when the person signed up, ISO-8601 ({@code Instant.toString()})
     * @since 0.1
     */
    public record View(String name, String fullName, String joined) {}
}

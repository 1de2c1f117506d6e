// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A project: its name and description, whether it is private, its members with their roles, and
 * the services it offers.
 *
 * <p>Immutable; every change returns a copy ({@link #withMember}, {@link #withoutMember}). Stored
 * as one JSON file, so a project and its membership change together or not at all.
 *
 * @param name the URL name, see {@link Names}
 * @param title the title shown on pages
 * @param description free text, shown escaped
 * @param isPrivate true when only members may see the project
 * @param members person name to role, sorted by name
 * @param services the services the project offers
 * @since 0.1
 */
public record Project(
        String name,
        String title,
        String description,
        @JsonProperty("private") boolean isPrivate,
        Map<String, Role> members,
        Set<Service> services) {

    /**
     * Checks the fields and freezes the collections.
     *
     * @throws IllegalArgumentException when the name or a member name is malformed
     * @since 0.1
     */
    public Project {
        Names.check("project name", name);
        title = title == null || title.isBlank() ? name : title.strip();
        description = description == null ? "" : description;
        TreeMap<String, Role> sorted = new TreeMap<>();
        (members == null ? Map.<String, Role>of() : members).forEach((person, role) -> {
            if (Names.GUEST.equals(person)) {
                throw new IllegalArgumentException("the guest person cannot be a member; make the project public");
            }
            sorted.put(Names.check("member name", person), Objects.requireNonNull(role, "role"));
        });
        members = Collections.unmodifiableMap(sorted);
        services = services == null || services.isEmpty()
                ? Collections.unmodifiableSet(EnumSet.allOf(Service.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(services));
    }

    /**
     * Starts a project with its creator as Administrator and every service.
     *
     * @param name the project name
     * @param title the title
     * @param isPrivate whether only members may see it
     * @param creator the person creating it
     * @return the new project
     * @since 0.1
     */
    public static Project create(String name, String title, boolean isPrivate, String creator) {
        return new Project(name, title, "", isPrivate, Map.of(creator, Role.ADMINISTRATOR), null);
    }

    /**
     * Returns the role a person holds here.
     *
     * @param person a person name
     * @return the role, or empty for a non-member
     * @since 0.1
     */
    public Optional<Role> roleOf(String person) {
        return Optional.ofNullable(members.get(person));
    }

    /**
     * Returns a copy with a person added, or their role changed.
     *
     * @param person the person name
     * @param role the role to hold
     * @return the changed copy
     * @throws IllegalArgumentException if that would leave the project without an Administrator
     * @since 0.1
     */
    public Project withMember(String person, Role role) {
        Map<String, Role> m = new TreeMap<>(members);
        m.put(person, role);
        return keepingAnAdministrator(person, m);
    }

    /**
     * Returns a copy without a person.
     *
     * @param person the person name
     * @return the changed copy (the same members when the person was not one)
     * @throws IllegalArgumentException if the person is the project's last Administrator
     * @since 0.1
     */
    public Project withoutMember(String person) {
        Map<String, Role> m = new TreeMap<>(members);
        m.remove(person);
        return keepingAnAdministrator(person, m);
    }

    /**
     * The copy with {@code changed} members, unless the change took away the last Administrator: no one
     * could then manage the project (or, for the site's admin project, the site) again.
     */
    private Project keepingAnAdministrator(String person, Map<String, Role> changed) {
        if (members.containsValue(Role.ADMINISTRATOR) && !changed.containsValue(Role.ADMINISTRATOR)) {
            throw new IllegalArgumentException(person + " is the last administrator of " + name
                    + "; make someone else an administrator first");
        }
        return new Project(name, title, description, isPrivate, changed, services);
    }

    /**
     * Returns a copy with new title, description and visibility.
     *
     * @param newTitle the title
     * @param newDescription the description
     * @param nowPrivate whether only members may see it
     * @return the changed copy
     * @since 0.1
     */
    public Project withSettings(String newTitle, String newDescription, boolean nowPrivate) {
        return new Project(name, newTitle, newDescription, nowPrivate, members, services);
    }
}

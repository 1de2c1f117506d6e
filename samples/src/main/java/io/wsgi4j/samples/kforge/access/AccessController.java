// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.access;

import io.wsgi4j.samples.kforge.domain.Names;
import io.wsgi4j.samples.kforge.domain.Permission;
import io.wsgi4j.samples.kforge.domain.Project;
import io.wsgi4j.samples.kforge.domain.Role;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides whether a person may do something in a project, from project roles alone.
 *
 * <p>The rules, in order:
 * <ol>
 *   <li>A person's role is their role in the project, or in the reserved {@code admin} project if
 *       that one grants more: admin-project roles apply site-wide.</li>
 *   <li>A public project is readable by everyone, the guest included (as if a Friend).</li>
 *   <li>Anything else needs a role that grants the permission ({@link Role#grants}).</li>
 *   <li>A refusal is {@link Decision#LOG_IN} for the guest (401) and {@link Decision#FORBID} for
 *       a logged-in person (403).</li>
 * </ol>
 *
 * <p>{@code new AccessController(projects::find).decide("alice", project, Permission.EDIT)}
 *
 * @since 0.1
 */
public final class AccessController {
    private final Function<String, Optional<Project>> projects;

    /**
     * Creates an access controller that looks up the admin project through a function.
     *
     * @param projects finds a project by name (only {@code admin} is asked for)
     * @since 0.1
     */
    public AccessController(Function<String, Optional<Project>> projects) {
        this.projects = Objects.requireNonNull(projects, "projects");
    }

    /**
     * Decides whether a person may use a permission in a project.
     *
     * @param person the person name, {@link Names#GUEST} for a visitor
     * @param project the project
     * @param permission what they want to do
     * @return ALLOW, LOG_IN (guest refused) or FORBID (person refused)
     * @since 0.1
     */
    public Decision decide(String person, Project project, Permission permission) {
        if (permission == Permission.VIEW && !project.isPrivate()) {
            return Decision.ALLOW;
        }
        Optional<Role> role = effectiveRole(person, project);
        if (role.isPresent() && role.get().grants(permission)) {
            return Decision.ALLOW;
        }
        return refusal(person);
    }

    /**
     * Decides whether a person may use a permission site-wide (the {@code /admin} pages).
     *
     * @param person the person name, {@link Names#GUEST} for a visitor
     * @param permission what they want to do
     * @return ALLOW only when the person's role in the admin project grants the permission
     * @since 0.1
     */
    public Decision decideSiteWide(String person, Permission permission) {
        Optional<Role> role = projects.apply(Names.ADMIN_PROJECT).flatMap(p -> p.roleOf(person));
        return role.isPresent() && role.get().grants(permission) ? Decision.ALLOW : refusal(person);
    }

    /**
     * Returns the role that counts for a person in a project: the stronger of their own role there
     * and their role in the admin project.
     *
     * @param person the person name
     * @param project the project
     * @return the role, or empty when they hold none
     * @since 0.1
     */
    public Optional<Role> effectiveRole(String person, Project project) {
        Optional<Role> own = project.roleOf(person);
        Optional<Role> site = projects.apply(Names.ADMIN_PROJECT).flatMap(p -> p.roleOf(person));
        if (own.isEmpty()) {
            return site;
        }
        if (site.isEmpty()) {
            return own;
        }
        // roles are declared strongest first
        return own.get().ordinal() <= site.get().ordinal() ? own : site;
    }

    private static Decision refusal(String person) {
        return person == null || Names.GUEST.equals(person) ? Decision.LOG_IN : Decision.FORBID;
    }

    @Override
    public String toString() {
        return "AccessController[project roles; admin project applies site-wide]";
    }
}

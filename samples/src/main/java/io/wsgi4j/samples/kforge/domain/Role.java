// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.domain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A member's role in a project, and the permissions it grants (KForge's role x permission table).
 *
 * <table>
 *   <caption>Permissions per role</caption>
 *   <tr><th>role</th><th>view</th><th>edit</th><th>admin</th></tr>
 *   <tr><td>Administrator</td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>Developer</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>Friend</td><td>yes</td><td>no</td><td>no</td></tr>
 * </table>
 *
 * @since 0.1
 */
public enum Role {
    /** Manages the project: every permission. */
    ADMINISTRATOR(EnumSet.allOf(Permission.class)),
    /** Works on the project: view and edit. */
    DEVELOPER(EnumSet.of(Permission.VIEW, Permission.EDIT)),
    /** Follows the project: view only. */
    FRIEND(EnumSet.of(Permission.VIEW));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    /**
     * Tells whether this role grants a permission.
     *
     * @param permission the permission asked for
     * @return true when the table above says yes
     * @since 0.1
     */
    public boolean grants(Permission permission) {
        return permissions.contains(permission);
    }

    /**
     * Returns the role as people write it: {@code Administrator}, {@code Developer}, {@code Friend}.
     *
     * @return the display name
     * @since 0.1
     */
    public String displayName() {
        String n = name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    /**
     * Parses a role by its name in any case ({@code "developer"}, {@code "Developer"}).
     *
     * @param text the role name
     * @return the role
     * @throws IllegalArgumentException when no role has that name
     * @since 0.1
     */
    public static Role parse(String text) {
        for (Role r : values()) {
            if (r.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("role must be one of Administrator, Developer, Friend; got \""
                + text + "\"");
    }
}

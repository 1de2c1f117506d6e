// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.access;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.samples.kforge.domain.Permission;
import io.wsgi4j.samples.kforge.domain.Project;
import io.wsgi4j.samples.kforge.domain.Role;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessControllerTest {
    private final Project admin = Project.create("admin", "Site", true, "root").withMember("watcher", Role.FRIEND);
    private final Map<String, Project> projects = Map.of("admin", admin);
    private final AccessController access = new AccessController(name -> Optional.ofNullable(projects.get(name)));

    private final Project secret = Project.create("secret", "", true, "alice")
            .withMember("dev", Role.DEVELOPER).withMember("fan", Role.FRIEND);
    private final Project open = secret.withSettings("", "", false);

    @Nested
    class PrivateProject {
        @ParameterizedTest(name = "{0} {1} -> {2}")
        @CsvSource({
            "guest,    VIEW,  LOG_IN",
            "stranger, VIEW,  FORBID",
            "fan,      VIEW,  ALLOW",
            "fan,      EDIT,  FORBID",
            "dev,      EDIT,  ALLOW",
            "dev,      ADMIN, FORBID",
            "alice,    ADMIN, ALLOW",
            "root,     ADMIN, ALLOW",
            "watcher,  VIEW,  ALLOW",
            "watcher,  EDIT,  FORBID",
        })
        void isVisibleToMembersAndSiteRolesOnly(String person, Permission permission, Decision expected) {
            assertEquals(expected, access.decide(person, secret, permission));
        }
    }

    @Nested
    class PublicProject {
        @ParameterizedTest(name = "{0} {1} -> {2}")
        @CsvSource({
            "guest,    VIEW,  ALLOW",
            "stranger, VIEW,  ALLOW",
            "guest,    EDIT,  LOG_IN",
            "stranger, EDIT,  FORBID",
            "fan,      EDIT,  FORBID",
            "dev,      EDIT,  ALLOW",
        })
        void isReadableByAllAndWritableByMembers(String person, Permission permission, Decision expected) {
            assertEquals(expected, access.decide(person, open, permission));
        }
    }

    @Nested
    class SiteWide {
        @ParameterizedTest(name = "{0} {1} -> {2}")
        @CsvSource({
            "root,    ADMIN, ALLOW",
            "watcher, VIEW,  ALLOW",
            "watcher, ADMIN, FORBID",
            "alice,   ADMIN, FORBID",
            "guest,   ADMIN, LOG_IN",
        })
        void followsRolesInTheAdminProject(String person, Permission permission, Decision expected) {
            assertEquals(expected, access.decideSiteWide(person, permission));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({"root, ADMINISTRATOR", "fan, FRIEND", "watcher, FRIEND", "alice, ADMINISTRATOR"})
        void takesTheStrongerOfProjectAndSiteRole(String person, Role expected) {
            assertEquals(Optional.of(expected), access.effectiveRole(person, secret));
        }
    }
}

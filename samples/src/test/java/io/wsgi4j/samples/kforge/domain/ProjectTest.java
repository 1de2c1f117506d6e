// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.samples.kforge.store.Json;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProjectTest {
    private final Project project = Project.create("demo", "Demo", true, "alice");

    @Nested
    class Membership {
        @Test
        void makesTheCreatorAdministratorWithEveryService() {
            assertEquals(Optional.of(Role.ADMINISTRATOR), project.roleOf("alice"));
            assertEquals(EnumSet.allOf(Service.class), project.services());
        }

        @Test
        void addsChangesAndRemovesMembersOnCopies() {
            Project withBob = project.withMember("bob", Role.FRIEND);
            Project promoted = withBob.withMember("bob", Role.DEVELOPER);

            assertEquals(Optional.empty(), project.roleOf("bob"));
            assertEquals(Optional.of(Role.FRIEND), withBob.roleOf("bob"));
            assertEquals(Optional.of(Role.DEVELOPER), promoted.roleOf("bob"));
            assertEquals(Optional.empty(), promoted.withoutMember("bob").roleOf("bob"));
        }

        @Test
        void refusesTheGuestAsAMember() {
            assertThrows(IllegalArgumentException.class, () -> project.withMember("guest", Role.FRIEND));
        }

        @Test
        void refusesMalformedNames() {
            assertThrows(IllegalArgumentException.class, () -> project.withMember("Bob Smith", Role.FRIEND));
            assertThrows(IllegalArgumentException.class, () -> Project.create("../x", "", false, "alice"));
        }
    }

    @Nested
    class AsJson {
        @Test
        void roundTripsWithPrivateAsAPlainKey() throws Exception {
            Project p = project.withMember("bob", Role.FRIEND).withSettings("Demo!", "<b>hi</b>", false);

            String json = Json.mapper().writeValueAsString(p);

            assertTrue(json.contains("\"private\":false"), json);
            assertEquals(p, Json.mapper().readValue(json, Project.class));
        }

        @Test
        void readsMembersByRoleName() throws Exception {
            Project p = Json.mapper().readValue(
                    "{\"name\":\"x1\",\"private\":true,\"members\":{\"ann\":\"FRIEND\"}}", Project.class);

            assertEquals(Map.of("ann", Role.FRIEND), p.members());
            assertTrue(p.isPrivate());
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoleTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "ADMINISTRATOR, VIEW,  true",
        "ADMINISTRATOR, EDIT,  true",
        "ADMINISTRATOR, ADMIN, true",
        "DEVELOPER,     VIEW,  true",
        "DEVELOPER,     EDIT,  true",
        "DEVELOPER,     ADMIN, false",
        "FRIEND,        VIEW,  true",
        "FRIEND,        EDIT,  false",
        "FRIEND,        ADMIN, false",
    })
    void grantsPermissionsByTheRoleTable(Role role, Permission permission, boolean granted) {
        assertEquals(granted, role.grants(permission));
    }

    @ParameterizedTest
    @CsvSource({"developer, DEVELOPER", "Friend, FRIEND", "' ADMINISTRATOR ', ADMINISTRATOR"})
    void parsesNamesInAnyCase(String text, Role role) {
        assertEquals(role, Role.parse(text));
    }

    @Test
    void rejectsUnknownRoleNamingTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Role.parse("Owner"));
        assertEquals("role must be one of Administrator, Developer, Friend; got \"Owner\"", e.getMessage());
    }

    @Test
    void showsDisplayNames() {
        assertEquals("Administrator", Role.ADMINISTRATOR.displayName());
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.samples.kforge.domain.Passwords;
import io.wsgi4j.samples.kforge.domain.Project;
import io.wsgi4j.samples.kforge.domain.Role;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteTest {
    @TempDir
    Path data;

    private Site site;

    @BeforeEach
    void open() throws IOException {
        site = Site.open(data);
    }

    @Nested
    class Persons {
        @Test
        void makesTheFirstPersonSiteAdministratorOnly() {
            site.signUp("ann", "Ann", "password-1");
            site.signUp("ben", "", "password-2");

            Project admin = site.projects().get("admin").orElseThrow();
            assertEquals(Map.of("ann", Role.ADMINISTRATOR), admin.members());
            assertEquals("ben", site.persons().get("ben").orElseThrow().fullName());
        }

        @Test
        void checksPasswords() {
            site.signUp("ann", "Ann", "password-1");

            assertTrue(site.logIn("ann", "password-1").isPresent());
            assertFalse(site.logIn("ann", "password-2").isPresent());
            assertFalse(site.logIn("nobody", "password-1").isPresent());
        }

        /** Persons stored by 0.1 have no session generation; they load with 0 and can log in. */
        @Test
        void loadsPersonsStoredBeforeSessionGenerations() throws IOException {
            site.signUp("ann", "Ann", "password-1");
            Path file = data.resolve("persons").resolve("ann.json");
            String json = java.nio.file.Files.readString(file);
            java.nio.file.Files.writeString(file, json.replaceAll(",?\\s*\"sessionGeneration\"\\s*:\\s*0", ""));
            assertFalse(java.nio.file.Files.readString(file).contains("sessionGeneration"));

            Site again = Site.open(data);

            assertEquals(0, again.logIn("ann", "password-1").orElseThrow().sessionGeneration());
            assertEquals(1, again.endSessions("ann").sessionGeneration());
        }

        @Test
        void refusesTakenReservedAndShortSignUps() {
            site.signUp("ann", "Ann", "password-1");

            assertThrows(IllegalArgumentException.class, () -> site.signUp("ann", "", "password-1"));
            assertThrows(IllegalArgumentException.class, () -> site.signUp("guest", "", "password-1"));
            assertThrows(IllegalArgumentException.class, () -> site.signUp("cat", "", "short"));
            assertEquals(Optional.empty(), site.persons().get("cat"));
        }
    }

    /** The work factor can rise under existing passwords, and unknown names cost the same. */
    @Nested
    class PasswordCost {
        private final List<Integer> kdfCalls = new ArrayList<>();
        private final Passwords.Kdf countingKdf = (password, salt, iterations) -> {
            kdfCalls.add(iterations);
            byte[] key = new byte[32];
            for (int i = 0; i < password.length; i++) {
                key[i % 32] ^= (byte) (password[i] + iterations);
            }
            for (int i = 0; i < salt.length; i++) {
                key[(i + 3) % 32] ^= salt[i];
            }
            return key;
        };

        @Test
        void aRightPasswordUnderAnOldCostIsRehashedAtTodaysOnLogin() throws IOException {
            Site.open(data, new Passwords(100, countingKdf)).signUp("ann", "Ann", "password-1");
            Site today = Site.open(data, new Passwords(200, countingKdf));

            assertTrue(today.logIn("ann", "password-1").isPresent());

            String hash = today.persons().get("ann").orElseThrow().passwordHash();
            assertTrue(hash.startsWith("pbkdf2-sha256$200$"), hash);
            assertTrue(Site.open(data, new Passwords(200, countingKdf)).logIn("ann", "password-1").isPresent(),
                    "the upgraded hash is stored and still matches");
        }

        @Test
        void aWrongPasswordLeavesTheOldHashAlone() throws IOException {
            Site.open(data, new Passwords(100, countingKdf)).signUp("ann", "Ann", "password-1");
            Site today = Site.open(data, new Passwords(200, countingKdf));

            assertFalse(today.logIn("ann", "password-2").isPresent());

            assertTrue(today.persons().get("ann").orElseThrow().passwordHash().startsWith("pbkdf2-sha256$100$"));
        }

        @Test
        void anUnknownNameRunsTheSameKdfAsAWrongPassword() throws IOException {
            Site counted = Site.open(data, new Passwords(300, countingKdf));
            counted.signUp("ann", "Ann", "password-1");
            counted.logIn("nobody", "warm-up-1"); // makes the dummy hash once
            kdfCalls.clear();

            counted.logIn("ann", "password-2");
            List<Integer> known = List.copyOf(kdfCalls);
            kdfCalls.clear();
            counted.logIn("nobody", "password-2");

            assertEquals(List.of(300), known);
            assertEquals(known, kdfCalls);
        }
    }

    @Nested
    class Projects {
        @BeforeEach
        void people() {
            site.signUp("ann", "Ann", "password-1");
            site.signUp("ben", "Ben", "password-2");
        }

        @Test
        void showsPrivateProjectsToMembersAndSiteAdministratorsOnly() {
            site.createProject("ben", "open", "", false);
            site.createProject("ben", "closed", "", true);

            assertEquals(List.of("open"), names(site.visibleProjects("guest")));
            assertEquals(List.of("closed", "open"), names(site.visibleProjects("ben")));
            assertEquals(List.of("admin", "closed", "open"), names(site.visibleProjects("ann")));
        }

        @Test
        void refusesATakenProjectName() {
            site.createProject("ben", "web", "", false);

            assertThrows(IllegalArgumentException.class, () -> site.createProject("ann", "web", "", false));
        }

        @Test
        void addsOnlyRegisteredPersonsAsMembers() {
            site.createProject("ben", "web", "", false);

            assertEquals(Optional.of(Role.FRIEND), site.setMember("web", "ann", Role.FRIEND).roleOf("ann"));
            assertThrows(IllegalArgumentException.class, () -> site.setMember("web", "zed", Role.FRIEND));
        }

        @Test
        void keepsEverythingAcrossAReopen() throws IOException {
            site.createProject("ben", "web", "Web", true);
            site.setMember("web", "ann", Role.DEVELOPER);

            Site again = Site.open(data);

            assertEquals(Optional.of(Role.DEVELOPER), again.projects().get("web").orElseThrow().roleOf("ann"));
            assertTrue(again.logIn("ben", "password-2").isPresent());
        }
    }

    @Test
    void treatsMissingOrEmptyRemoteUserAsTheGuest() {
        assertEquals("guest", Site.viewer((String) null));
        assertEquals("guest", Site.viewer(""));
        assertEquals("ann", Site.viewer("ann"));
    }

    private static List<String> names(List<Project> projects) {
        return projects.stream().map(Project::name).toList();
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import io.wsgi4j.samples.kforge.access.AccessController;
import io.wsgi4j.samples.kforge.access.Decision;
import io.wsgi4j.samples.kforge.domain.Names;
import io.wsgi4j.samples.kforge.domain.Passwords;
import io.wsgi4j.samples.kforge.domain.Permission;
import io.wsgi4j.samples.kforge.domain.Person;
import io.wsgi4j.samples.kforge.domain.Project;
import io.wsgi4j.samples.kforge.domain.Role;
import io.wsgi4j.samples.kforge.store.JsonStore;
import io.wsgi4j.samples.kforge.store.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The KForge domain in one place: persons and projects loaded from a data directory, sign-up,
 * log-in, project creation, and the access controller over them.
 *
 * <p>Layout of the data directory: {@code persons/<name>.json}, {@code projects/<name>.json}, and
 * each project's service data under {@code services/<project>/<service>/} (see {@link ServiceApps}).
 * The first person to sign up becomes Administrator of the reserved {@code admin} project, and so
 * site administrator; until then the admin project does not exist.
 *
 * @since 0.1
 */
public final class Site {
    private final Path dataDir;
    private final JsonStore<Person> persons;
    private final JsonStore<Project> projects;
    private final AccessController access;
    private final Passwords passwords;

    private Site(Path dataDir, JsonStore<Person> persons, JsonStore<Project> projects, Passwords passwords) {
        this.dataDir = dataDir;
        this.persons = persons;
        this.projects = projects;
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.access = new AccessController(projects::get);
    }

    /**
     * Loads a site from its data directory, creating the directory when it is new.
     *
     * <p>{@code Site site = Site.open(Path.of("kforge-data"));}
     *
     * @param dataDir the data directory
     * @return the loaded site
     * @throws IOException when the directory cannot be read or a file does not parse
     * @since 0.1
     */
    public static Site open(Path dataDir) throws IOException {
        return open(dataDir, Passwords.standard());
    }

    /**
     * Loads a site whose passwords are hashed by {@code passwords} (tests count its KDF calls).
     *
     * @param dataDir the data directory
     * @param passwords the password hasher
     * @return the loaded site
     * @throws IOException when the directory cannot be read or a file does not parse
     * @since 0.2
     */
    public static Site open(Path dataDir, Passwords passwords) throws IOException {
        Path dir = dataDir.toAbsolutePath();
        return new Site(dir,
                JsonStore.open(dir.resolve("persons"), Person.class, Json.mapper()),
                JsonStore.open(dir.resolve("projects"), Project.class, Json.mapper()), passwords);
    }

    /**
     * Registers a person; the very first one also becomes site administrator.
     *
     * @param name the login name
     * @param fullName the name to show, blank for the login name
     * @param password at least 8 characters
     * @return the new person
     * @throws IllegalArgumentException when the name is malformed, reserved or taken, or the password short
     * @since 0.1
     */
    public Person signUp(String name, String fullName, String password) {
        Names.check("person name", name);
        if (Names.isReservedPerson(name)) {
            throw new IllegalArgumentException("the name \"" + name + "\" is reserved; choose another");
        }
        Person person = new Person(name, fullName, passwords.hash(password.toCharArray()), Instant.now().toString());
        if (!persons.create(name, person)) {
            throw new IllegalArgumentException("the name \"" + name + "\" is taken; choose another");
        }
        projects.create(Names.ADMIN_PROJECT,
                Project.create(Names.ADMIN_PROJECT, "Site administration", true, name));
        return person;
    }

    /**
     * Checks a name and password. A name that does not exist costs the same hashing work as one that
     * does, so the answer time does not tell which names exist; a right password whose hash is cheaper
     * than today's is hashed again at today's cost and stored.
     *
     * @param name the login name
     * @param password the password
     * @return the person (with the upgraded hash, if it was), or empty when either is wrong or the
     *     password was changed while it was being checked
     * @since 0.1
     */
    public Optional<Person> logIn(String name, String password) {
        char[] pw = password.toCharArray();
        Optional<Person> found = persons.get(name);
        if (found.isEmpty()) {
            passwords.checkNobody(pw);
            return Optional.empty();
        }
        String stored = found.get().passwordHash();
        return switch (passwords.check(pw, stored)) {
            case WRONG -> Optional.empty();
            case RIGHT -> found;
            case RIGHT_BUT_OUTDATED -> {
                String stronger = passwords.hash(pw);
                long generation = found.get().sessionGeneration();
                // only if no one changed the hash meanwhile. Another login of the same password may have
                // upgraded it first (a new salt, the same password: the session generation is unchanged,
                // and that login's hash is as good); a password change ends the sessions (a new
                // generation), and then the password checked is no longer the person's
                Person now = persons.update(name,
                        p -> p.passwordHash().equals(stored) ? p.withPasswordHash(stronger) : p);
                yield now.passwordHash().equals(stronger) || now.sessionGeneration() == generation
                        ? Optional.of(now) : Optional.empty();
            }
        };
    }

    /**
     * Changes a person's password and ends every session they have (each device logs in again).
     *
     * @param name the login name
     * @param current the password now, checked as {@link #logIn} does
     * @param newPassword at least 8 characters
     * @return the changed person, with the new session generation; empty when the current password
     *     (or the name) is wrong, or was changed by another request while it was being checked
     * @throws IllegalArgumentException when the new password is shorter than 8 characters
     * @since 0.2
     */
    public Optional<Person> changePassword(String name, String current, String newPassword) {
        if (newPassword.length() < 8) {
            throw new IllegalArgumentException("the new password must be at least 8 characters, got "
                    + newPassword.length());
        }
        Optional<Person> checked = logIn(name, current);
        if (checked.isEmpty()) {
            return Optional.empty();
        }
        String verified = checked.get().passwordHash();
        long generation = checked.get().sessionGeneration();
        String hash = passwords.hash(newPassword.toCharArray());
        // under the record's lock, and only if the password is still the one just checked: of two changes
        // checked at once against the same password, the second to get here must not replace the first's
        // (each change starts a new session generation; a login that only upgraded the hash does not)
        Person[] changed = {null};
        persons.update(name, p -> {
            if (!p.passwordHash().equals(verified) && p.sessionGeneration() != generation) {
                return p;
            }
            changed[0] = p.withPasswordHash(hash).withSessionsEnded();
            return changed[0];
        });
        return Optional.ofNullable(changed[0]);
    }

    /**
     * Ends every session of a person: sessions from before no longer authenticate.
     *
     * @param name the login name of a registered person
     * @return the changed person
     * @throws java.util.NoSuchElementException when no such person exists
     * @since 0.2
     */
    public Person endSessions(String name) {
        return persons.update(name, Person::withSessionsEnded);
    }

    /**
     * Creates a project with its creator as Administrator.
     *
     * @param creator the person creating it
     * @param name the project name
     * @param title the title
     * @param isPrivate whether only members may see it
     * @return the project
     * @throws IllegalArgumentException when the name is malformed or taken
     * @since 0.1
     */
    public Project createProject(String creator, String name, String title, boolean isPrivate) {
        Project p = Project.create(name, title, isPrivate, creator);
        if (!projects.create(name, p)) {
            throw new IllegalArgumentException("the project name \"" + name + "\" is taken; choose another");
        }
        return p;
    }

    /**
     * Returns the projects a person may see, in name order.
     *
     * @param person the person, null or {@code guest} for a visitor
     * @return the visible projects
     * @since 0.1
     */
    public List<Project> visibleProjects(String person) {
        return projects.all().stream()
                .filter(p -> access.decide(viewer(person), p, Permission.VIEW) == Decision.ALLOW)
                .toList();
    }

    /**
     * Returns the person store (read and write).
     *
     * @return the persons
     * @since 0.1
     */
    public JsonStore<Person> persons() {
        return persons;
    }

    /**
     * Returns the project store (read and write).
     *
     * @return the projects
     * @since 0.1
     */
    public JsonStore<Project> projects() {
        return projects;
    }

    /**
     * Returns the access controller.
     *
     * @return the access controller over this site's projects
     * @since 0.1
     */
    public AccessController access() {
        return access;
    }

    /**
     * Returns the data directory.
     *
     * @return the absolute data directory
     * @since 0.1
     */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Returns the person a request acts as: the logged-in name, or {@link Names#GUEST}.
     *
     * @param remoteUser the REMOTE_USER of the request, may be null or empty (a gateway in front may
     *     pass an empty one)
     * @return a person name
     * @since 0.1
     */
    public static String viewer(String remoteUser) {
        return remoteUser == null || remoteUser.isEmpty() ? Names.GUEST : remoteUser;
    }

    /**
     * Returns the person a request acts as.
     *
     * @param environ the request, after authentication set REMOTE_USER
     * @return the logged-in name, or {@link Names#GUEST}
     * @since 0.1
     */
    public static String viewer(io.wsgi4j.Environ environ) {
        return viewer(environ.remoteUser());
    }

    /**
     * Adds a member to a project or changes their role.
     *
     * @param project the project name
     * @param person the person name; must be registered
     * @param role the role
     * @return the changed project
     * @throws IllegalArgumentException when the person is not registered, or when the change would take
     *     away the project's last Administrator
     * @throws java.util.NoSuchElementException when the project does not exist
     * @since 0.1
     */
    public Project setMember(String project, String person, Role role) {
        Objects.requireNonNull(role, "role");
        if (persons.get(person).isEmpty()) {
            throw new IllegalArgumentException("no person named \"" + person + "\"; they must sign up first");
        }
        return projects.update(project, p -> p.withMember(person, role));
    }

    @Override
    public String toString() {
        return "Site[" + dataDir + ", " + persons.ids().size() + " persons, " + projects.ids().size() + " projects]";
    }
}

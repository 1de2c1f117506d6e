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

    private Site(Path dataDir, JsonStore<Person> persons, JsonStore<Project> projects) {
        this.dataDir = dataDir;
        this.persons = persons;
        this.projects = projects;
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
        Path dir = dataDir.toAbsolutePath();
        return new Site(dir,
                JsonStore.open(dir.resolve("persons"), Person.class, Json.mapper()),
                JsonStore.open(dir.resolve("projects"), Project.class, Json.mapper()));
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
        Person person = new Person(name, fullName, Passwords.hash(password.toCharArray()), Instant.now().toString());
        if (!persons.create(name, person)) {
            throw new IllegalArgumentException("the name \"" + name + "\" is taken; choose another");
        }
        projects.create(Names.ADMIN_PROJECT,
                Project.create(Names.ADMIN_PROJECT, "Site administration", true, name));
        return person;
    }

    /**
     * Checks a name and password.
     *
     * @param name the login name
     * @param password the password
     * @return the person, or empty when either is wrong
     * @since 0.1
     */
    public Optional<Person> logIn(String name, String password) {
        return persons.get(name).filter(p -> Passwords.matches(password.toCharArray(), p.passwordHash()));
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
     * @throws IllegalArgumentException when the person is not registered
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

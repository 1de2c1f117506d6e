// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.request.FormData;
import io.wsgi4j.middleware.request.Forms;
import io.wsgi4j.middleware.routing.Router;
import io.wsgi4j.samples.kforge.domain.Names;
import io.wsgi4j.samples.kforge.domain.Person;
import io.wsgi4j.samples.kforge.domain.Project;
import io.wsgi4j.samples.kforge.web.Html;
import io.wsgi4j.samples.kforge.web.Page;
import io.wsgi4j.samples.kforge.web.Refusals;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The pages outside any project: home, the account pages (log in and out, sign up, change the
 * password), persons, and the project list where
 * projects are created. The front controller's fallback.
 *
 * @since 0.1
 */
final class SitePages {
    private final Site site;

    SitePages(Site site) {
        this.site = Objects.requireNonNull(site, "site");
    }

    Application app() {
        AccountPages account = new AccountPages(site);
        return Router.builder()
                .get("home", "/", Application.named("SitePages::home", this::home))
                .get("login", "/login", Application.named("AccountPages::loginForm", account::loginForm))
                .post("login.submit", "/login", Application.named("AccountPages::login", account::login))
                .get("logout", "/logout", Application.named("AccountPages::logoutForm", account::logoutForm))
                .post("logout.submit", "/logout", Application.named("AccountPages::logout", account::logout))
                .get("password", "/password", Application.named("AccountPages::passwordForm", account::passwordForm))
                .post("password.submit", "/password",
                        Application.named("AccountPages::changePassword", account::changePassword))
                .get("signup", "/signup", Application.named("AccountPages::signupForm", account::signupForm))
                .post("signup.submit", "/signup", Application.named("AccountPages::signup", account::signup))
                .get("persons", "/persons/", Application.named("SitePages::persons", this::persons))
                .get("person", "/persons/{name}/", Application.named("SitePages::person", this::person))
                .get("projects", "/projects/", Application.named("SitePages::projects", this::projects))
                .post("projects.create", "/projects/",
                        Application.named("SitePages::createProject", this::createProject))
                .redirectTrailingSlash(301)
                .build();
    }

    private Iterable<byte[]> home(Environ environ, StartResponse startResponse) {
        List<Project> visible = site.visibleProjects(Site.viewer(environ));
        String html = "<p>KForge hosts projects: each has members with roles and offers a wiki, tickets and"
                + " files.</p>\n" + projectList(visible);
        return Page.of(environ, "Welcome to KForge", html).data(Map.of("projects", names(visible)))
                .send(startResponse);
    }

    private Iterable<byte[]> persons(Environ environ, StartResponse startResponse) {
        StringBuilder html = new StringBuilder("<ul>\n");
        List<Person.View> all = site.persons().all().stream().map(Person::publicView).toList();
        for (Person.View p : all) {
            html.append("<li>").append(Html.link("/persons/" + p.name() + "/", p.fullName())).append("</li>\n");
        }
        return Page.of(environ, "Persons", html + "</ul>\n").data(all).send(startResponse);
    }

    private Iterable<byte[]> person(Environ environ, StartResponse startResponse) {
        Optional<Person> person = site.persons().get(Router.args(environ).get("name"));
        if (person.isEmpty()) {
            return Page.of(environ, "No such person", "<p>Nobody here has that name. See "
                    + Html.link("/persons/", "everyone") + ".</p>\n").status(404).send(startResponse);
        }
        Person.View p = person.get().publicView();
        List<Project> theirs = site.visibleProjects(Site.viewer(environ)).stream()
                .filter(pr -> pr.members().containsKey(p.name())).toList();
        String html = "<p>" + Html.escape(p.name()) + " joined on " + Html.date(p.joined()) + ".</p>\n"
                + "<h2>Projects</h2>\n" + projectList(theirs);
        return Page.of(environ, p.fullName(), html).data(Map.of("person", p, "projects", names(theirs)))
                .send(startResponse);
    }

    private Iterable<byte[]> projects(Environ environ, StartResponse startResponse) {
        List<Project> visible = site.visibleProjects(Site.viewer(environ));
        boolean guest = Site.viewer(environ).equals(Names.GUEST);
        String html = projectList(visible) + (guest ? "" : "<h2>Start a project</h2>\n"
                + Html.form(environ, "/projects/", Html.input("Name", "name", "text", "")
                        + Html.input("Title", "title", "text", "")
                        + Html.checkbox("Private (only members see it)", "private", false)
                        + Html.submit("Create project")));
        return Page.of(environ, "Projects", html).data(names(visible)).send(startResponse);
    }

    private Iterable<byte[]> createProject(Environ environ, StartResponse startResponse) {
        if (Site.viewer(environ).equals(Names.GUEST)) {
            return Refusals.logIn(environ, startResponse);
        }
        FormData form = Forms.parse(environ);
        String name = Optional.ofNullable(form.field("name")).orElse("").strip();
        try {
            site.createProject(Site.viewer(environ), name, form.field("title"), form.field("private") != null);
        } catch (IllegalArgumentException e) {
            return Page.of(environ, "Project not created", "<p>" + Html.escape(e.getMessage()) + "</p>\n")
                    .status(400).data(Map.of("error", e.getMessage())).send(startResponse);
        }
        return Page.redirect(startResponse, "/projects/" + name + "/");
    }

    private static String projectList(List<Project> projects) {
        StringBuilder html = new StringBuilder("<ul class=\"projects\">\n");
        for (Project p : projects) {
            html.append("<li>").append(Html.link("/projects/" + p.name() + "/", p.title()))
                    .append(p.isPrivate() ? " (private)" : "").append("</li>\n");
        }
        return html.append("</ul>\n").toString();
    }

    private static List<String> names(List<Project> projects) {
        return projects.stream().map(Project::name).toList();
    }
}

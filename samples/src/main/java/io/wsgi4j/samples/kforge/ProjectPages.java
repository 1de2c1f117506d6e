// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.dispatch.FrontController;
import io.wsgi4j.middleware.request.FormData;
import io.wsgi4j.middleware.request.Forms;
import io.wsgi4j.middleware.routing.Router;
import io.wsgi4j.samples.kforge.domain.Names;
import io.wsgi4j.samples.kforge.domain.Permission;
import io.wsgi4j.samples.kforge.domain.Project;
import io.wsgi4j.samples.kforge.domain.Role;
import io.wsgi4j.samples.kforge.domain.Service;
import io.wsgi4j.samples.kforge.web.Html;
import io.wsgi4j.samples.kforge.web.Page;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A project's own pages, mounted at {@code /projects/{project}}: the home page ({@code /}) with its
 * services and members, adding a member or changing a role ({@code POST /members}), removing one
 * ({@code POST /members/{person}/remove}) and the settings ({@code POST /settings}).
 *
 * <p>The policy has already checked view (GET) or admin (POST) before any of these runs.
 *
 * @since 0.1
 */
final class ProjectPages {
    private final Site site;
    private final Application router;

    ProjectPages(Site site) {
        this.site = Objects.requireNonNull(site, "site");
        this.router = Router.builder()
                .get("project", "/", Application.named("ProjectPages::home", this::home))
                .post("members.set", "/members", Application.named("ProjectPages::setMember", this::setMember))
                .post("members.remove", "/members/{person}/remove",
                        Application.named("ProjectPages::removeMember", this::removeMember))
                .post("settings", "/settings", Application.named("ProjectPages::settings", this::settings))
                .build();
    }

    Application app() {
        return Application.named("ProjectPages", (environ, startResponse) -> environ.pathInfo().isEmpty()
                ? Page.redirect(startResponse, environ.scriptName() + "/")
                : router.call(environ, startResponse));
    }

    private Project project(Environ environ) {
        return site.projects().get(FrontController.target(environ).args().get("project")).orElseThrow();
    }

    private Iterable<byte[]> home(Environ environ, StartResponse startResponse) {
        Project p = project(environ);
        String base = "/projects/" + p.name();
        StringBuilder html = new StringBuilder("<p>").append(Html.escape(p.description())).append("</p>\n")
                .append("<p class=\"meta\">").append(p.isPrivate() ? "Private project" : "Public project")
                .append(", ").append(Html.count(p.members().size(), "member")).append(".</p>\n")
                .append("<h2>Services</h2>\n<ul class=\"services\">\n");
        for (Service s : p.services()) {
            html.append("<li>").append(Html.link(base + "/" + s.segment() + "/", s.segment())).append("</li>\n");
        }
        html.append("</ul>\n<h2>Members</h2>\n<ul class=\"members\">\n");
        p.members().forEach((person, role) -> html.append("<li>").append(Html.link("/persons/" + person + "/", person))
                .append(": ").append(role.displayName()).append("</li>\n"));
        html.append("</ul>\n");
        String viewer = Site.viewer(environ);
        if (site.access().decide(viewer, p, Permission.ADMIN) == io.wsgi4j.samples.kforge.access.Decision.ALLOW) {
            html.append("<h2>Add a member</h2>\n").append(Html.form(environ, base + "/members",
                    Html.input("Person (their user name)", "person", "text", "")
                            + Html.select("Role", "role", "Friend", "Developer", "Administrator")
                            + Html.submit("Add member")));
            html.append("<h2>Settings</h2>\n").append(Html.form(environ, base + "/settings",
                    Html.input("Title", "title", "text", p.title())
                            + Html.textarea("Description", "description", 3, p.description())
                            + Html.checkbox("Private (only members see it)", "private", p.isPrivate())
                            + Html.submit("Save settings")));
        }
        return Page.of(environ, p.title(), html.toString()).data(p).send(startResponse);
    }

    private Iterable<byte[]> setMember(Environ environ, StartResponse startResponse) {
        Project p = project(environ);
        FormData form = Forms.parse(environ);
        try {
            String person = Optional.ofNullable(form.field("person")).orElse("").strip();
            site.setMember(p.name(), Names.check("person name", person), Role.parse(form.field("role")));
        } catch (IllegalArgumentException e) {
            return memberNotChanged(environ, startResponse, "Member not added", e);
        }
        return Page.redirect(startResponse, "/projects/" + p.name() + "/");
    }

    private Iterable<byte[]> removeMember(Environ environ, StartResponse startResponse) {
        Project p = project(environ);
        String person = Router.args(environ).get("person");
        try {
            site.projects().update(p.name(), current -> current.withoutMember(person));
        } catch (IllegalArgumentException e) {
            return memberNotChanged(environ, startResponse, "Member not removed", e);
        }
        return Page.redirect(startResponse, "/projects/" + p.name() + "/");
    }

    private static Iterable<byte[]> memberNotChanged(Environ environ, StartResponse startResponse, String title,
            IllegalArgumentException e) {
        return Page.of(environ, title, "<p>" + Html.escape(e.getMessage()) + "</p>\n").status(400)
                .data(Map.of("error", e.getMessage())).send(startResponse);
    }

    private Iterable<byte[]> settings(Environ environ, StartResponse startResponse) {
        Project p = project(environ);
        FormData form = Forms.parse(environ);
        site.projects().update(p.name(), current -> current.withSettings(
                Optional.ofNullable(form.field("title")).orElse(current.title()),
                Optional.ofNullable(form.field("description")).orElse(current.description()),
                form.field("private") != null));
        return Page.redirect(startResponse, "/projects/" + p.name() + "/");
    }
}

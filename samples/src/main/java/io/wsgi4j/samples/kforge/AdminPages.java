// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.routing.Router;
import io.wsgi4j.samples.kforge.domain.Names;
import io.wsgi4j.samples.kforge.domain.Person;
import io.wsgi4j.samples.kforge.domain.Project;
import io.wsgi4j.samples.kforge.web.Html;
import io.wsgi4j.samples.kforge.web.Page;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Site administration at {@code /admin}: every person and every project, private ones included.
 * Site administrators are the Administrators of the reserved {@code admin} project, managed on that
 * project's own page like any other membership.
 *
 * @since 0.1
 */
final class AdminPages {
    private final Site site;

    AdminPages(Site site) {
        this.site = Objects.requireNonNull(site, "site");
    }

    Application app() {
        Application router = Router.builder()
                .get("admin", "/", Application.named("AdminPages::overview", this::overview))
                .build();
        return Application.named("AdminPages", (environ, startResponse) -> environ.pathInfo().isEmpty()
                ? Page.redirect(startResponse, environ.scriptName() + "/")
                : router.call(environ, startResponse));
    }

    private Iterable<byte[]> overview(Environ environ, StartResponse startResponse) {
        List<Person.View> persons = site.persons().all().stream().map(Person::publicView).toList();
        List<Project> projects = site.projects().all();
        StringBuilder html = new StringBuilder("<h2>Persons</h2>\n<ul>\n");
        for (Person.View p : persons) {
            html.append("<li>").append(Html.link("/persons/" + p.name() + "/", p.name())).append("</li>\n");
        }
        html.append("</ul>\n<h2>Projects</h2>\n<ul>\n");
        for (Project p : projects) {
            html.append("<li>").append(Html.link("/projects/" + p.name() + "/", p.name()))
                    .append(p.isPrivate() ? " (private)" : "").append(", ")
                    .append(Html.count(p.members().size(), "member")).append("</li>\n");
        }
        html.append("</ul>\n<p>Site administrators are managed as members of ")
                .append(Html.link("/projects/" + Names.ADMIN_PROJECT + "/", "the admin project")).append(".</p>\n");
        return Page.of(environ, "Site administration", html.toString())
                .data(Map.of("persons", persons, "projects", projects)).send(startResponse);
    }
}

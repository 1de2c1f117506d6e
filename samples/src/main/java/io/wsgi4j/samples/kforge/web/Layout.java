// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.web;

import io.wsgi4j.Environ;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts every KForge page shares: the site header with its navigation (home, projects, the
 * project and service the page belongs to, the person's own links), and the footer. The header and
 * footer are landmarks ({@code <header>}, {@code <nav>}, {@code <footer>}), so assistive technology
 * can jump between them and the page's {@code <main>}.
 *
 * @since 0.2
 */
public final class Layout {
    /** Where the stylesheet is served (see {@code KForge.pipeline}). @since 0.2 */
    public static final String STYLESHEET = "/static/kforge.css";

    /** The footer of every page. */
    static final String FOOTER = "<footer class=\"site\"><p>KForge, a project host built on wsgi4j.</p></footer>\n";

    private static final Pattern IN_PROJECT = Pattern.compile("^/projects/([^/]+)(?:/([^/]+))?");

    private Layout() {}

    /**
     * The site header for this request: the brand, then the navigation with the current place marked.
     *
     * @param environ the request (its decoded path says which project and service the page is in; REMOTE_USER who
     *     is looking)
     * @return safe HTML
     * @since 0.2
     */
    public static String header(Environ environ) {
        String path = environ.scriptName() + environ.pathInfo();
        List<String> items = new ArrayList<>();
        items.add(item(path, "/", "Home"));
        items.add(item(path, "/projects/", "Projects"));
        Matcher m = IN_PROJECT.matcher(path);
        if (m.find()) {
            String project = m.group(1);
            items.add(item(path, "/projects/" + project + "/", "Project " + project));
            if (m.group(2) != null && !m.group(2).isEmpty()) {
                String service = m.group(2);
                items.add(item(path, "/projects/" + project + "/" + service + "/", capitalised(service)));
            }
        }
        String user = environ.remoteUser();
        boolean guest = user == null || user.isEmpty();
        List<String> account = guest
                ? List.of(item(path, "/login", "Log in"), item(path, "/signup", "Sign up"))
                : List.of(item(path, "/persons/" + user + "/", user), item(path, "/logout", "Log out"));
        return "<header class=\"site\"><a class=\"skip\" href=\"#main\">Skip to content</a>\n"
                + "<nav aria-label=\"Site\"><ul class=\"places\">" + String.join("", items) + "</ul>"
                + "<ul class=\"account\">" + String.join("", account) + "</ul></nav></header>\n";
    }

    private static String item(String current, String href, String text) {
        boolean here = current.equals(href);
        String link = Html.link(href, text);
        return "<li>" + (here ? link.replaceFirst("<a ", "<a aria-current=\"page\" ") : link) + "</li>";
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.wiki;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.request.Forms;
import io.wsgi4j.middleware.routing.Router;
import io.wsgi4j.samples.kforge.store.Json;
import io.wsgi4j.samples.kforge.store.JsonStore;
import io.wsgi4j.samples.kforge.web.Html;
import io.wsgi4j.samples.kforge.web.Page;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A wiki: pages with their full history, stored one JSON file per page.
 *
 * <p>An ordinary wsgi4j application that knows nothing of projects or access control; mount it
 * anywhere. URLs below its mount point: {@code /} lists pages, {@code /{page}} shows one (GET) or
 * saves a new revision from the form fields {@code text} and {@code comment} (POST),
 * {@code /{page}/edit} is the edit form, {@code /{page}/history} lists revisions and
 * {@code /{page}/history/{n}} shows revision n. Every page is also JSON for
 * {@code Accept: application/json}. The author of a revision is REMOTE_USER.
 *
 * <p>{@code Application wiki = WikiApp.open(Path.of("data/wiki"));}
 *
 * @since 0.1
 */
public final class WikiApp implements Application {
    private final JsonStore<WikiPage> pages;
    private final Router router;

    private WikiApp(JsonStore<WikiPage> pages) {
        this.pages = pages;
        this.router = Router.builder()
                .get("index", "/", Application.named("WikiApp::index", this::index))
                .get("show", "/{page}", Application.named("WikiApp::show", this::show))
                .post("save", "/{page}", Application.named("WikiApp::save", this::save))
                .get("edit", "/{page}/edit", Application.named("WikiApp::edit", this::edit))
                .get("history", "/{page}/history", Application.named("WikiApp::history", this::history))
                .get("revision", "/{page}/history/{n:int}", Application.named("WikiApp::revision", this::revision))
                .build();
    }

    /**
     * Opens a wiki on a directory, loading its pages.
     *
     * @param dir the directory for page files
     * @return the application
     * @throws IOException when the directory cannot be read or a page file does not parse
     * @since 0.1
     */
    public static WikiApp open(Path dir) throws IOException {
        return new WikiApp(JsonStore.open(dir, WikiPage.class, Json.mapper()));
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        if (environ.pathInfo().isEmpty()) {
            return Page.redirect(startResponse, io.wsgi4j.PercentCodec.encodePath(environ.scriptName() + "/"));
        }
        return router.call(environ, startResponse);
    }

    private Iterable<byte[]> index(Environ environ, StartResponse startResponse) {
        String base = environ.scriptName();
        StringBuilder html = new StringBuilder("<ul>\n");
        for (String name : pages.ids()) {
            html.append("<li>").append(Html.link(base + "/" + name, name)).append("</li>\n");
        }
        html.append("</ul>\n<p>To create a page, link to it as [[PageName]] from another page, or open ")
                .append(Html.link(base + "/FrontPage/edit", "FrontPage")).append(".</p>\n");
        return Page.of(environ, "Wiki", html.toString()).data(pages.ids()).send(startResponse);
    }

    private Iterable<byte[]> show(Environ environ, StartResponse startResponse) {
        String name = Router.args(environ).get("page");
        String base = environ.scriptName();
        Optional<WikiPage> page = find(name);
        if (page.isEmpty()) {
            return missing(environ, startResponse, name);
        }
        WikiPage.Revision rev = page.get().current();
        String html = "<article id=\"page\">" + WikiText.render(rev.text(), base) + "</article>\n<p class=\"meta\">"
                + "Revision " + rev.number() + " by " + Html.escape(rev.author()) + ", " + Html.date(rev.saved()) + ". "
                + Html.link(base + "/" + name + "/edit", "Edit") + " | "
                + Html.link(base + "/" + name + "/history", "History") + " | " + Html.link(base + "/", "All pages")
                + "</p>\n";
        return Page.of(environ, name, html).data(page.get()).send(startResponse);
    }

    private Iterable<byte[]> edit(Environ environ, StartResponse startResponse) {
        String name = Router.args(environ).get("page");
        if (!JsonStore.isValidId(name)) {
            return missing(environ, startResponse, name);
        }
        String text = find(name).map(p -> p.current().text()).orElse("");
        String fields = Html.textarea("Page text", "text", 16, text)
                + "<p class=\"meta\">Blank lines separate paragraphs; <code>= Title</code> is a heading,"
                + " <code>* item</code> a list, <code>**bold**</code>, <code>*italic*</code>, <code>`code`</code>,"
                + " and <code>[[PageName]]</code> links to another page.</p>\n"
                + Html.input("What changed (optional)", "comment", "text", "") + Html.submit("Save page");
        return Page.of(environ, "Edit " + name, Html.form(environ, environ.scriptName() + "/" + name, fields))
                .send(startResponse);
    }

    private Iterable<byte[]> save(Environ environ, StartResponse startResponse) {
        String name = Router.args(environ).get("page");
        if (!JsonStore.isValidId(name)) {
            return missing(environ, startResponse, name);
        }
        String field = Forms.parse(environ).field("text");
        if (field == null) {
            return Page.of(environ, "Not saved", "<p>The form needs a <code>text</code> field.</p>")
                    .status(400).send(startResponse);
        }
        String text = field.replace("\r\n", "\n"); // a browser sends a text area's line breaks as CRLF
        String comment = Optional.ofNullable(Forms.parse(environ).field("comment")).orElse("");
        String author = Optional.ofNullable(environ.remoteUser()).filter(u -> !u.isEmpty()).orElse("guest");
        String now = Instant.now().toString();
        pages.change(name, current -> current == null
                ? new WikiPage(name, List.of(new WikiPage.Revision(1, text, author, now, comment)))
                : current.withRevision(text, author, now, comment));
        return Page.redirect(startResponse, io.wsgi4j.PercentCodec.encodePath(environ.scriptName() + "/" + name));
    }

    private Iterable<byte[]> history(Environ environ, StartResponse startResponse) {
        String name = Router.args(environ).get("page");
        Optional<WikiPage> page = find(name);
        if (page.isEmpty()) {
            return missing(environ, startResponse, name);
        }
        StringBuilder html = new StringBuilder("<ol>\n");
        for (WikiPage.Revision r : page.get().revisions()) {
            html.append("<li>").append(Html.link(environ.scriptName() + "/" + name + "/history/" + r.number(),
                    "Revision " + r.number())).append(" by ").append(Html.escape(r.author())).append(", ")
                    .append(Html.date(r.saved())).append(": ").append(Html.escape(r.comment())).append("</li>\n");
        }
        return Page.of(environ, "History of " + name, html + "</ol>\n").data(page.get().revisions())
                .send(startResponse);
    }

    private Iterable<byte[]> revision(Environ environ, StartResponse startResponse) {
        String name = Router.args(environ).get("page");
        // {n:int} admits up to 18 digits, which fit a long but not an int: 99999999999 is a 404, not an overflow
        long n = Long.parseLong(Router.args(environ).get("n"));
        Optional<WikiPage.Revision> rev = find(name)
                .filter(p -> n >= 1 && n <= p.revisions().size())
                .map(p -> p.revisions().get((int) n - 1));
        if (rev.isEmpty()) {
            return missing(environ, startResponse, name + " revision " + n);
        }
        String html = "<article id=\"page\">" + WikiText.render(rev.get().text(), environ.scriptName())
                + "</article>\n";
        return Page.of(environ, name + " (revision " + n + ")", html).data(rev.get()).send(startResponse);
    }

    private Optional<WikiPage> find(String name) {
        return JsonStore.isValidId(name) ? pages.get(name) : Optional.empty();
    }

    private static Iterable<byte[]> missing(Environ environ, StartResponse startResponse, String name) {
        String html = "<p>There is no page " + Html.escape(name) + " yet.</p>\n"
                + (JsonStore.isValidId(name) ? "<p>" + Html.link(environ.scriptName() + "/" + name + "/edit",
                        "Create it") + "</p>\n" : "");
        return Page.of(environ, "No such page", html).status(404).send(startResponse);
    }

    @Override
    public String toString() {
        return "WikiApp[" + pages + "]";
    }
}

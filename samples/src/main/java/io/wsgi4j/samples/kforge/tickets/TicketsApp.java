// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.tickets;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.PercentCodec;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.request.FormData;
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
 * Tickets: open one, comment on it, close it; one JSON file per ticket.
 *
 * <p>An ordinary wsgi4j application that knows nothing of projects or access control. URLs below
 * its mount point: {@code /} lists tickets (GET) or opens one from the fields {@code title} and
 * {@code description} (POST); {@code /{id}} shows one; {@code /{id}/comments} adds the field
 * {@code text} as a comment; {@code /{id}/close} closes it with an optional {@code text} note.
 *
 * @since 0.1
 */
public final class TicketsApp implements Application {
    private final JsonStore<Ticket> tickets;
    private final Router router;

    private TicketsApp(JsonStore<Ticket> tickets) {
        this.tickets = tickets;
        this.router = Router.builder()
                .get("index", "/", Application.named("TicketsApp::index", this::index))
                .post("open", "/", Application.named("TicketsApp::open", this::open))
                .get("show", "/{id:int}", Application.named("TicketsApp::show", this::show))
                .post("comment", "/{id:int}/comments", Application.named("TicketsApp::comment", this::comment))
                .post("close", "/{id:int}/close", Application.named("TicketsApp::close", this::close))
                .build();
    }

    /**
     * Opens the tickets of a directory.
     *
     * @param dir the directory for ticket files
     * @return the application
     * @throws IOException when the directory cannot be read or a ticket file does not parse
     * @since 0.1
     */
    public static TicketsApp open(Path dir) throws IOException {
        return new TicketsApp(JsonStore.open(dir, Ticket.class, Json.mapper()));
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        if (environ.pathInfo().isEmpty()) {
            return Page.redirect(startResponse, PercentCodec.encodePath(environ.scriptName() + "/"));
        }
        return router.call(environ, startResponse);
    }

    private Iterable<byte[]> index(Environ environ, StartResponse startResponse) {
        String base = environ.scriptName();
        List<Ticket> all = tickets.all().stream().sorted((a, b) -> Integer.compare(a.id(), b.id())).toList();
        StringBuilder html = new StringBuilder("<ul>\n");
        for (Ticket t : all) {
            html.append("<li>").append(Html.link(base + "/" + t.id(), "#" + t.id() + " " + t.title()))
                    .append(t.open() ? "" : " (closed)").append("</li>\n");
        }
        html.append("</ul>\n<h2>Open a ticket</h2>\n").append(Html.form(environ, base + "/",
                Html.input("Title", "title", "text", "")
                        + Html.textarea("Description", "description", 6, "")
                        + Html.submit("Open ticket")));
        return Page.of(environ, "Tickets", html.toString()).data(all).send(startResponse);
    }

    private Iterable<byte[]> open(Environ environ, StartResponse startResponse) {
        FormData form = Forms.parse(environ);
        String title = form.field("title");
        if (title == null || title.isBlank()) {
            return Page.of(environ, "Not opened", "<p>A ticket needs a title.</p>").status(400).send(startResponse);
        }
        String description = Optional.ofNullable(form.field("description")).orElse("");
        // "highest number + 1", then create only if still free: another thread or KForge process may
        // have taken the number meanwhile, and then the next one is tried (create never overwrites)
        Ticket t;
        int next = tickets.all().stream().mapToInt(Ticket::id).max().orElse(0);
        do {
            next++;
            t = new Ticket(next, title.strip(), description, author(environ), Instant.now().toString(), true,
                    List.of());
        } while (!tickets.create(Integer.toString(next), t));
        return Page.redirect(startResponse, PercentCodec.encodePath(environ.scriptName() + "/" + t.id()));
    }

    private Iterable<byte[]> show(Environ environ, StartResponse startResponse) {
        Optional<Ticket> found = tickets.get(Router.args(environ).get("id"));
        if (found.isEmpty()) {
            return missing(environ, startResponse);
        }
        Ticket t = found.get();
        String base = environ.scriptName() + "/" + t.id();
        StringBuilder html = new StringBuilder()
                .append("<p>").append(t.open() ? "Open" : "Closed").append(", opened by ")
                .append(Html.escape(t.author())).append(" on ").append(Html.date(t.opened()))
                .append(".</p>\n<pre>").append(Html.escape(t.description()))
                .append("</pre>\n<ol>\n");
        for (Ticket.Comment c : t.comments()) {
            html.append("<li><span class=\"meta\">").append(Html.escape(c.author())).append(", ")
                    .append(Html.date(c.written())).append(":</span> ").append(Html.escape(c.text()))
                    .append("</li>\n");
        }
        html.append("</ol>\n").append(Html.form(environ, base + "/comments",
                Html.textarea("Comment", "text", 4, "") + Html.submit("Add comment")));
        if (t.open()) {
            html.append(Html.form(environ, base + "/close", Html.submit("Close ticket")));
        }
        return Page.of(environ, "#" + t.id() + " " + t.title(), html.toString()).data(t).send(startResponse);
    }

    private Iterable<byte[]> comment(Environ environ, StartResponse startResponse) {
        String text = Forms.parse(environ).field("text");
        if (text == null || text.isBlank()) {
            return Page.of(environ, "Not saved", "<p>A comment needs text.</p>").status(400).send(startResponse);
        }
        return change(environ, startResponse, t -> t.withComment(note(environ, text)));
    }

    private Iterable<byte[]> close(Environ environ, StartResponse startResponse) {
        String text = Optional.ofNullable(Forms.parse(environ).field("text")).filter(s -> !s.isBlank())
                .orElse("closed");
        return change(environ, startResponse, t -> t.open() ? t.closed(note(environ, text)) : t);
    }

    private Iterable<byte[]> change(Environ environ, StartResponse startResponse,
            java.util.function.UnaryOperator<Ticket> fn) {
        String id = Router.args(environ).get("id");
        if (tickets.get(id).isEmpty()) {
            return missing(environ, startResponse);
        }
        tickets.update(id, fn);
        return Page.redirect(startResponse, PercentCodec.encodePath(environ.scriptName() + "/" + id));
    }

    private static Ticket.Comment note(Environ environ, String text) {
        return new Ticket.Comment(author(environ), text, Instant.now().toString());
    }

    private static String author(Environ environ) {
        return Optional.ofNullable(environ.remoteUser()).filter(u -> !u.isEmpty()).orElse("guest");
    }

    private static Iterable<byte[]> missing(Environ environ, StartResponse startResponse) {
        return Page.of(environ, "No such ticket", "<p>There is no such ticket.</p>").status(404).send(startResponse);
    }

    @Override
    public String toString() {
        return "TicketsApp[" + tickets + "]";
    }
}

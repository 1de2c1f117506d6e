// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.web;

import com.google.common.html.HtmlEscapers;
import io.wsgi4j.Environ;
import io.wsgi4j.PercentCodec;
import io.wsgi4j.middleware.session.Csrf;

/**
 * The small HTML toolkit every KForge page and service uses: escaping, the page layout, and forms
 * that carry their CSRF token.
 *
 * <p>Everything that came from a user goes through {@link #escape}; the helpers here escape their
 * text arguments themselves, so page code only concatenates already-safe HTML.
 *
 * @since 0.1
 */
public final class Html {
    private Html() {}

    /**
     * Escapes text for HTML element content and quoted attribute values.
     *
     * <p>{@code Html.escape("<b>\"x\" & 'y'</b>")} is
     * {@code "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"}.
     *
     * @param text any text, null gives ""
     * @return the escaped text
     * @since 0.1
     */
    public static String escape(String text) {
        return text == null ? "" : HtmlEscapers.htmlEscaper().escape(text);
    }

    /**
     * Returns a link, with the URL percent-encoded and the text escaped.
     *
     * @param path a decoded path such as {@code /projects/demo/wiki/Front Page}
     * @param text the link text
     * @return an {@code <a>} element
     * @since 0.1
     */
    public static String link(String path, String text) {
        return "<a href=\"" + escape(PercentCodec.encodePath(path)) + "\">" + escape(text) + "</a>";
    }

    /**
     * Returns a POST form with the session's CSRF token as its first field.
     *
     * @param environ the request, for the token
     * @param action a decoded path the form posts to
     * @param fieldsHtml the form's inner HTML (already safe)
     * @return a {@code <form>} element
     * @since 0.1
     */
    public static String form(Environ environ, String action, String fieldsHtml) {
        return "<form method=\"post\" action=\"" + escape(PercentCodec.encodePath(action)) + "\">"
                + "<input type=\"hidden\" name=\"" + Csrf.FIELD + "\" value=\"" + escape(Csrf.token(environ)) + "\">"
                + fieldsHtml + "</form>\n";
    }

    /**
     * Returns a multipart POST form (for uploads) with the CSRF token.
     *
     * @param environ the request, for the token
     * @param action a decoded path the form posts to
     * @param fieldsHtml the form's inner HTML (already safe)
     * @return a {@code <form>} element
     * @since 0.1
     */
    public static String uploadForm(Environ environ, String action, String fieldsHtml) {
        return form(environ, action, fieldsHtml).replaceFirst("<form ", "<form enctype=\"multipart/form-data\" ");
    }

    /**
     * Returns a labelled input: the label names the field through {@code for}, so screen readers and a
     * click on the label both reach it.
     *
     * @param label the label
     * @param name the field name, also its id (one field of that name per page)
     * @param type the input type, e.g. {@code text} or {@code password}
     * @param value the current value
     * @return a paragraph holding the label and the input
     * @since 0.1
     */
    public static String input(String label, String name, String type, String value) {
        return field(label, name, "<input type=\"" + escape(type) + "\" name=\"" + escape(name) + "\" id=\""
                + escape(name) + "\" value=\"" + escape(value) + "\"" + autocomplete(name, type) + ">");
    }

    /**
     * Returns a labelled multi-line text field.
     *
     * @param label the label
     * @param name the field name, also its id
     * @param rows the visible rows
     * @param value the current text
     * @return a paragraph holding the label and the text area
     * @since 0.2
     */
    public static String textarea(String label, String name, int rows, String value) {
        // the HTML parser drops one newline right after <textarea>: this one, so that a text that
        // starts with a newline keeps it through every edit
        return field(label, name, "<textarea name=\"" + escape(name) + "\" id=\"" + escape(name) + "\" rows=\""
                + rows + "\">\n" + escape(value) + "</textarea>");
    }

    /**
     * Returns a labelled choice of {@code options}, the first selected.
     *
     * @param label the label
     * @param name the field name, also its id
     * @param options the choices, each sent as its own text
     * @return a paragraph holding the label and the select
     * @since 0.2
     */
    public static String select(String label, String name, String... options) {
        StringBuilder html = new StringBuilder("<select name=\"").append(escape(name)).append("\" id=\"")
                .append(escape(name)).append("\">");
        for (String o : options) {
            html.append("<option>").append(escape(o)).append("</option>");
        }
        return field(label, name, html.append("</select>").toString());
    }

    /**
     * Returns a checkbox with its label after it.
     *
     * @param label the label
     * @param name the field name, also its id; the box sends {@code on} when checked
     * @param checked whether it starts checked
     * @return a paragraph holding the checkbox and its label
     * @since 0.2
     */
    public static String checkbox(String label, String name, boolean checked) {
        return "<p class=\"field check\"><input type=\"checkbox\" name=\"" + escape(name) + "\" id=\""
                + escape(name) + "\" value=\"on\"" + (checked ? " checked" : "") + "> <label for=\"" + escape(name)
                + "\">" + escape(label) + "</label></p>\n";
    }

    private static String field(String label, String id, String control) {
        return "<p class=\"field\"><label for=\"" + escape(id) + "\">" + escape(label) + "</label>\n" + control
                + "</p>\n";
    }

    /** Lets password managers fill the login and sign-up forms. */
    private static String autocomplete(String name, String type) {
        return type.equals("password") ? " autocomplete=\"current-password\""
                : name.equals("name") ? " autocomplete=\"username\"" : "";
    }

    /**
     * Formats a stored time stamp for people: {@code 2026-12-05T19:12:00.927124357Z} becomes
     * {@code 5 Dec 2026, 19:12 UTC}, inside a {@code <time>} element that keeps the exact value.
     *
     * @param isoInstant an ISO-8601 instant as stored; anything else is shown escaped as it is
     * @return safe HTML
     * @since 0.2
     */
    public static String date(String isoInstant) {
        try {
            java.time.Instant t = java.time.Instant.parse(isoInstant);
            return "<time datetime=\"" + escape(isoInstant) + "\">" + HUMAN_DATE.format(t) + "</time>";
        } catch (RuntimeException e) {
            return escape(isoInstant);
        }
    }

    private static final java.time.format.DateTimeFormatter HUMAN_DATE = java.time.format.DateTimeFormatter
            .ofPattern("d MMM yyyy, HH:mm 'UTC'", java.util.Locale.ENGLISH).withZone(java.time.ZoneOffset.UTC);

    /**
     * Returns {@code "1 member"} or {@code "2 members"}: the count and the word, plural unless one.
     *
     * @param count how many
     * @param singular the word for one
     * @return the count and the word
     * @since 0.2
     */
    public static String count(long count, String singular) {
        return count + " " + singular + (count == 1 ? "" : "s");
    }

    /**
     * Returns a submit button.
     *
     * @param text the button text
     * @return a {@code <button>} element
     * @since 0.1
     */
    public static String submit(String text) {
        return "<button type=\"submit\">" + escape(text) + "</button>\n";
    }
}

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
     * Returns a labelled text input.
     *
     * @param label the label
     * @param name the field name
     * @param type the input type, e.g. {@code text} or {@code password}
     * @param value the current value
     * @return a {@code <label>} element holding the input
     * @since 0.1
     */
    public static String input(String label, String name, String type, String value) {
        return "<label>" + escape(label) + " <input type=\"" + escape(type) + "\" name=\"" + escape(name)
                + "\" id=\"" + escape(name) + "\" value=\"" + escape(value) + "\"></label><br>\n";
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

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.wiki;

import io.wsgi4j.samples.kforge.web.Html;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders wiki source to HTML: blank lines separate paragraphs, a line starting with {@code = }
 * is a heading, and {@code [[PageName]]} links to a page next to this one. Everything else is
 * escaped text, so a page can never inject markup.
 *
 * @since 0.1
 */
public final class WikiText {
    private static final Pattern LINK = Pattern.compile("\\[\\[([A-Za-z0-9][A-Za-z0-9_-]{0,99})]]");

    private WikiText() {}

    /**
     * Renders page source.
     *
     * <p>{@code WikiText.render("= Hi\n\nSee [[Other]] <b>", "/p/wiki")} gives a heading and a paragraph
     * with a link to {@code /p/wiki/Other} and the text {@code &lt;b&gt;}.
     *
     * @param source the page source
     * @param base the decoded path the wiki is mounted at, for links
     * @return safe HTML
     * @since 0.1
     */
    public static String render(String source, String base) {
        StringBuilder out = new StringBuilder();
        for (String block : source.replace("\r\n", "\n").split("\n\\s*\n")) {
            String text = block.strip();
            if (text.isEmpty()) {
                continue;
            }
            if (text.startsWith("= ")) {
                out.append("<h2>").append(inline(text.substring(2), base)).append("</h2>\n");
            } else {
                out.append("<p>").append(inline(text, base).replace("\n", "<br>\n")).append("</p>\n");
            }
        }
        return out.toString();
    }

    private static String inline(String text, String base) {
        Matcher m = LINK.matcher(text);
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (m.find()) {
            out.append(Html.escape(text.substring(at, m.start())));
            out.append(Html.link(base + "/" + m.group(1), m.group(1)));
            at = m.end();
        }
        return out.append(Html.escape(text.substring(at))).toString();
    }
}

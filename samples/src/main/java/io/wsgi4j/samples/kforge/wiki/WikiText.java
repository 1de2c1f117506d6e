// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.wiki;

import io.wsgi4j.samples.kforge.web.Html;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders wiki source to HTML: blank lines separate paragraphs, a line starting with {@code = }
 * is a heading, lines starting with {@code * } (or {@code - }) are a bulleted list,
 * {@code **bold**}, {@code *italic*} and {@code `code`} format text, and {@code [[PageName]]} links
 * to a page next to this one. Everything else is escaped text, so a page can never inject markup:
 * the formatting is applied to the escaped text, whose only special characters are the markers.
 *
 * @since 0.1
 */
public final class WikiText {
    private static final Pattern LINK = Pattern.compile("\\[\\[([A-Za-z0-9][A-Za-z0-9_-]{0,99})]]");
    private static final Pattern ITEM = Pattern.compile("^[*-] +(.*)$");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern BOLD = Pattern.compile("\\*\\*(?=\\S)(.+?)(?<=\\S)\\*\\*");
    private static final Pattern ITALIC = Pattern.compile("(?<![*\\w])\\*(?=[^*\\s])(.+?)(?<=[^*\\s])\\*(?![*\\w])");
    /** Where a {@link #BOLD} or an {@link #ITALIC} match can end: its closing marker. */
    private static final Pattern BOLD_END = Pattern.compile("(?<=\\S)\\*\\*");
    private static final Pattern ITALIC_END = Pattern.compile("(?<=[^*\\s])\\*(?![*\\w])");
    /** What {@code .} in those patterns does not match, so no match spans it. */
    private static final Pattern LINE_END = Pattern.compile("[\\n\\r\\u0085\\u2028\\u2029]");

    private WikiText() {}

    /**
     * Renders page source.
     *
     * <p>{@code WikiText.render("= Hi\n\nSee [[Other]] <b>\n\n* one\n* two", "/p/wiki")} gives a heading,
     * a paragraph with a link to {@code /p/wiki/Other} and the text {@code &lt;b&gt;}, and a list of two items.
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
                lines(out, text.split("\n"), base);
            }
        }
        return out.toString();
    }

    /** A block: runs of list lines become one list, runs of other lines one paragraph. */
    private static void lines(StringBuilder out, String[] lines, String base) {
        int i = 0;
        while (i < lines.length) {
            boolean list = ITEM.matcher(lines[i].strip()).matches();
            int end = i;
            while (end < lines.length && ITEM.matcher(lines[end].strip()).matches() == list) {
                end++;
            }
            if (list) {
                out.append("<ul>\n");
                for (int k = i; k < end; k++) {
                    Matcher m = ITEM.matcher(lines[k].strip());
                    m.matches();
                    out.append("<li>").append(inline(m.group(1), base)).append("</li>\n");
                }
                out.append("</ul>\n");
            } else {
                StringBuilder p = new StringBuilder();
                for (int k = i; k < end; k++) {
                    p.append(k > i ? "<br>\n" : "").append(inline(lines[k], base));
                }
                out.append("<p>").append(p).append("</p>\n");
            }
            i = end;
        }
    }

    private static String inline(String text, String base) {
        Matcher m = LINK.matcher(text);
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (m.find()) {
            out.append(formatted(text.substring(at, m.start())));
            out.append(Html.link(base + "/" + m.group(1), m.group(1)));
            at = m.end();
        }
        return out.append(formatted(text.substring(at))).toString();
    }

    /** Escapes, then turns the markers into elements (escaping leaves {@code *} and {@code `} alone). */
    private static String formatted(String text) {
        String html = CODE.matcher(Html.escape(text)).replaceAll("<code>$1</code>");
        html = replaceAll(html, BOLD, BOLD_END, "<strong>$1</strong>");
        return replaceAll(html, ITALIC, ITALIC_END, "<em>$1</em>");
    }

    /**
     * {@code pattern.matcher(html).replaceAll(replacement)} in time linear in the text. A lazy match from
     * an opening marker scans on to a closing one, {@code end}; from an opener with none after it in its
     * line, that scan ran to the end of the line, for every such opener: a page of {@code "*a "} repeated
     * took seconds per view. So each line is matched only up to its last closing marker, past which no
     * match can end (bounds are transparent: the markers' look-arounds still see the text beyond).
     */
    private static String replaceAll(String html, Pattern pattern, Pattern end, String replacement) {
        StringBuilder out = new StringBuilder(html.length() + 16);
        Matcher lineEnd = LINE_END.matcher(html);
        int start = 0;
        while (lineEnd.find()) {
            replaceInLine(html.substring(start, lineEnd.start()), pattern, end, replacement, out);
            out.append(lineEnd.group());
            start = lineEnd.end();
        }
        replaceInLine(html.substring(start), pattern, end, replacement, out);
        return out.toString();
    }

    private static void replaceInLine(String line, Pattern pattern, Pattern end, String replacement,
            StringBuilder out) {
        Matcher closer = end.matcher(line);
        int last = -1;
        // closing markers may overlap ("***": "**" at 0 and at 1), and the last to end counts
        for (int from = 0; from < line.length() && closer.find(from); from = closer.start() + 1) {
            last = Math.max(last, closer.end());
        }
        if (last < 0) {
            out.append(line);
            return;
        }
        Matcher m = pattern.matcher(line).region(0, last).useTransparentBounds(true);
        while (m.find()) {
            m.appendReplacement(out, replacement);
        }
        m.appendTail(out);
    }
}

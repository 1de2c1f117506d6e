// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.docs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the fenced code blocks (three backticks, optionally indented) out of a Markdown text, with
 * the HTML-comment markers written directly above each opening fence.
 */
public final class MarkdownBlocks {
    private static final Pattern OPEN = Pattern.compile("^\\s*```\\s*([\\w+-]*)\\s*$");
    private static final Pattern CLOSE = Pattern.compile("^\\s*```\\s*$");
    private static final Pattern MARKER = Pattern.compile("<!--\\s*([a-z][a-z ]*?)\\s*:\\s*(.*?)\\s*-->", Pattern.DOTALL);

    private MarkdownBlocks() {}

    /**
     * The blocks of {@code markdown}, in order.
     *
     * @throws IllegalArgumentException naming the line when a fence is never closed
     */
    public static List<FencedBlock> of(String doc, String markdown) {
        String[] lines = markdown.replace("\r\n", "\n").split("\n", -1);
        List<FencedBlock> blocks = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher open = OPEN.matcher(lines[i]);
            if (!open.matches()) {
                continue;
            }
            int start = i;
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.length && !CLOSE.matcher(lines[i]).matches(); i++) {
                text.append(lines[i]).append('\n');
            }
            if (i == lines.length) {
                throw new IllegalArgumentException(doc + ":" + (start + 1) + ": the fenced block opened here is never"
                        + " closed; add a line of three backticks after it");
            }
            blocks.add(new FencedBlock(doc, start + 1, open.group(1), text.toString(), markersAbove(lines, start)));
        }
        return blocks;
    }

    /** The {@code <!-- key: value -->} comments that end on the lines right above line {@code fence} (0-based). */
    private static Map<String, String> markersAbove(String[] lines, int fence) {
        int first = fence;
        while (first > 0 && lines[first - 1].trim().endsWith("-->")) {
            int begin = first - 1;
            while (begin > 0 && !lines[begin].trim().startsWith("<!--")) {
                begin--;
            }
            if (!lines[begin].trim().startsWith("<!--")) {
                break;
            }
            first = begin;
        }
        Map<String, String> markers = new LinkedHashMap<>();
        Matcher m = MARKER.matcher(String.join("\n", Arrays.asList(lines).subList(first, fence)));
        while (m.find()) {
            markers.put(m.group(1), m.group(2));
        }
        return markers;
    }
}

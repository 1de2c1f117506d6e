// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.docs;

import java.util.Map;
import java.util.Optional;

/**
 * One fenced code block of a Markdown document: where it is, its language tag, its text, and the
 * {@code <!-- key: value -->} markers written on the lines right above its opening fence.
 *
 * @param doc the document's name as a reader sees it, such as {@code docs/TESTING.md}
 * @param fenceLine the 1-based line of the opening fence; the block's first line is the next one
 * @param language the tag after the fence ({@code java}, {@code xml}, ...), empty when there is none
 * @param text the lines between the fences, each ending with a newline
 * @param markers the markers above the fence, by key ({@code source}, {@code excerpt}, {@code given},
 *     {@code not compiled})
 */
public record FencedBlock(String doc, int fenceLine, String language, String text, Map<String, String> markers) {
    /** Marker: the block is this compiled source file, checked by {@code ReadmeExamplesTest}. */
    static final String SOURCE = "source";
    /** Marker: Java declarations the snippet assumes (the reader's own objects), put beside it when compiled. */
    static final String GIVEN = "given";
    /** Marker: the block's lines are lines of this file (shown without its comments), in order. */
    static final String EXCERPT = "excerpt";
    /** Marker: a named block a test reads and runs (docs/DEPLOYING.md), such as {@code nginx-http-upstream}. */
    public static final String SNIPPET = "snippet";
    /** Marker: the block is Java on purpose not compiled; the value says why. */
    static final String NOT_COMPILED = "not compiled";

    public Optional<String> marker(String key) {
        return Optional.ofNullable(markers.get(key));
    }

    /** "README.md:42", the place of the block's first line. */
    String where() {
        return doc + ":" + (fenceLine + 1);
    }
}

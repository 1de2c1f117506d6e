// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.wiki;

import java.util.ArrayList;
import java.util.List;

/**
 * A wiki page and its whole history; the last revision is the current text.
 *
 * @param name the page name, a store id such as {@code FrontPage}
 * @param revisions every saved revision, oldest first, numbered from 1
 * @since 0.1
 */
public record WikiPage(String name, List<Revision> revisions) {

    /**
     * One saved version of a page.
     *
     * @param number 1 for the first save
     * @param text the page source
     * @param author who saved it, {@code guest} when unknown
     * @param saved when, ISO-8601
     * @param comment the author's note on the change, may be empty
     * @since 0.1
     */
    public record Revision(int number, String text, String author, String saved, String comment) {}

    /**
     * Freezes the history.
     *
     * @since 0.1
     */
    public WikiPage {
        revisions = List.copyOf(revisions);
    }

    /**
     * Returns the current revision.
     *
     * @return the last revision
     * @since 0.1
     */
    public Revision current() {
        return revisions.get(revisions.size() - 1);
    }

    /**
     * Returns a copy with one more revision.
     *
     * @param text the new text
     * @param author who saves it
     * @param saved when, ISO-8601
     * @param comment the note on the change
     * @return the changed copy
     * @since 0.1
     */
    public WikiPage withRevision(String text, String author, String saved, String comment) {
        List<Revision> all = new ArrayList<>(revisions);
        all.add(new Revision(revisions.size() + 1, text, author, saved, comment));
        return new WikiPage(name, all);
    }
}

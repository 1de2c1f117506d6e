// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.tickets;

import java.util.ArrayList;
import java.util.List;

/**
 * A ticket: a numbered report with its comments, open or closed.
 *
 * @param id the number, from 1
 * @param title the one-line summary
 * @param description the report
 * @param author who opened it
 * @param opened when, ISO-8601
 * @param open true until closed
 * @param comments the discussion, oldest first
 * @since 0.1
 */
public record Ticket(int id, String title, String description, String author, String opened, boolean open,
        List<Comment> comments) {

    /**
     * One comment, or the note that closed the ticket.
     *
     * @param author who wrote it
     * @param text what they wrote
     * @param written when, ISO-8601
     * @since 0.1
     */
    public record Comment(String author, String text, String written) {}

    /**
     * Freezes the comments.
     *
     * @since 0.1
     */
    public Ticket {
        comments = List.copyOf(comments);
    }

    /**
     * Returns a copy with one more comment.
     *
     * @param comment the comment
     * @return the changed copy
     * @since 0.1
     */
    public Ticket withComment(Comment comment) {
        List<Comment> all = new ArrayList<>(comments);
        all.add(comment);
        return new Ticket(id, title, description, author, opened, open, all);
    }

    /**
     * Returns a closed copy, with the closing note as its last comment.
     *
     * @param note the closing comment
     * @return the closed copy
     * @since 0.1
     */
    public Ticket closed(Comment note) {
        Ticket t = withComment(note);
        return new Ticket(id, title, description, author, opened, false, t.comments());
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import io.wsgi4j.Header;
import java.util.ArrayList;

/**
 * A header list that a layer made for one response and hands on with {@code start_response}, keeping
 * no reference through which it would change the list afterwards: the request algorithm takes such a
 * list as it is. Any other list is copied when {@code start_response} is called (unless it is already
 * unmodifiable, as {@code List.of} lists are), so that a change the application makes to its list after
 * the call cannot slip past the header checks (SPEC.md R3.6, R3.7) into the response.
 *
 * <p>For middleware that copies the application's headers anyway, to add to them: making that copy
 * one of these saves the handler a second copy on every response. Applications do not need it.
 *
 * @since 0.2
 */
public class HandedOverHeaders extends ArrayList<Header> {
    private static final long serialVersionUID = 1L;

    /**
     * An empty list with room for {@code capacity} headers.
     *
     * @throws IllegalArgumentException if capacity is negative
     * @since 0.2
     */
    public HandedOverHeaders(int capacity) {
        super(capacity);
    }
}

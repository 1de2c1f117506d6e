// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.internal;

import io.wsgi4j.Header;
import io.wsgi4j.handler.HandedOverHeaders;
import java.util.List;
import java.util.RandomAccess;

/**
 * The header-list edits of the fast paths that middleware take on a response they only add a header
 * to (or change one header of), without a copy per layer when several wsgi4j layers do so in turn.
 *
 * <p>The rule: a list that came from anywhere else (the application, a user's middleware, a constant
 * {@code List.of}) is <em>never changed</em>; the first edit copies it into a list of a private class
 * with room for a few more headers, and that copy is what goes on to {@code start_response}. A list of
 * that class was made by one of these methods for this response and has been handed on: a later wsgi4j
 * layer that receives it edits it in place instead of copying it again. So in a stack of RequestId,
 * ServerTiming, Cors and Gzip the response's headers are copied once, not four times.
 *
 * <p>What that asks of the code around it: a wsgi4j layer gives such a list away when it calls
 * {@code start_response} with it and does not read or send it again (a second start, with excInfo,
 * sends a new list). A user's middleware that receives a list from {@code start_response} and wants to
 * keep it beyond the call should copy it: a wsgi4j layer further out may add to it, as it could to any
 * mutable list it is given under PEP 3333.
 *
 * @since 0.2
 */
public final class HeaderLists {
    /** Room left in a copy for the headers the layers further out typically add. */
    private static final int ROOM = 4;

    private HeaderLists() {}

    /**
     * {@code headers} then {@code extra}: {@code headers} itself when a wsgi4j layer made it for this
     * response (see the class comment), else a copy. For a caller that has checked that no header of
     * {@code extra}'s name is present (else use {@code Headers.with}, which replaces).
     *
     * @since 0.2
     */
    public static List<Header> plus(List<Header> headers, Header extra) {
        List<Header> out = owned(headers);
        out.add(extra);
        return out;
    }

    /**
     * {@code headers} with the header at {@code index} replaced by {@code replacement}: in place when a
     * wsgi4j layer made the list for this response, else in a copy.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not an index of {@code headers}
     * @since 0.2
     */
    public static List<Header> replaced(List<Header> headers, int index, Header replacement) {
        List<Header> out = owned(headers);
        out.set(index, replacement);
        return out;
    }

    /** True when {@code headers} is a list these methods made, which the next edit changes in place. @since 0.2 */
    public static boolean isOwned(List<Header> headers) {
        return headers instanceof Owned;
    }

    private static List<Header> owned(List<Header> headers) {
        if (headers instanceof Owned o) {
            return o;
        }
        int n = headers.size();
        Owned copy = new Owned(n + ROOM);
        if (headers instanceof RandomAccess) {
            for (int i = 0; i < n; i++) {
                copy.add(headers.get(i)); // not addAll: it copies through a toArray array first
            }
        } else {
            copy.addAll(headers);
        }
        return copy;
    }

    /**
     * The mark of a list made here for one response; no other code can make one. It is handed over
     * with {@code start_response} as the class comment says, so the server takes it without a copy.
     */
    private static final class Owned extends HandedOverHeaders {
        Owned(int capacity) {
            super(capacity);
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.internal;

import io.wsgi4j.Header;
import java.util.ArrayList;
import java.util.List;

/**
 * The header-list edits of the fast paths that middleware take on a response they only add a header
 * to: one copy sized for the addition, with a header built once (a constant, already validated).
 *
 * @since 0.2
 */
public final class HeaderLists {
    private HeaderLists() {}

    /**
     * A new mutable list: {@code headers} then {@code extra}. For a caller that has checked that no
     * header of {@code extra}'s name is present (else use {@code Headers.with}, which replaces).
     *
     * @since 0.2
     */
    public static List<Header> plus(List<Header> headers, Header extra) {
        List<Header> out = new ArrayList<>(headers.size() + 1);
        out.addAll(headers);
        out.add(extra);
        return out;
    }
}

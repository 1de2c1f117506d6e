// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import io.wsgi4j.observe.RequestObserver;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Counts each request observer's failures, so that the 1st, 2nd, 4th, 8th... are logged: an observer that
 * fails on every request (a metrics backend down, a registry that holds the meter's name with other tags)
 * must not put a stack trace per request into the log, every request thread queueing on the logger, and the
 * log still shows that it goes on failing. Shared by every handler, since one observer serves all the
 * connections of a server.
 */
final class ObserverFailures {
    // weak keys: an observer let go with its server leaves nothing behind; only failures take the lock
    private static final Map<RequestObserver, long[]> COUNTS = new WeakHashMap<>();

    private ObserverFailures() {
    }

    /** Counts a failure of {@code observer}: the failure's number when it is to be logged, else 0. */
    static long count(RequestObserver observer) {
        long n;
        try {
            synchronized (COUNTS) {
                n = ++COUNTS.computeIfAbsent(observer, o -> new long[1])[0];
            }
        } catch (RuntimeException e) {
            return 1; // the observer's own hashCode or equals failed: log this failure rather than none
        }
        return (n & (n - 1)) == 0 ? n : 0;
    }
}

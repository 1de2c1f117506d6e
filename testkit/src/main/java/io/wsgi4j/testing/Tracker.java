// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The validated exchanges of one test-client request, outermost first. The test client installs a
 * tracker on its thread while it drives the handler, so every {@link Validator} in the pipeline,
 * including ones the test placed inside, registers with it; afterwards the client fails the request
 * on the first recorded violation or a body nobody closed.
 */
final class Tracker {
    private static final ThreadLocal<Tracker> CURRENT = new ThreadLocal<>();

    private final List<Exchange> exchanges = new ArrayList<>(2);
    private Tracker previous;
    private ValidationException violation;

    static void register(Exchange exchange) {
        Tracker t = CURRENT.get();
        if (t != null) {
            t.exchanges.add(exchange);
        }
    }

    /** True while a test client drives a request on this thread (it then checks closing itself). */
    static boolean active() {
        return CURRENT.get() != null;
    }

    static void recordViolation(ValidationException e) {
        Tracker t = CURRENT.get();
        if (t != null && t.violation == null) {
            t.violation = e;
        }
    }

    /** Makes this the current tracker of the calling thread until {@link #exit()}. */
    void enter() {
        previous = CURRENT.get();
        CURRENT.set(this);
    }

    void exit() {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
        previous = null;
    }

    /** Throws the first violation a validator found during the request, even one the application caught. */
    void rethrowViolation() {
        if (violation != null) {
            throw violation;
        }
    }

    /** Reports bodies that were returned but never closed (R4.3 for the outermost, R6.2 inside). */
    void checkClosed() {
        for (int i = 0; i < exchanges.size(); i++) {
            exchanges.get(i).checkClosed(i == 0);
        }
    }
}

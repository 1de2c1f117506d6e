// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import java.io.PrintStream;
import java.lang.ref.Cleaner;

/**
 * Detects, outside the test client, a validated body that was garbage-collected without being
 * closed (SPEC.md R4.3): the validator registers each body it returns, and when the body becomes
 * unreachable while still open, this writes the rule's message to the request's {@code wsgi.errors}
 * (a cleaner thread cannot throw to anyone). The test client needs none of this: it checks every body
 * right after the request.
 */
final class Unclosed implements Runnable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final String request;
    private final PrintStream errors;
    private volatile boolean closed;

    private Unclosed(String request, PrintStream errors) {
        this.request = request;
        this.errors = errors;
    }

    /** Watches {@code body}; call {@link #closed()} when it is closed. */
    static Unclosed watch(Object body, String request, PrintStream errors) {
        Unclosed u = new Unclosed(request, errors);
        CLEANER.register(body, u);
        return u;
    }

    void closed() {
        closed = true;
    }

    /** Runs when the body became unreachable, or never. */
    @Override
    public void run() {
        if (!closed) {
            errors.println("wsgi4j validator: R4.3 the body of " + request + " was garbage-collected without"
                    + " close(); the caller must close every body exactly once, on every path");
            errors.flush();
        }
    }
}

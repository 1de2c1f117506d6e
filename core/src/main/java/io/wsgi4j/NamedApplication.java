// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import java.util.Objects;

/** An application with a printable name; see {@link Application#named}. */
final class NamedApplication implements Application {
    private final String name;
    private final Application next;

    NamedApplication(String name, Application next) {
        this.name = Objects.requireNonNull(name, "name");
        this.next = Objects.requireNonNull(next, "app");
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        return next.call(environ, startResponse);
    }

    @Override
    public String toString() {
        return name;
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import io.wsgi4j.Environ;
import java.util.function.Function;

/**
 * A parse result kept in the environ together with the text it was parsed from, so a second helper or
 * middleware reuses it, and a middleware that rewrites the source (say QUERY_STRING) gets a fresh parse.
 */
record Cached<T>(String source, T value) {

    @SuppressWarnings("unchecked")
    static <T> T get(Environ environ, String key, String source, Function<String, T> parse) {
        Object held = environ.get(key);
        if (held instanceof Cached<?> c && c.source().equals(source)) {
            return (T) c.value();
        }
        T value = parse.apply(source);
        environ.put(key, new Cached<>(source, value));
        return value;
    }
}

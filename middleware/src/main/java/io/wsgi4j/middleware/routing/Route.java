// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.routing;

import io.wsgi4j.Application;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** One entry of a {@link Router}: a name, the methods it answers (empty: all), a template, an application. */
record Route(String name, Set<String> methods, PathTemplate template, Application app) {
    /** The methods with a builder shorthand of their own. */
    private static final Set<String> SHORTHANDS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    /** True when this route answers {@code method}; a GET route also answers HEAD. */
    boolean accepts(String method) {
        return methods.isEmpty() || methods.contains(method) || (method.equals("HEAD") && methods.contains("GET"));
    }

    /** The {@link Router.Builder} method that adds this route: {@code get}, {@code any}, ... or {@code route}. */
    String builderMethod() {
        if (methods.isEmpty()) {
            return "any";
        }
        String only = methods.size() == 1 ? methods.iterator().next() : "";
        return SHORTHANDS.contains(only) ? only.toLowerCase(Locale.ROOT) : "route";
    }

    /** The arguments of {@link #builderMethod()}. */
    Object[] builderArgs() {
        return builderMethod().equals("route") ? new Object[] {name, List.copyOf(methods), template.toString(), app}
                : new Object[] {name, template.toString(), app};
    }

    /** Orders routes so literal segments win over typed ones, typed over plain, and catch-alls come last. */
    static int compareSpecificity(Route a, Route b) {
        int[] x = a.template.weights();
        int[] y = b.template.weights();
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return 0; // keep the order they were added in
    }
}

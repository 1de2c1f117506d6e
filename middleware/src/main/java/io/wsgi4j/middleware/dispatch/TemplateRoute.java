// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.dispatch;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.middleware.routing.PathTemplate;
import java.util.Map;
import java.util.Objects;

/** A resolver for one named template: its leading segments pick the target, the rest goes to it. */
final class TemplateRoute implements Resolver {
    final String name;
    final PathTemplate template;
    final TargetLookup lookup;

    TemplateRoute(String name, String template, TargetLookup lookup) {
        this.name = Objects.requireNonNull(name, "name");
        this.template = PathTemplate.parse(template);
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        if (template.endsWith("/")) {
            throw new IllegalArgumentException("front controller route \"" + name + "\" has template \"" + template
                    + "\", which ends with \"/\"; name the mount point without it, e.g. \"/projects/{project}\"");
        }
        if (template.contains(":path}")) {
            throw new IllegalArgumentException("front controller route \"" + name + "\" has template \"" + template
                    + "\" ending with a path variable; the rest of the path goes to the target, so leave it out");
        }
    }

    @Override
    public Target resolve(Environ environ) throws Exception {
        PathTemplate.Match m = template.matchPrefix(environ);
        if (m == null) {
            return null;
        }
        Application app = lookup.find(m.args());
        return app == null ? null : new Target(name, m.args(), m.matched(), app);
    }

    @Override
    public String mountPoint(String route, Map<String, ?> args) {
        return name.equals(route) ? template.expand(args) : null;
    }
}

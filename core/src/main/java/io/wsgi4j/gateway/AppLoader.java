// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.Application;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Finds an application by name for {@link CgiGateway#main}: {@code CLASS::member}, where member is a
 * static field holding an {@link Application}, or a static method that returns one (no arguments)
 * or is one (an {@code (Environ, StartResponse)} method); or just {@code CLASS}, an Application
 * with a public no-argument constructor. A stand-in until the command line's shared loader
 * ({@code io.wsgi4j.cli.AppSpec}) is on this branch.
 */
final class AppLoader {
    private AppLoader() {
    }

    static Application load(String spec) {
        int sep = spec.indexOf("::");
        String className = sep < 0 ? spec : spec.substring(0, sep);
        try {
            Class<?> c = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
            if (sep < 0) {
                return (Application) c.getConstructor().newInstance();
            }
            String member = spec.substring(sep + 2);
            for (Field f : c.getFields()) {
                if (f.getName().equals(member) && Modifier.isStatic(f.getModifiers())
                        && f.get(null) instanceof Application app) {
                    return app;
                }
            }
            for (Method m : c.getMethods()) {
                if (!m.getName().equals(member) || !Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                if (m.getParameterCount() == 0 && Application.class.isAssignableFrom(m.getReturnType())) {
                    return (Application) m.invoke(null);
                }
                if (m.getParameterCount() == 2 && m.getParameterTypes()[0] == io.wsgi4j.Environ.class
                        && m.getParameterTypes()[1] == io.wsgi4j.StartResponse.class) {
                    return (env, sr) -> {
                        @SuppressWarnings("unchecked")
                        Iterable<byte[]> body = (Iterable<byte[]>) m.invoke(null, env, sr);
                        return body;
                    };
                }
            }
            throw new IllegalArgumentException("\"" + spec + "\": " + className + " has no public static field or"
                    + " method \"" + member + "\" giving an Application");
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("cannot load the application \"" + spec + "\" (" + e
                    + "); expected CLASS::member (a static field or method) or CLASS (an Application with a"
                    + " public no-argument constructor), with the class on the classpath", e);
        }
    }
}

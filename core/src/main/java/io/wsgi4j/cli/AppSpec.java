// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.cli;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.StartResponse;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds the application named on the command line: the Java form of gunicorn's {@code module:app}.
 *
 * <pre>{@code
 * AppSpec.load("com.example.Hello::app")      // static field of type Application, a static method
 *                                             // returning one, or a static method with the
 *                                             // Application signature (Environ, StartResponse)
 * AppSpec.load("com.example.SimpleApp::new")  // a constructor (Environ, StartResponse) of an
 *                                             // Iterable<byte[]> class (class-based app), or the
 *                                             // zero-argument constructor of an Application class
 * AppSpec.load("com.example.MyApp")           // same as ::new
 * }</pre>
 *
 * @since 0.1
 */
public final class AppSpec {
    private AppSpec() {}

    /**
     * Loads the application {@code spec} names, with the context class loader.
     *
     * @throws IllegalArgumentException if the class or member does not exist or has the wrong shape,
     *     or the class cannot be loaded (its static initializer threw, a class it needs is missing);
     *     the message says what was found and what is expected, with the cause
     * @since 0.1
     */
    public static Application load(String spec) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return load(spec, loader != null ? loader : AppSpec.class.getClassLoader());
    }

    /**
     * Loads the application {@code spec} names from {@code loader}.
     *
     * @throws IllegalArgumentException as {@link #load(String)}
     * @since 0.1
     */
    public static Application load(String spec, ClassLoader loader) {
        Objects.requireNonNull(spec, "spec");
        int sep = spec.indexOf("::");
        String className = sep < 0 ? spec : spec.substring(0, sep);
        String member = sep < 0 ? "new" : spec.substring(sep + 2);
        if (className.isEmpty() || member.isEmpty()) {
            throw new IllegalArgumentException("application spec must look like com.example.Hello::app or"
                    + " com.example.SimpleApp::new, got \"" + spec + "\"");
        }
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no class \"" + className + "\" on the classpath (from \"" + spec
                    + "\"); check the name and add its jar or directory with -cp", e);
        } catch (LinkageError e) {
            throw loadingFailed(className, e);
        }
        return member.equals("new") ? construct(type, spec) : member(type, member, spec);
    }

    /**
     * The class is there but could not be made ready: its static initializer threw (now, or on an
     * earlier attempt), a class it needs is missing, or it does not fit this JVM. Each says so, with
     * the cause, rather than claiming the class is absent.
     */
    private static IllegalArgumentException loadingFailed(String className, LinkageError e) {
        if (e instanceof ExceptionInInitializerError) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return new ApplicationStartFailure("class \"" + className + "\" failed to initialize: its static"
                    + " initializer threw " + cause + "; fix the initializer or the configuration it reads", e);
        }
        String message = String.valueOf(e.getMessage());
        if (e instanceof NoClassDefFoundError && message.startsWith("Could not initialize class")) {
            Throwable earlier = e.getCause(); // JDK 18+ records the first failure here
            return new IllegalArgumentException("class \"" + className + "\" failed to initialize on an earlier"
                    + " attempt" + (earlier != null ? " (" + earlier.getMessage() + ")" : "")
                    + "; fix its static initializer and restart", e);
        }
        if (e instanceof NoClassDefFoundError) {
            return new IllegalArgumentException("class \"" + className + "\" cannot be loaded: a class it needs is"
                    + " missing (" + e + "); add the jar that holds it with -cp", e);
        }
        return new IllegalArgumentException("class \"" + className + "\" cannot be loaded: " + e, e);
    }

    private static Application construct(Class<?> type, String spec) {
        Constructor<?> classBased = constructor(type, Environ.class, StartResponse.class);
        if (classBased != null && Iterable.class.isAssignableFrom(type)) {
            return Application.named(spec, (environ, startResponse) -> {
                try {
                    @SuppressWarnings("unchecked")
                    Iterable<byte[]> body = (Iterable<byte[]>) classBased.newInstance(environ, startResponse);
                    return body;
                } catch (InvocationTargetException e) {
                    throw rethrow(e);
                }
            });
        }
        Constructor<?> plain = constructor(type);
        if (plain != null && Application.class.isAssignableFrom(type)) {
            try {
                return (Application) plain.newInstance();
            } catch (InvocationTargetException e) {
                throw new ApplicationStartFailure("constructing \"" + spec + "\" failed: " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot construct \"" + spec + "\": " + e, e);
            }
        }
        throw new IllegalArgumentException("\"" + spec + "\" needs a public constructor (Environ, StartResponse) in"
                + " a class implementing Iterable<byte[]>, or a public no-argument constructor in a class"
                + " implementing Application; " + type.getName() + " has neither");
    }

    private static Application member(Class<?> type, String name, String spec) {
        for (Field f : type.getFields()) {
            if (f.getName().equals(name) && Modifier.isStatic(f.getModifiers())) {
                Object value;
                try {
                    value = f.get(null);
                } catch (IllegalAccessException e) {
                    throw new IllegalArgumentException("cannot read \"" + spec + "\": " + e, e);
                }
                if (value instanceof Application a) {
                    return a;
                }
                throw new IllegalArgumentException("static field \"" + spec + "\" must hold an Application, it holds "
                        + (value == null ? "null" : value.getClass().getName()));
            }
        }
        for (Method m : type.getMethods()) {
            if (!m.getName().equals(name) || !Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            Class<?>[] p = m.getParameterTypes();
            if (p.length == 0 && Application.class.isAssignableFrom(m.getReturnType())) {
                Application made;
                try {
                    made = (Application) m.invoke(null);
                } catch (InvocationTargetException e) {
                    throw new ApplicationStartFailure("calling \"" + spec + "\" failed: " + e.getCause(), e.getCause());
                } catch (IllegalAccessException e) {
                    throw new IllegalArgumentException("cannot call \"" + spec + "\": " + e, e);
                }
                if (made == null) {
                    // said now, naming the factory, rather than as a NullPointerException from the server
                    throw new IllegalArgumentException("calling \"" + spec + "\" returned null instead of an"
                            + " Application");
                }
                return made;
            }
            if (p.length == 2 && p[0] == Environ.class && p[1] == StartResponse.class
                    && Iterable.class.isAssignableFrom(m.getReturnType())) {
                return Application.named(spec, (environ, startResponse) -> {
                    try {
                        @SuppressWarnings("unchecked")
                        Iterable<byte[]> body = (Iterable<byte[]>) m.invoke(null, environ, startResponse);
                        return body;
                    } catch (InvocationTargetException e) {
                        throw rethrow(e);
                    }
                });
            }
        }
        throw new IllegalArgumentException("\"" + spec + "\" must name a public static field of type Application,"
                + " a public static method returning one, or a public static method (Environ, StartResponse)"
                + " returning Iterable<byte[]>; " + type.getName() + " " + whatIsThere(type, name));
    }

    /**
     * Why no public static member matched: "has no such member" is wrong when the member is there
     * but hidden or not static, and sends the user looking for a typo that is not there.
     */
    private static String whatIsThere(Class<?> type, String name) {
        List<Member> found = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(name)) {
                    found.add(f);
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name)) {
                    found.add(m);
                }
            }
        }
        if (found.isEmpty()) {
            return "has no such member \"" + name + "\"";
        }
        // the member closest to usable explains best: public static first, then public, then any
        found.sort(java.util.Comparator.comparingInt(m -> (Modifier.isPublic(m.getModifiers()) ? 0 : 2)
                + (Modifier.isStatic(m.getModifiers()) ? 0 : 1)));
        Member m = found.get(0);
        String kind = m instanceof Field ? "field" : "method";
        if (!Modifier.isPublic(m.getModifiers())) {
            return "has a " + kind + " \"" + name + "\", but it is not public; make it public (the command line"
                    + " reaches only public members)";
        }
        if (!Modifier.isStatic(m.getModifiers())) {
            return "has a " + kind + " \"" + name + "\", but it is not static; make it static, or name a class"
                    + " implementing Application with ::new";
        }
        return "has a public static " + kind + " \"" + name + "\" of none of these shapes";
    }

    private static Constructor<?> constructor(Class<?> type, Class<?>... params) {
        try {
            return type.getConstructor(params);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Exception rethrow(InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Error err) {
            throw err;
        }
        return cause instanceof Exception ex ? ex : e;
    }
}

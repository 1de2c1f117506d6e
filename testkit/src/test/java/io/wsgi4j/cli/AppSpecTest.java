// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.testing.TestClient;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppSpecTest {
    /** Apps in every shape the command line accepts. */
    public static final class Apps {
        public static final Application FIELD = (env, sr) -> text(sr, "field");
        public static final Object NOT_AN_APP = "text";
        static final Application HIDDEN = (env, sr) -> text(sr, "hidden");

        public Iterable<byte[]> instance(Environ env, StartResponse sr) {
            return text(sr, "instance");
        }

        private static Iterable<byte[]> secret(Environ env, StartResponse sr) {
            return text(sr, "secret");
        }

        public static Application factory() {
            return (env, sr) -> text(sr, "factory");
        }

        public static Application noApp() {
            return null; // a factory whose configuration left it nothing to return
        }

        public static Iterable<byte[]> hello(Environ env, StartResponse sr) {
            return text(sr, "method " + env.pathInfo());
        }

        public static Iterable<byte[]> failing(Environ env, StartResponse sr) throws java.io.IOException {
            throw new java.io.IOException("app failure");
        }

        static Iterable<byte[]> text(StartResponse sr, String s) {
            sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return Body.of(s);
        }
    }

    /** A class-based app: the constructor gets the request, iteration yields the body. */
    public static final class ClassBased implements Iterable<byte[]> {
        private final String path;

        public ClassBased(Environ env, StartResponse sr) {
            this.path = env.pathInfo();
            sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
        }

        @Override
        public Iterator<byte[]> iterator() {
            return List.of(("class " + path).getBytes()).iterator();
        }
    }

    /** An Application with a zero-argument constructor. */
    public static final class Plain implements Application {
        @Override
        public Iterable<byte[]> call(Environ env, StartResponse sr) {
            return Apps.text(sr, "plain");
        }
    }

    /** An app whose static initializer throws, as one that reads missing configuration would. */
    public static final class FailsToInitialize {
        public static final Application APP = configure();

        private static Application configure() {
            throw new IllegalStateException("DATABASE_URL is not set");
        }
    }

    /** Another, for the second attempt to load a class whose initialization failed. */
    public static final class FailsToInitializeTwice {
        public static final Application APP = configure();

        private static Application configure() {
            throw new IllegalStateException("no config file");
        }
    }

    static final String APPS = Apps.class.getName();

    static String body(Application app) {
        return TestClient.of(app).get("/x").send().text();
    }

    @Test
    void loadsAStaticField() {
        assertSame(Apps.FIELD, AppSpec.load(APPS + "::FIELD"));
    }

    @Test
    void loadsAStaticFactoryMethod() {
        assertEquals("factory", body(AppSpec.load(APPS + "::factory")));
    }

    @Test
    void loadsAStaticMethodWithTheApplicationSignature() {
        Application app = AppSpec.load(APPS + "::hello");
        assertEquals("method /x", body(app));
        assertEquals(APPS + "::hello", app.toString());
    }

    @Test
    void passesAnAppsExceptionThroughUnwrapped() {
        Application app = AppSpec.load(APPS + "::failing");
        Exception e = assertThrows(Exception.class, () -> app.call(new Environ(), (s, h, x) -> null));
        assertEquals("app failure", e.getMessage());
    }

    @Test
    void loadsAClassBasedAppByItsConstructor() {
        assertEquals("class /x", body(AppSpec.load(ClassBased.class.getName() + "::new")));
    }

    @Test
    void loadsAnApplicationClassByItsNoArgumentConstructorWithOrWithoutNew() {
        assertEquals("plain", body(AppSpec.load(Plain.class.getName() + "::new")));
        assertEquals("plain", body(AppSpec.load(Plain.class.getName())));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            com.example.Missing::app            | no class "com.example.Missing" on the classpath
            io.wsgi4j.cli.AppSpecTest$Apps::nope | has no such member "nope"
            io.wsgi4j.cli.AppSpecTest$Apps::NOT_AN_APP | must hold an Application, it holds java.lang.String
            io.wsgi4j.cli.AppSpecTest$Apps::HIDDEN | has a field "HIDDEN", but it is not public; make it public
            io.wsgi4j.cli.AppSpecTest$Apps::secret | has a method "secret", but it is not public; make it public
            io.wsgi4j.cli.AppSpecTest$Apps::instance | has a method "instance", but it is not static
            io.wsgi4j.cli.AppSpecTest$Apps::new  | has neither
            io.wsgi4j.cli.AppSpecTest$Apps::noApp | calling "io.wsgi4j.cli.AppSpecTest$Apps::noApp" returned null instead of an Application
            ::app                                | application spec must look like
            io.wsgi4j.cli.AppSpecTest$Apps::     | application spec must look like
            """)
    void explainsABadSpec(String spec, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AppSpec.load(spec));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void saysThatAStaticInitializerThrewAndWhatInsteadOfNoClassOnTheClasspath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AppSpec.load(FailsToInitialize.class.getName() + "::APP"));
        assertTrue(e.getMessage().contains("class \"" + FailsToInitialize.class.getName() + "\" failed to initialize"),
                e.getMessage());
        assertTrue(e.getMessage().contains("IllegalStateException: DATABASE_URL is not set"), e.getMessage());
        assertFalse(e.getMessage().contains("no class"), e.getMessage());
        assertTrue(e.getCause() instanceof ExceptionInInitializerError, String.valueOf(e.getCause()));
    }

    @Test
    void saysThatInitializationFailedBeforeWhenTheClassIsLoadedAgain() {
        String spec = FailsToInitializeTwice.class.getName() + "::APP";
        assertThrows(IllegalArgumentException.class, () -> AppSpec.load(spec));
        IllegalArgumentException again = assertThrows(IllegalArgumentException.class, () -> AppSpec.load(spec));
        assertTrue(again.getMessage().contains("failed to initialize"), again.getMessage());
        assertFalse(again.getMessage().contains("no class"), again.getMessage());
    }

    @Test
    void namesTheMissingDependencyWhenTheClassItselfIsThere() {
        ClassLoader missingDependency = new ClassLoader(AppSpecTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals("com.example.App")) {
                    // what the JVM throws while linking a class whose superclass or field type is absent
                    throw new NoClassDefFoundError("com/example/Dependency");
                }
                return super.loadClass(name, resolve);
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AppSpec.load("com.example.App::app", missingDependency));
        assertTrue(e.getMessage().contains("class \"com.example.App\" cannot be loaded"), e.getMessage());
        assertTrue(e.getMessage().contains("NoClassDefFoundError: com/example/Dependency"), e.getMessage());
        assertFalse(e.getMessage().contains("no class"), e.getMessage());
    }

    @Test
    void namesAnyOtherLinkageErrorWithItsMessage() {
        ClassLoader tooNew = new ClassLoader(AppSpecTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals("com.example.App")) {
                    throw new UnsupportedClassVersionError("com/example/App has been compiled by a more recent version");
                }
                return super.loadClass(name, resolve);
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AppSpec.load("com.example.App::app", tooNew));
        assertTrue(e.getMessage().contains("UnsupportedClassVersionError: com/example/App has been compiled"),
                e.getMessage());
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

        public static Application factory() {
            return (env, sr) -> text(sr, "factory");
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
            io.wsgi4j.cli.AppSpecTest$Apps::new  | has neither
            ::app                                | application spec must look like
            io.wsgi4j.cli.AppSpecTest$Apps::     | application spec must look like
            """)
    void explainsABadSpec(String spec, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AppSpec.load(spec));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}

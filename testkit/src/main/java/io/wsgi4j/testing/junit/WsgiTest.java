// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a JUnit 5 test class against an application: test methods and constructors receive a
 * {@link io.wsgi4j.testing.TestClient} (a new one per test, so cookies do not leak between tests), and
 * with {@link Transport#HTTP} the base {@link java.net.URI} of a started server.
 *
 * <pre>{@code
 * @WsgiTest(app = "com.example.Hello::app")
 * class HelloTest {
 *     @Test
 *     void greetsByName(TestClient client) {
 *         client.get("/").query("name", "Ada").send().assertStatus(200).assertContains("Hello Ada!");
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #app()} names the application as the command line does: a class and a static member
 * (field, or method with no parameters) of type Application, or a class implementing Application with a
 * public no-argument constructor. For an application built in code use {@link WsgiExtension} with
 * {@code @RegisterExtension}.
 *
 * @since 0.2
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(WsgiExtension.class)
public @interface WsgiTest {
    /** The application: {@code com.example.Hello::app}. @since 0.2 */
    String app();

    /** How requests reach the application; {@link Transport#IN_PROCESS} by default. @since 0.2 */
    Transport transport() default Transport.IN_PROCESS;

    /** How a {@link WsgiTest} sends requests. @since 0.2 */
    enum Transport {
        /** In-process through the validator, no socket ({@code TestClient.of(app)}). */
        IN_PROCESS,
        /**
         * Over a reference HTTP server started on 127.0.0.1 (a free port) for the test class and shut down
         * after it ({@code TestClient.over(uri)}).
         */
        HTTP
    }
}

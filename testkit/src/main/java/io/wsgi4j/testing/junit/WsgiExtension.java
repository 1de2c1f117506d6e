// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.junit;

import io.wsgi4j.Application;
import io.wsgi4j.cli.AppSpec;
import io.wsgi4j.server.HttpServer;
import io.wsgi4j.server.ServerConfig;
import io.wsgi4j.testing.TestClient;
import java.net.URI;
import java.util.Objects;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link WsgiTest}; registered in code it takes an application built there.
 *
 * <pre>{@code
 * class ShopTest {
 *     @RegisterExtension
 *     static final WsgiExtension WSGI = WsgiExtension.overHttp(Shop.pipeline(testDatabase()));
 *
 *     @Test
 *     void listsItems(TestClient client, URI base) {
 *         client.get("/items").send().assertStatus(200);
 *     }
 * }
 * }</pre>
 *
 * <p>Parameters it resolves: {@link TestClient} (new per test method: in-process, or over the server),
 * {@link URI} (the server's base URI; HTTP only). An HTTP server is started on first use in a test class,
 * on 127.0.0.1 and a free port, and shut down when the class is done.
 *
 * @since 0.2
 */
public final class WsgiExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(WsgiExtension.class);

    private final Application app; // null when read from @WsgiTest
    private final WsgiTest.Transport transport;

    /** Used by {@code @WsgiTest}: the application and transport come from the annotation. @since 0.2 */
    public WsgiExtension() {
        this.app = null;
        this.transport = null;
    }

    private WsgiExtension(Application app, WsgiTest.Transport transport) {
        this.app = Objects.requireNonNull(app, "app");
        this.transport = transport;
    }

    /** Tests run {@code app} in-process. @since 0.2 */
    public static WsgiExtension inProcess(Application app) {
        return new WsgiExtension(app, WsgiTest.Transport.IN_PROCESS);
    }

    /** Tests run {@code app} behind a reference HTTP server started for the test class. @since 0.2 */
    public static WsgiExtension overHttp(Application app) {
        return new WsgiExtension(app, WsgiTest.Transport.HTTP);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestClient.class || type == URI.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Setup setup = setup(context);
        if (parameter.getParameter().getType() == URI.class) {
            if (setup.transport != WsgiTest.Transport.HTTP) {
                throw new ParameterResolutionException("a URI parameter needs a server, but " + setup.describe()
                        + " runs in-process; use transport = HTTP (or WsgiExtension.overHttp)");
            }
            return server(context, setup).base;
        }
        if (setup.transport != WsgiTest.Transport.HTTP) {
            return TestClient.of(setup.app);
        }
        TestClient client = TestClient.over(server(context, setup).base);
        // its kept connection ends with the test (or class) that asked for it, not at the server's idle timeout
        context.getStore(NAMESPACE).put(new Object(), new ClosedWithContext(client));
        return client;
    }

    /** A live client closed when JUnit closes the store of the context it was given to (see {@link RunningServer}). */
    private record ClosedWithContext(TestClient client) implements ExtensionContext.Store.CloseableResource,
            AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }

    private record Setup(Application app, WsgiTest.Transport transport, String spec) {
        String describe() {
            return spec != null ? "@WsgiTest(app = \"" + spec + "\")" : "WsgiExtension(" + app + ")";
        }
    }

    private Setup setup(ExtensionContext context) {
        if (app != null) {
            return new Setup(app, transport, null);
        }
        Class<?> testClass = context.getRequiredTestClass();
        WsgiTest annotation = findAnnotation(testClass);
        if (annotation == null) {
            throw new ExtensionConfigurationException("WsgiExtension on " + testClass.getName() + " has no application:"
                    + " annotate the class with @WsgiTest(app = \"com.example.Hello::app\") or register"
                    + " WsgiExtension.inProcess(app) with @RegisterExtension");
        }
        Application loaded = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("app:" + annotation.app(),
                k -> AppSpec.load(annotation.app()), Application.class);
        return new Setup(loaded, annotation.transport(), annotation.app());
    }

    private static WsgiTest findAnnotation(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            WsgiTest a = k.getAnnotation(WsgiTest.class);
            if (a != null) {
                return a;
            }
        }
        return null;
    }

    /** The server of the test class, started on first use and stopped when the class's context closes. */
    private static RunningServer server(ExtensionContext context, Setup setup) {
        ExtensionContext classContext = context.getTestMethod().isPresent() && context.getParent().isPresent()
                ? context.getParent().get() : context;
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(RunningServer.class,
                k -> new RunningServer(setup.app), RunningServer.class);
    }

    /**
     * A started reference server, shut down when JUnit closes the store that holds it. JUnit 5.x
     * closes a {@code CloseableResource}; JUnit 6 closes an {@code AutoCloseable} and warns about a
     * value that is only the former, so it is both (JUnit closes it once; a second close does nothing).
     */
    private static final class RunningServer implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final HttpServer server;
        final URI base;
        private boolean closed;

        RunningServer(Application app) {
            server = HttpServer.make("127.0.0.1", 0, app, ServerConfig.builder().quiet(true).build()).start();
            base = URI.create("http://127.0.0.1:" + server.port());
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                server.shutdown();
            }
        }
    }

    @Override
    public String toString() {
        return app == null ? "WsgiExtension(@WsgiTest)" : "WsgiExtension." + (transport == WsgiTest.Transport.HTTP
                ? "overHttp(" : "inProcess(") + app + ")";
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway is shut down twice as a rule ({@code try (gateway) { TermSignal.onTerm(gateway::shutdown);
 * gateway.serveForever(); }}: at the signal, then by the close): the second call does nothing, as on the
 * HTTP server, instead of announcing a stop (and a finished drain) that is not happening.
 */
class GatewayShutdownTwiceTest {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private Object logger;

    /**
     * Hears what the gateway logs through java.util.logging (the System.Logger backend in tests), by a
     * filter on its logger; by reflection, as this module does not read java.logging.
     */
    @BeforeEach
    void listen() throws ReflectiveOperationException {
        Class<?> filter = Class.forName("java.util.logging.Filter");
        logger = Class.forName("java.util.logging.Logger").getMethod("getLogger", String.class)
                .invoke(null, "io.wsgi4j.gateway");
        Object hearing = java.lang.reflect.Proxy.newProxyInstance(filter.getClassLoader(), new Class<?>[] {filter},
                (proxy, method, args) -> {
                    if (!method.getName().equals("isLoggable")) {
                        return method.invoke(this, args); // equals, hashCode, toString: the test's
                    }
                    lines.add((String) args[0].getClass().getMethod("getMessage").invoke(args[0]));
                    return true;
                });
        logger.getClass().getMethod("setFilter", filter).invoke(logger, hearing);
    }

    @AfterEach
    void stopListening() throws ReflectiveOperationException {
        logger.getClass().getMethod("setFilter", Class.forName("java.util.logging.Filter")).invoke(logger,
                (Object) null);
    }

    private long count(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).count();
    }

    @Test
    void aSecondShutdownOfAServingGatewayLogsNothingAndDoesNothing() throws java.io.IOException {
        FastCgiServer server = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), (env, sr) -> {
            sr.start("200 OK", Headers.of());
            return Body.of("hi");
        }, GatewayConfig.defaults()).start();
        server.shutdown();
        server.close();
        server.shutdown();
        assertEquals(1, count("stopping the FastCGI gateway"), String.join("\n", lines));
        assertEquals(1, count("stopped the FastCGI gateway"), String.join("\n", lines));
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.testing.TestClient;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension registered in code with an application built there, over a started server. */
class WsgiExtensionTest {
    /** Answers the port it was reached on. */
    private static final Application PORT = Application.named("Port", (env, sr) -> {
        sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
        return Body.of(env.serverPort());
    });

    @RegisterExtension
    static final WsgiExtension WSGI = WsgiExtension.overHttp(PORT);

    @Test
    void injectsAClientForTheServerAndItsBaseUri(TestClient client, URI base) {
        assertEquals(String.valueOf(base.getPort()), client.get("/").send().assertStatus(200).text(),
                "served by the started server");
    }

    @Test
    void printsHowItWasMade() {
        assertEquals("WsgiExtension.overHttp(" + PORT + ")", WSGI.toString());
    }
}

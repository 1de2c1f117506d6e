// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.testing.TestClient;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** {@link PagesContract} over a live reference server started by the extension. */
@WsgiTest(app = "io.wsgi4j.testing.PagesApp::APP", transport = WsgiTest.Transport.HTTP)
class PagesOverHttpTest extends PagesContract {
    @Test
    void theClientTalksToTheServerAtTheInjectedUri(TestClient client, URI base) {
        assertEquals("127.0.0.1", base.getHost());
        assertEquals("TestClient.over(" + base + ")", client.toString());
    }
}

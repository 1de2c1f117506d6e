// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ContractApp's own rules (the transports are checked by the GatewayContract subclasses). */
class ContractAppTest {
    private final ContractApp app = new ContractApp();

    private TestClient client() {
        return TestClient.of(app).allowErrors();
    }

    @Nested
    class Routing {
        @Test
        void routesOnPathInfoOnlySoItWorksUnderAnyScriptName() throws Exception {
            io.wsgi4j.Environ env = new io.wsgi4j.handler.EnvironBuilder().target("/env").build();
            env.put("SCRIPT_NAME", "/mounted/deep");
            io.wsgi4j.Status[] status = new io.wsgi4j.Status[1];
            app.call(env, (s, h, e) -> {
                status[0] = s;
                return null;
            });
            assertEquals(200, status[0].code());
        }

        @ParameterizedTest
        @CsvSource({
            "GET,    /nothing",
            "GET,    /echo",
            "POST,   /big",
            "DELETE, /status",
            "GET,    /environment",
        })
        void answers404ForAnythingElse(String method, String path) {
            assertEquals(404, client().request(method, path).send().status());
        }

        @ParameterizedTest
        @CsvSource({
            "/big?n=x",
            "/big",
            "/status?code=99",
            "/stream?chunks=-1",
            "/headers?n=5000",
            "/cut-short?how=never",
        })
        void answers400ForBadQueryValues(String target) {
            assertEquals(400, client().get(target).send().status());
        }
    }

    @Nested
    class Bodies {
        @Test
        void bigIsByteIModulo251() {
            byte[] b = client().get("/big?n=600").send().bytes();
            assertEquals(600, b.length);
            assertEquals(0, b[251]);
            assertEquals((byte) 250, b[250]);
        }

        @Test
        void streamSendsTheRequestedLinesWithoutContentLength() {
            TestResponse r = client().get("/stream?chunks=3&delay_ms=0").send();
            assertEquals("chunk 0\nchunk 1\nchunk 2\n", r.text());
            assertEquals(null, r.header("Content-Length"));
            assertEquals("no", r.header("X-Accel-Buffering"));
        }

        @Test
        void envListsStringEntriesSortedAsKeyEqualsValue() {
            String text = client().get("/env?q=1").send().text();
            assertTrue(text.contains("QUERY_STRING=q=1\n"), text);
            assertTrue(text.indexOf("PATH_INFO=") < text.indexOf("QUERY_STRING="), text);
        }

        @Test
        void echoCountsEveryClose() {
            client().post("/echo").body(new byte[] {1, 2, 3}).send();
            assertEquals(1, app.echoesStarted());
            assertEquals(1, app.echoesClosed());
            assertEquals(0, app.echoesCutShort());
        }

        @Test
        void raiseBecomesA500() {
            assertEquals(500, client().get("/raise").send().status());
        }
    }
}

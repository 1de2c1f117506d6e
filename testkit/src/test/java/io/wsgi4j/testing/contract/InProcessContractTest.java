// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.contract;

import io.wsgi4j.Header;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestRequest;
import io.wsgi4j.testing.TestResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** The gateway contract in-process, through the test client: the baseline every transport must match. */
class InProcessContractTest extends GatewayContract {
    @Override
    protected ContractTransport openTransport() {
        ContractApp app = new ContractApp();
        return new ContractTransport() {
            @Override
            public ContractResponse send(String method, String target, Map<String, String> headers, byte[] body) {
                // a client per request: a TestClient keeps state between calls (cookies), and the suite
                // sends from many threads at once
                TestRequest request = TestClient.of(app).allowErrors().request(method, target);
                headers.forEach(request::header);
                if (body != null) {
                    request.body(body);
                }
                TestResponse r = request.send();
                List<String[]> pairs = new ArrayList<>();
                for (Header h : r.headers()) {
                    pairs.add(new String[] {h.name(), h.value()});
                }
                return new ContractResponse(r.status(), pairs, r.bytes());
            }

            @Override
            public List<byte[]> arrivals(String target) {
                throw new UnsupportedOperationException("the test client returns whole bodies");
            }

            @Override
            public void abandonUpload(String target, long declaredLength, int sentBytes) {
                throw new UnsupportedOperationException("the test client has no connection to drop");
            }

            @Override
            public long echoesCutShort() {
                return app.echoesCutShort();
            }
        };
    }

    @Override
    @Test
    @Disabled("in-process: the test client collects the whole body, so there are no arrivals to observe")
    public void streamedChunksArriveOneByOne() {
    }

    @Override
    @Test
    @Disabled("in-process: the test client sends a complete byte[] body; there is no connection to abandon")
    public void abandonedUploadClosesTheBodyAndTheGatewayKeepsServing() {
    }
}

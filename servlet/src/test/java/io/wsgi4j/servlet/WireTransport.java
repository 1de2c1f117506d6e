// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.servlet;

import io.wsgi4j.testing.contract.ContractApp;
import io.wsgi4j.testing.contract.ContractResponse;
import io.wsgi4j.testing.contract.ContractTransport;
import io.wsgi4j.testing.contract.HttpWire;
import java.util.List;
import java.util.Map;

/** The contract app in a container, reached over HTTP/1.1 at {@code prefix} (context path plus servlet path). */
final class WireTransport implements ContractTransport {
    private final HttpWire wire;
    private final String prefix;
    private final ContractApp app;
    private final AutoCloseable container;

    WireTransport(int port, String prefix, ContractApp app, AutoCloseable container) {
        this.wire = new HttpWire("127.0.0.1", port);
        this.prefix = prefix;
        this.app = app;
        this.container = container;
    }

    @Override
    public ContractResponse send(String method, String target, Map<String, String> headers, byte[] body)
            throws Exception {
        return wire.send(method, prefix + target, headers, body);
    }

    @Override
    public List<byte[]> arrivals(String target) throws Exception {
        return wire.arrivals(prefix + target);
    }

    @Override
    public void abandonUpload(String target, long declaredLength, int sentBytes) throws Exception {
        wire.abandonUpload(prefix + target, declaredLength, sentBytes);
    }

    @Override
    public long echoesCutShort() {
        return app.echoesCutShort();
    }

    @Override
    public String scriptName() {
        return prefix;
    }

    @Override
    public void close() throws Exception {
        container.close();
    }
}

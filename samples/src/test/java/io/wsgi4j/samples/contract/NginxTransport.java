// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.contract;

import io.wsgi4j.testing.contract.ContractApp;
import io.wsgi4j.testing.contract.ContractResponse;
import io.wsgi4j.testing.contract.ContractTransport;
import io.wsgi4j.testing.contract.HttpWire;
import io.wsgi4j.testing.contract.NginxProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A contract transport through a real nginx in front of a gateway: requests go over HTTP to nginx,
 * which passes them on (FastCGI, SCGI, or FastCGI to fcgiwrap for CGI). {@code prefix} is the
 * location the app is mounted under.
 */
final class NginxTransport implements ContractTransport {
    private final NginxProcess nginx;
    private final HttpWire wire;
    private final String prefix;
    private final ContractApp app;
    private final List<AutoCloseable> alsoClose;

    NginxTransport(NginxProcess nginx, String prefix, ContractApp app, List<AutoCloseable> alsoClose) {
        this.nginx = nginx;
        this.wire = new HttpWire("127.0.0.1", nginx.port());
        this.prefix = prefix;
        this.app = app;
        this.alsoClose = new ArrayList<>(alsoClose);
    }

    @Override
    public ContractResponse send(String method, String target, Map<String, String> headers, byte[] body)
            throws Exception {
        try {
            return wire.send(method, prefix + target, headers, body);
        } catch (Exception e) {
            throw new AssertionError(method + " " + target + " failed: " + e + "\nnginx log:\n" + nginx.log(), e);
        }
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
        return app == null ? -1 : app.echoesCutShort();
    }

    @Override
    public String scriptName() {
        return prefix;
    }

    NginxProcess nginx() {
        return nginx;
    }

    @Override
    public void close() throws Exception {
        nginx.close();
        for (AutoCloseable c : alsoClose) {
            c.close();
        }
    }
}

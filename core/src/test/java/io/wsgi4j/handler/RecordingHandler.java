// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A handler that records the bytes a transport would send, for tests of the shared algorithm. */
final class RecordingHandler extends BaseHandler {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    int flushes;

    RecordingHandler(boolean originServer) {
        super(originServer);
    }

    @Override
    protected void writeBytes(byte[] b, int off, int n) {
        out.write(b, off, n);
    }

    @Override
    protected void flushBytes() {
        flushes++;
    }

    String text() {
        return out.toString(StandardCharsets.ISO_8859_1).replaceAll("Date: [^\r]*\r\n", "");
    }
}

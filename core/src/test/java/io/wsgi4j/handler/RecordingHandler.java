// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A handler that records the bytes a transport would send, for tests of the shared algorithm. */
final class RecordingHandler extends BaseHandler {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    int flushes;
    /** When not negative, the write after this many bytes fails as if the client had gone. */
    long clientGoneAfter = -1;

    RecordingHandler(boolean originServer) {
        super(originServer);
    }

    @Override
    protected void writeBytes(byte[] b, int off, int n) throws IOException {
        if (clientGoneAfter >= 0 && out.size() + n > clientGoneAfter) {
            throw new IOException("Broken pipe");
        }
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

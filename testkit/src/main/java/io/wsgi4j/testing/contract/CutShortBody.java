// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.contract;

import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * {@code /cut-short?how=H}: a response that fails after its headers and first chunk went out, so a
 * transport must abort it (R5.4). {@code raise}: the second chunk throws; {@code short}: the body
 * ends 90 bytes before its {@code Content-Length: 100}; {@code excinfo}: the body calls
 * start_response again with excInfo, which the caller rethrows since the headers are sent.
 */
final class CutShortBody implements Iterable<byte[]> {
    static final String FIRST_CHUNK = "first chunk\n";

    private final String how;
    private final StartResponse startResponse;

    private CutShortBody(String how, StartResponse startResponse) {
        this.how = how;
        this.startResponse = startResponse;
    }

    static Iterable<byte[]> respond(String how, StartResponse startResponse) {
        if (how == null) {
            how = "raise";
        }
        switch (how) {
            case "raise":
            case "excinfo":
                startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain", "X-Accel-Buffering", "no"));
                break;
            case "short":
                startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain", "X-Accel-Buffering", "no",
                        "Content-Length", "100"));
                break;
            default:
                return Query.badRequest("how must be raise, short or excinfo", startResponse);
        }
        return new CutShortBody(how, startResponse);
    }

    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private boolean firstSent;

            @Override
            public boolean hasNext() {
                return !firstSent || !how.equals("short");
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (!firstSent) {
                    firstSent = true;
                    return FIRST_CHUNK.getBytes(StandardCharsets.US_ASCII);
                }
                IllegalStateException failure = new IllegalStateException(
                        "/cut-short?how=" + how + ": the contract app fails after its first chunk");
                if (how.equals("excinfo")) {
                    startResponse.start(Status.of(500), Headers.of("Content-Type", "text/plain"), failure);
                }
                throw failure;
            }
        };
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import java.io.ByteArrayOutputStream;

/**
 * A FastCGI request that arrived whole in what the reactor read: BEGIN_REQUEST (Responder), its
 * PARAMS records, the empty PARAMS, its STDIN records and the empty STDIN, and nothing after. This
 * is how nginx, Apache and most web servers send a request with a small body (or none), one per
 * connection turn; such a request needs no reader thread, since nothing of it is left to read.
 * Anything else (another shape, a second record stream, a limit passed) is left to the reader,
 * which also says what is wrong with it.
 */
final class WholeRequest {
    final int id;
    final boolean keepConn;
    /** The content of the PARAMS records, in order. */
    final byte[] params;
    /** The content of the STDIN records, in order (empty without a body). */
    final byte[] stdin;

    private WholeRequest(int id, boolean keepConn, byte[] params, byte[] stdin) {
        this.id = id;
        this.keepConn = keepConn;
        this.params = params;
        this.stdin = stdin;
    }

    /** The request {@code arrived} holds exactly, or null when it holds anything else. */
    static WholeRequest find(Arrived arrived, GatewayConfig config) {
        int end = arrived.length();
        if (end < 8 || version(arrived, 0) != FastCgiRecord.VERSION || type(arrived, 0) != FastCgiRecord.BEGIN_REQUEST
                || content(arrived, 0) != 8 || next(arrived, 0) > end) {
            return null;
        }
        int id = id(arrived, 0);
        int role = (arrived.at(8) & 0xff) << 8 | arrived.at(9) & 0xff;
        if (id == FastCgiRecord.NULL_REQUEST_ID || role != FastCgiRecord.ROLE_RESPONDER) {
            return null;
        }
        boolean keepConn = (arrived.at(10) & FastCgiRecord.FLAG_KEEP_CONN) != 0;
        ByteArrayOutputStream params = new ByteArrayOutputStream(Math.min(end, 4096));
        int at = collect(arrived, next(arrived, 0), end, FastCgiRecord.PARAMS, id, params, config.maxParamsRecords(),
                config.maxParamsBytes());
        if (at < 0) {
            return null;
        }
        ByteArrayOutputStream stdin = new ByteArrayOutputStream(end - at);
        at = collect(arrived, at, end, FastCgiRecord.STDIN, id, stdin, Integer.MAX_VALUE, Long.MAX_VALUE);
        if (at != end) {
            return null; // incomplete, or more follows: the reader sorts it out
        }
        return new WholeRequest(id, keepConn, params.toByteArray(), stdin.toByteArray());
    }

    /**
     * Gathers the stream of {@code type} for request {@code id} that starts at {@code at}, through its
     * empty end record; returns where the next record starts, or -1 when the stream is not complete
     * there, holds another record, or passes a limit.
     */
    private static int collect(Arrived a, int at, int end, int type, int id, ByteArrayOutputStream into,
            int maxRecords, long maxBytes) {
        int records = 0;
        while (true) {
            if (end - at < 8 || version(a, at) != FastCgiRecord.VERSION || type(a, at) != type || id(a, at) != id
                    || next(a, at) > end) {
                return -1;
            }
            int n = content(a, at);
            if (n == 0) {
                return next(a, at);
            }
            if (++records > maxRecords || into.size() + (long) n > maxBytes) {
                return -1;
            }
            a.copy(at + 8, n, into);
            at = next(a, at);
        }
    }

    private static int version(Arrived a, int at) {
        return a.at(at) & 0xff;
    }

    private static int type(Arrived a, int at) {
        return a.at(at + 1) & 0xff;
    }

    private static int id(Arrived a, int at) {
        return (a.at(at + 2) & 0xff) << 8 | a.at(at + 3) & 0xff;
    }

    private static int content(Arrived a, int at) {
        return (a.at(at + 4) & 0xff) << 8 | a.at(at + 5) & 0xff;
    }

    /** Where the record at {@code at} ends: header, content and padding. */
    private static int next(Arrived a, int at) {
        return at + 8 + content(a, at) + (a.at(at + 6) & 0xff);
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;


/**
 * A FastCGI request that arrived whole in what the reactor read: BEGIN_REQUEST (Responder), its
 * PARAMS records, the empty PARAMS, its STDIN records and the empty STDIN, and nothing after. This
 * is how nginx, Apache and most web servers send a request with a small body (or none), one per
 * connection turn; such a request needs no reader thread, since nothing of it is left to read.
 * Anything else (another shape, a second record stream, a limit passed) is left to the reader,
 * which also says what is wrong with it.
 */
final class WholeRequest {
    private static final byte[] NONE = new byte[0];

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
        if (!beginsAResponder(arrived, end)) {
            return null;
        }
        int id = id(arrived, 0);
        boolean keepConn = (arrived.at(10) & FastCgiRecord.FLAG_KEEP_CONN) != 0;
        int paramsAt = next(arrived, 0);
        long paramsLength = measure(arrived, paramsAt, end, FastCgiRecord.PARAMS, id, config.maxParamsRecords(),
                config.maxParamsBytes());
        if (paramsLength < 0) {
            return null;
        }
        int stdinAt = after(arrived, paramsAt);
        long stdinLength = measure(arrived, stdinAt, end, FastCgiRecord.STDIN, id, Integer.MAX_VALUE, Long.MAX_VALUE);
        if (stdinLength < 0 || after(arrived, stdinAt) != end) {
            return null; // incomplete, or more follows: the reader sorts it out
        }
        return new WholeRequest(id, keepConn, gather(arrived, paramsAt, (int) paramsLength),
                gather(arrived, stdinAt, (int) stdinLength));
    }

    /**
     * The content of the PARAMS of the request {@code arrived} begins with, when they are whole there
     * and within the limits (its STDIN may still be arriving); else null.
     */
    static byte[] params(Arrived arrived, GatewayConfig config) {
        int end = arrived.length();
        if (!beginsAResponder(arrived, end)) {
            return null;
        }
        int paramsAt = next(arrived, 0);
        long length = measure(arrived, paramsAt, end, FastCgiRecord.PARAMS, id(arrived, 0), config.maxParamsRecords(),
                config.maxParamsBytes());
        return length < 0 ? null : gather(arrived, paramsAt, (int) length);
    }

    /** Whether {@code a} starts with a whole BEGIN_REQUEST of a Responder for a request id. */
    private static boolean beginsAResponder(Arrived a, int end) {
        if (end < 8 || version(a, 0) != FastCgiRecord.VERSION || type(a, 0) != FastCgiRecord.BEGIN_REQUEST
                || content(a, 0) != 8 || next(a, 0) > end) {
            return false;
        }
        int role = (a.at(8) & 0xff) << 8 | a.at(9) & 0xff;
        return id(a, 0) != FastCgiRecord.NULL_REQUEST_ID && role == FastCgiRecord.ROLE_RESPONDER;
    }

    /**
     * The content length of the stream of {@code type} for request {@code id} that starts at
     * {@code at}, through its empty end record; -1 when the stream is not complete there, holds
     * another record, or passes a limit.
     */
    private static long measure(Arrived a, int at, int end, int type, int id, int maxRecords, long maxBytes) {
        int records = 0;
        long bytes = 0;
        while (true) {
            if (end - at < 8 || version(a, at) != FastCgiRecord.VERSION || type(a, at) != type || id(a, at) != id
                    || next(a, at) > end) {
                return -1;
            }
            int n = content(a, at);
            if (n == 0) {
                return bytes;
            }
            bytes += n;
            if (++records > maxRecords || bytes > maxBytes) {
                return -1;
            }
            at = next(a, at);
        }
    }

    /** Where the stream that starts at {@code at} and passed {@link #measure} ends: after its empty record. */
    private static int after(Arrived a, int at) {
        while (content(a, at) != 0) {
            at = next(a, at);
        }
        return next(a, at);
    }

    /** The content of the measured stream that starts at {@code at}, {@code length} bytes, in one array. */
    private static byte[] gather(Arrived a, int at, int length) {
        if (length == 0) {
            return NONE;
        }
        byte[] out = new byte[length];
        for (int filled = 0; filled < length; at = next(a, at)) {
            int n = content(a, at);
            a.copy(at + 8, n, out, filled);
            filled += n;
        }
        return out;
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

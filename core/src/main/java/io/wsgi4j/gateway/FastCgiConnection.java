// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.Application;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection from the web server. Its thread reads records and routes them; each request runs
 * on its own thread, so requests multiplexed on the connection proceed concurrently. Writes from
 * those threads are serialised by a lock, whole records at a time. A malformed stream closes this
 * connection only.
 */
final class FastCgiConnection implements Runnable {
    private static final System.Logger LOG = System.getLogger("io.wsgi4j.gateway");

    private final SocketChannel channel;
    private final Application app;
    private final GatewayConfig config;
    private final Workers workers;
    private final Runnable onClose;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Map<Integer, FastCgiRequest> requests = new ConcurrentHashMap<>();
    /** Requests begun and not yet finished, including one whose END_REQUEST is being written. */
    private final java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();
    private final FastCgiRecordWriter management = new FastCgiRecordWriter();
    private final Object state = new Object();
    private boolean readerDone;
    private boolean closeWhenIdle;
    private boolean closed;

    FastCgiConnection(SocketChannel channel, Application app, GatewayConfig config, Workers workers,
            Runnable onClose) {
        this.channel = channel;
        this.app = app;
        this.config = config;
        this.workers = workers;
        this.onClose = onClose;
    }

    @Override
    public void run() {
        FastCgiRecordReader reader = new FastCgiRecordReader(new BufferedInputStream(ChannelIO.in(channel), 16 * 1024));
        try {
            FastCgiRecord record;
            while ((record = reader.read()) != null) {
                dispatch(record);
            }
            endOfInput();
        } catch (GatewayProtocolException | EOFException e) {
            LOG.log(System.Logger.Level.WARNING, "closing a FastCGI connection: " + e.getMessage());
            abortAll("the FastCGI connection was closed: " + e.getMessage());
            close();
        } catch (ClosedChannelException e) {
            abortAll("the FastCGI connection was closed");
        } catch (IOException e) {
            abortAll("the FastCGI connection failed: " + e);
        }
    }

    private void dispatch(FastCgiRecord r) throws IOException {
        if (r.requestId() == FastCgiRecord.NULL_REQUEST_ID) {
            management(r);
            return;
        }
        FastCgiRequest request = requests.get(r.requestId());
        switch (r.type()) {
            case FastCgiRecord.BEGIN_REQUEST:
                begin(r, request);
                break;
            case FastCgiRecord.PARAMS:
                if (request != null && request.params(r.content(), app)) {
                    workers.request(request);
                }
                break;
            case FastCgiRecord.STDIN:
                if (request != null) {
                    request.stdin(r.content());
                }
                break;
            case FastCgiRecord.ABORT_REQUEST:
                if (request != null) {
                    abort(request);
                }
                break;
            default:
                // DATA (a Filter's stream), or any record for a request that has ended: ignored
                break;
        }
    }

    private void begin(FastCgiRecord r, FastCgiRequest existing) throws IOException {
        if (r.content().length < 8) {
            throw new GatewayProtocolException("BEGIN_REQUEST needs an 8-byte body, got " + r.content().length);
        }
        if (existing != null) {
            throw new GatewayProtocolException("BEGIN_REQUEST for request " + r.requestId()
                    + ", which is still active on this connection");
        }
        boolean keepConn = (r.flags() & FastCgiRecord.FLAG_KEEP_CONN) != 0;
        int refusal = r.role() != FastCgiRecord.ROLE_RESPONDER ? FastCgiRecord.UNKNOWN_ROLE
                : active.get() >= config.maxRequestsPerConnection() ? FastCgiRecord.OVERLOADED : -1;
        if (refusal >= 0) {
            management.endRequest(r.requestId(), 0, refusal);
            sendManagement();
            if (!keepConn) {
                requestClose();
            }
            return;
        }
        active.incrementAndGet();
        requests.put(r.requestId(), new FastCgiRequest(this, config, r.requestId(), keepConn));
    }

    private void abort(FastCgiRequest request) {
        if (request.started()) {
            request.abort("the web server aborted the request (FCGI_ABORT_REQUEST)");
        } else {
            // the application never saw it: end it here
            requests.remove(request.id());
            active.decrementAndGet();
            management.endRequest(request.id(), 0, FastCgiRecord.REQUEST_COMPLETE);
            try {
                sendManagement();
            } catch (IOException ignored) {
                // the connection is failing; the reader will see it
            }
            if (!request.keepConn()) {
                requestClose();
            }
        }
    }

    private void management(FastCgiRecord r) throws IOException {
        if (r.type() == FastCgiRecord.GET_VALUES) {
            Map<String, String> asked = FastCgiParams.decode(r.content(), r.content().length);
            Map<String, String> answer = new LinkedHashMap<>();
            for (String name : asked.keySet()) {
                String value = value(name);
                if (value != null) {
                    answer.put(name, value);
                }
            }
            byte[] body = FastCgiParams.encode(answer);
            management.record(FastCgiRecord.GET_VALUES_RESULT, 0, body, 0, body.length);
        } else {
            management.unknownType(r.type());
        }
        sendManagement();
    }

    private String value(String name) {
        switch (name) {
            case "FCGI_MAX_CONNS":
                return Integer.toString(config.maxConnections());
            case "FCGI_MAX_REQS":
                long reqs = (long) config.maxConnections() * config.maxRequestsPerConnection();
                return Long.toString(Math.min(reqs, Integer.MAX_VALUE));
            case "FCGI_MPXS_CONNS":
                return "1";
            default:
                return null;
        }
    }

    private void sendManagement() throws IOException {
        try {
            write(management.buffer(), 0, management.length());
        } finally {
            management.clear();
        }
    }

    /** Writes whole records; called by request threads and the reader. */
    void write(byte[] b, int off, int n) throws IOException {
        writeLock.lock();
        try {
            ChannelIO.writeFully(channel, b, off, n);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * A request is about to write its END_REQUEST: its id is free from now on, since a web server may
     * reuse it as soon as END_REQUEST arrives (nginx does, on kept connections).
     */
    void forget(FastCgiRequest request) {
        requests.remove(request.id());
    }

    /** A request's END_REQUEST is written. */
    void finished(FastCgiRequest request) {
        active.decrementAndGet();
        if (!request.keepConn()) {
            requestClose();
        } else {
            closeIfDone();
        }
    }

    /**
     * A request's response was cut short after its headers and it sent no END_REQUEST (R5.4). Closing
     * is not enough: without keep-conn, or unbuffered, nginx takes an orderly close for the end of
     * the response and ends the client's response cleanly. So over TCP the connection is reset,
     * which nginx reports as an upstream failure. A Unix socket has no reset; there a record that no
     * response stream may hold (UNKNOWN_TYPE, a management record) goes first, which nginx rejects
     * ("upstream sent unexpected FastCGI request id"), failing the response. Other requests on the
     * connection are aborted with it.
     */
    void cutShort(FastCgiRequest request) {
        if (!ChannelIO.resetOnClose(channel)) {
            FastCgiRecordWriter poison = new FastCgiRecordWriter(); // not the reader thread's writer
            poison.unknownType(0);
            try {
                write(poison.buffer(), 0, poison.length());
            } catch (IOException ignored) {
                // the web server is gone: nothing to tell
            }
        }
        active.decrementAndGet();
        abortAll("another request on this connection was cut short mid-response");
        close();
    }

    /** Closes the connection once no request is active (graceful shutdown, or after a non-keep-conn request). */
    void requestClose() {
        synchronized (state) {
            closeWhenIdle = true;
        }
        closeIfDone();
    }

    private void endOfInput() {
        synchronized (state) {
            readerDone = true;
        }
        for (FastCgiRequest r : requests.values()) {
            if (r.started()) {
                r.inputLost();
            } else if (requests.remove(r.id()) != null) {
                active.decrementAndGet(); // never ran: nobody is waiting for it
            }
        }
        closeIfDone();
    }

    private void closeIfDone() {
        synchronized (state) {
            if (!(readerDone || closeWhenIdle) || active.get() > 0) {
                return;
            }
        }
        close();
    }

    private void abortAll(String why) {
        synchronized (state) {
            readerDone = true;
        }
        for (FastCgiRequest r : requests.values()) {
            if (r.started()) {
                r.abort(why);
            } else if (requests.remove(r.id()) != null) {
                active.decrementAndGet();
            }
        }
        closeIfDone();
    }

    void close() {
        synchronized (state) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
        onClose.run();
    }
}

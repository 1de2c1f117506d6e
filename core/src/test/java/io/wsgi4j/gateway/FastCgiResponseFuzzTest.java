// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.Write;
import io.wsgi4j.server.ThreadMode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Randomized, but reproducible from its seed, end to end over real sockets: the FastCGI gateway
 * lends its record buffers from request to request on a connection, so each response must arrive
 * exactly as its own, whatever ran before it or beside it. Several client threads each keep a
 * connection (FCGI_KEEP_CONN) and send batches of requests, several at once with their records
 * interleaved and cut into random writes; request ids are reused as soon as their END_REQUEST
 * arrived; bodies of the sizes around a record's (65528 content bytes) come back as a list, through
 * the write callable in flushed pieces, or lazily; some requests carry STDIN in several records and
 * some are aborted (FCGI_ABORT_REQUEST) while they are sent or once their response began (the
 * application then waits, bounded, until the client sent the abort, so that it lands mid-response).
 * Every body byte derives from the request's id and its own seed, so a byte of another response is
 * seen; each request must get exactly one END_REQUEST and no record after it, and every connection
 * and a new one must still serve afterwards. Requests run inline and (PLATFORM) on a small pool.
 *
 * <p>The plan (what each client sends) follows from the seed; the timing does not. A failure names
 * the seed, the connection and the request.
 */
class FastCgiResponseFuzzTest {
    private static final int[] SIZES = {0, 1, 7, 8, 65_527, 65_528, 65_529, 200_000};
    private static final int CONNECTIONS = 4;
    private static final int BATCHES = 24;
    private static final int MAX_IN_FLIGHT = 4;
    /** Request ids drawn from 1..IDS, so that ids are reused on a connection. */
    private static final int IDS = 6;
    /** The longest wait for anything (an END_REQUEST, a client thread): a hang fails, it does not block. */
    private static final long WAIT_SECONDS = 30;

    /** Counted down once the client sent the abort of the request of this seed (those aborted mid-response). */
    private static final Map<Long, CountDownLatch> ABORT_SENT = new ConcurrentHashMap<>();
    private static final Queue<String> APP_ERRORS = new ConcurrentLinkedQueue<>();

    private FastCgiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown();
        }
    }

    @ParameterizedTest
    @CsvSource({"1, AUTO", "24301, AUTO", "20261207, AUTO", "7, PLATFORM"})
    void everyResponseOnKeptMultiplexedConnectionsIsExactlyItsOwn(long seed, ThreadMode mode) throws Exception {
        // PLATFORM: requests run on a small pool, never inline on the reactor thread
        server = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), FastCgiResponseFuzzTest::app,
                GatewayConfig.builder().allowedPeers(List.of()).maxMultiplexedRequests(MAX_IN_FLIGHT + 1)
                        .threadMode(mode).workers(4).build())
                .start();
        ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<String>> done = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                int connection = c;
                done.add(clients.submit(() -> new Client(seed, connection, server.port()).run()));
            }
            List<String> failures = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                try {
                    String failure = done.get(c).get(WAIT_SECONDS * 2, TimeUnit.SECONDS);
                    if (failure != null) {
                        failures.add(failure);
                    }
                } catch (TimeoutException e) {
                    failures.add("seed " + seed + ", connection " + c + ": the client did not finish in "
                            + WAIT_SECONDS * 2 + " s");
                }
            }
            failures.addAll(APP_ERRORS);
            if (!failures.isEmpty()) {
                fail(String.join("\n", failures));
            }
        } finally {
            clients.shutdownNow();
            ABORT_SENT.values().forEach(CountDownLatch::countDown); // after a failure: no application waits on
            ABORT_SENT.clear();
            APP_ERRORS.clear();
        }
        // the gateway still serves a new connection, one request at a time and several at once
        try (Client after = new Client(seed, CONNECTIONS, server.port())) {
            String failure = after.plain(200_000);
            assertEquals(null, failure);
        }
    }

    // ================================================================= the application

    /**
     * Reads the body whole, then answers with the body the query string describes: {@code seed},
     * {@code size} and {@code mode} (0 a list, 1 the write callable, 2 a lazy iterable, 3 both).
     */
    static Iterable<byte[]> app(Environ env, StartResponse sr) throws IOException, InterruptedException {
        Map<String, String> q = query(env.queryString());
        long seed = Long.parseLong(q.get("seed"));
        int size = Integer.parseInt(q.get("size"));
        int mode = Integer.parseInt(q.get("mode"));
        CRC32 crc = new CRC32();
        long stdin = 0;
        InputStream in = env.input();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) >= 0; ) {
            crc.update(buf, 0, n);
            stdin += n;
        }
        byte[] body = body(seed, size);
        Write write = sr.start(Status.OK, Headers.of("Content-Type", "application/octet-stream",
                "Content-Length", Integer.toString(size), "X-Seed", Long.toString(seed),
                "X-Stdin", stdin + "-" + crc.getValue()));
        List<byte[]> pieces = pieces(body, new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L));
        switch (mode) {
            case 0:
                return pieces;
            case 1:
                CountDownLatch abortSent = ABORT_SENT.get(seed);
                for (byte[] piece : pieces) {
                    write.write(piece);
                    if (abortSent != null && piece.length > 0) {
                        // the client aborts once the first STDOUT record came: the rest of the response
                        // meets the abort somewhere (when the gateway has read it), mid-record or between
                        if (!abortSent.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                            APP_ERRORS.add("the client did not abort the request of seed " + seed);
                        }
                        abortSent = null;
                    }
                }
                return Body.empty();
            case 2:
                return pieces::iterator; // not a Collection: each chunk is flushed
            default:
                int half = pieces.size() / 2;
                for (byte[] piece : pieces.subList(0, half)) {
                    write.write(piece);
                }
                return new ArrayList<>(pieces.subList(half, pieces.size()));
        }
    }

    /** The body of the request with {@code seed} (which includes its id): no two requests' bodies share a run. */
    static byte[] body(long seed, int size) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /** The body in pieces of the sizes around a record's, empty ones too. */
    private static List<byte[]> pieces(byte[] body, SplittableRandom r) {
        List<byte[]> pieces = new ArrayList<>();
        int at = 0;
        while (at < body.length) {
            int n = r.nextInt(4) == 0 ? r.nextInt(1, 20_000) : SIZES[r.nextInt(SIZES.length)];
            n = Math.min(n, body.length - at);
            pieces.add(Arrays.copyOfRange(body, at, at + n));
            at += n;
        }
        return pieces;
    }

    private static Map<String, String> query(String q) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            m.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return m;
    }

    static byte[] expected(long seed, int size, byte[] stdin) {
        CRC32 crc = new CRC32();
        crc.update(stdin);
        String head = "Status: 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + size
                + "\r\nX-Seed: " + seed + "\r\nX-Stdin: " + stdin.length + "-" + crc.getValue() + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(h, h.length + size);
        System.arraycopy(body(seed, size), 0, all, h.length, size);
        return all;
    }

    // ================================================================= the client

    /** One request in flight: what was sent, and what came back for it. */
    private static final class Request {
        final int id;
        final long seed;
        final int size;
        final int mode;
        final byte[] stdin;
        /** Abort once this many STDOUT records arrived (0: not so). */
        final int abortAfterOutput;
        volatile boolean aborted;
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int stdoutRecords;
        int appStatus = -1;
        int protocolStatus = -1;
        final CountDownLatch ended = new CountDownLatch(1);

        Request(int id, long seed, int size, int mode, byte[] stdin, int abortAfterOutput) {
            this.id = id;
            this.seed = seed;
            this.size = size;
            this.mode = mode;
            this.stdin = stdin;
            this.abortAfterOutput = abortAfterOutput;
        }

        @Override
        public String toString() {
            return "request " + id + " (seed " + seed + ", size " + size + ", mode " + mode + ", stdin "
                    + stdin.length + (aborted ? ", aborted" : "") + ")";
        }
    }

    /** A connection with its own thread reading records, routed to the requests in flight by id. */
    private static final class Client implements AutoCloseable {
        private final long seed;
        private final int connection;
        private final SplittableRandom random;
        private final Socket socket;
        private final OutputStream out;
        private final Object writeLock = new Object();
        /** Whether the plan's thread is writing a batch; the reader's aborts then wait in {@link #aborts}. */
        private boolean sending;
        private final Queue<Request> aborts = new ArrayDeque<>();
        private final Map<Integer, Request> inFlight = new ConcurrentHashMap<>();
        private final Queue<String> errors = new ConcurrentLinkedQueue<>();
        private final Thread reader;
        private long counter;

        Client(long seed, int connection, int port) throws IOException {
            this.seed = seed;
            this.connection = connection;
            this.random = new SplittableRandom(seed * 1_000_003L + connection);
            this.socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            this.out = socket.getOutputStream();
            this.reader = new Thread(this::readRecords, "fuzz-reader-" + connection);
            reader.setDaemon(true);
            reader.start();
        }

        /** Runs the plan; returns null when every response was exactly right, else what went wrong. */
        String run() throws Exception {
            try {
                for (int batch = 0; batch < BATCHES; batch++) {
                    String failure = batch(batch);
                    if (failure != null) {
                        return failure;
                    }
                }
                return plain(random.nextInt(0, 70_000)); // the connection still serves after it all
            } finally {
                close();
            }
        }

        /** One request alone, whole in one write, not aborted. */
        String plain(int size) throws Exception {
            long s = seed * 31 + ++counter;
            Request r = new Request(1, s, size, 1, new byte[0], 0);
            inFlight.put(r.id, r);
            write(Wire.whole(r, query(r)));
            return check(List.of(r), "a last request");
        }

        private String batch(int batch) throws Exception {
            int count = random.nextInt(1, MAX_IN_FLIGHT + 1);
            List<Integer> ids = new ArrayList<>();
            while (ids.size() < count) {
                int id = random.nextInt(1, IDS + 1);
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
            List<Request> requests = new ArrayList<>();
            List<List<byte[]>> records = new ArrayList<>();
            for (int id : ids) {
                long s = (seed * 1_000_003L + connection) * 1_000_003L + ++counter * 65_536 + id;
                int size = random.nextInt(3) == 0 ? random.nextInt(0, 150_000) : SIZES[random.nextInt(SIZES.length)];
                int stdinSize = random.nextInt(3) != 0 ? 0 : random.nextInt(2) == 0 ? random.nextInt(1, 300)
                        : random.nextInt(1, 140_000);
                byte[] stdin = body(~s, stdinSize);
                boolean abortMidResponse = random.nextInt(10) == 0;
                Request r = new Request(id, s, size, abortMidResponse ? 1 : random.nextInt(4), stdin,
                        abortMidResponse ? 1 : 0);
                if (abortMidResponse) {
                    ABORT_SENT.put(s, new CountDownLatch(1));
                }
                List<byte[]> recs = Wire.records(r, query(r), random);
                if (!abortMidResponse && random.nextInt(8) == 0) {
                    // aborted while it is sent, or (at the end) while it runs
                    int at = random.nextInt(1, recs.size() + 1);
                    recs = new ArrayList<>(recs.subList(0, at));
                    recs.add(Wire.record(FastCgiRecord.ABORT_REQUEST, id, new byte[0], 0, 0));
                    r.aborted = true;
                }
                requests.add(r);
                records.add(recs);
                inFlight.put(id, r);
            }
            // the records of the batch interleaved at random, each request's in order, then cut into random writes
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            int[] next = new int[count];
            for (int left = records.stream().mapToInt(List::size).sum(); left > 0; left--) {
                int k;
                do {
                    k = random.nextInt(count);
                } while (next[k] == records.get(k).size());
                wire.write(records.get(k).get(next[k]++));
            }
            byte[] bytes = wire.toByteArray();
            int cuts = random.nextInt(3) == 0 ? 0 : random.nextInt(1, 6);
            int[] at = new int[cuts + 2];
            for (int i = 1; i <= cuts; i++) {
                at[i] = random.nextInt(bytes.length + 1);
            }
            at[cuts + 1] = bytes.length;
            Arrays.sort(at);
            synchronized (writeLock) {
                sending = true; // the reader's aborts wait: a record cut in two must not have one between its parts
            }
            for (int i = 0; i + 1 < at.length; i++) {
                if (at[i + 1] > at[i]) {
                    out.write(bytes, at[i], at[i + 1] - at[i]);
                    out.flush();
                }
            }
            synchronized (writeLock) {
                List<Request> sent = new ArrayList<>(aborts);
                aborts.clear();
                for (Request r : sent) {
                    out.write(Wire.record(FastCgiRecord.ABORT_REQUEST, r.id, new byte[0], 0, 0));
                }
                out.flush();
                sending = false;
                sent.forEach(Client::abortSent);
            }
            return check(requests, "batch " + batch);
        }

        /** Waits (bounded) for each request's END_REQUEST, then compares what came back with what must. */
        private String check(List<Request> requests, String where) throws InterruptedException {
            String prefix = "seed " + seed + ", connection " + connection + ", " + where + ": ";
            for (Request r : requests) {
                if (!r.ended.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    return prefix + r + " got no END_REQUEST in " + WAIT_SECONDS + " s (" + r.stdout.size()
                            + " STDOUT bytes so far); errors: " + errors;
                }
            }
            if (!errors.isEmpty()) {
                return prefix + errors;
            }
            for (Request r : requests) {
                if (r.protocolStatus < 0) {
                    return prefix + r + " got no END_REQUEST before the connection ended";
                }
            }
            for (Request r : requests) {
                byte[] want = expected(r.seed, r.size, r.stdin);
                byte[] got;
                synchronized (r) {
                    got = r.stdout.toByteArray();
                }
                if (r.protocolStatus != FastCgiRecord.REQUEST_COMPLETE) {
                    return prefix + r + " ended with protocol status " + r.protocolStatus;
                }
                if (r.aborted) {
                    int diff = Arrays.mismatch(got, 0, got.length, want, 0, Math.min(got.length, want.length));
                    if (got.length > want.length || diff >= 0) {
                        return prefix + r + ": its STDOUT is not a prefix of its response: " + difference(got, want);
                    }
                } else {
                    if (!Arrays.equals(got, want)) {
                        return prefix + r + ": wrong response: " + difference(got, want);
                    }
                    if (r.appStatus != 0) {
                        return prefix + r + " ended with app status " + r.appStatus;
                    }
                }
            }
            return null;
        }

        private static String difference(byte[] got, byte[] want) {
            int at = Arrays.mismatch(got, want);
            int from = Math.max(0, at - 16);
            return got.length + " bytes instead of " + want.length + ", first difference at " + at + ": got "
                    + show(got, from, at + 16) + ", want " + show(want, from, at + 16);
        }

        private static String show(byte[] b, int from, int to) {
            return new String(b, Math.min(from, b.length), Math.min(to, b.length) - Math.min(from, b.length),
                    StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n");
        }

        private void write(byte[] bytes) throws IOException {
            synchronized (writeLock) {
                out.write(bytes);
                out.flush();
            }
        }

        private void readRecords() {
            try {
                readUntilEnd();
            } finally {
                for (Request r : inFlight.values()) {
                    r.ended.countDown(); // no END_REQUEST can come any more: the plan's thread sees errors at once
                }
            }
        }

        private void readUntilEnd() {
            try {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                byte[] header = new byte[8];
                while (true) {
                    try {
                        in.readFully(header);
                    } catch (EOFException e) {
                        if (!inFlight.isEmpty()) {
                            errors.add("the gateway closed the connection with " + inFlight.values() + " in flight");
                        }
                        return;
                    }
                    int type = header[1] & 0xff;
                    int id = (header[2] & 0xff) << 8 | header[3] & 0xff;
                    byte[] content = new byte[(header[4] & 0xff) << 8 | header[5] & 0xff];
                    in.readFully(content);
                    in.skipNBytes(header[6] & 0xff);
                    if (header[0] != 1) {
                        errors.add("a record of version " + header[0]);
                        return;
                    }
                    Request r = inFlight.get(id);
                    if (r == null) {
                        errors.add("a record of type " + type + " for request " + id + ", which is not in flight");
                        return; // every error ends the reading, so that the plan's thread stops waiting at once
                    }
                    if (type == FastCgiRecord.STDOUT) {
                        synchronized (r) {
                            r.stdout.write(content);
                        }
                        if (content.length > 0 && ++r.stdoutRecords == r.abortAfterOutput) {
                            r.aborted = true;
                            synchronized (writeLock) {
                                if (sending) {
                                    aborts.add(r); // written, and the application told, after the batch
                                    continue;
                                }
                                write(Wire.record(FastCgiRecord.ABORT_REQUEST, id, new byte[0], 0, 0));
                            }
                            abortSent(r);
                        }
                    } else if (type == FastCgiRecord.END_REQUEST) {
                        if (content.length != 8) {
                            errors.add("an END_REQUEST of " + content.length + " bytes for " + r);
                            return;
                        }
                        r.appStatus = (content[0] & 0xff) << 24 | (content[1] & 0xff) << 16
                                | (content[2] & 0xff) << 8 | content[3] & 0xff;
                        r.protocolStatus = content[4] & 0xff;
                        inFlight.remove(id);
                        r.ended.countDown();
                    } else if (type != FastCgiRecord.STDERR) {
                        errors.add("a record of type " + type + " for " + r);
                        return;
                    }
                }
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    errors.add("reading failed: " + e);
                }
            }
        }

        private static void abortSent(Request r) {
            ABORT_SENT.remove(r.seed).countDown();
        }

        private static String query(Request r) {
            return "seed=" + r.seed + "&size=" + r.size + "&mode=" + r.mode;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** The records of a request, encoded independently of the gateway's writer. */
    private static final class Wire {
        static List<byte[]> records(Request r, String query, SplittableRandom random) {
            List<byte[]> recs = new ArrayList<>();
            recs.add(record(FastCgiRecord.BEGIN_REQUEST, r.id, new byte[] {0, (byte) FastCgiRecord.ROLE_RESPONDER,
                (byte) FastCgiRecord.FLAG_KEEP_CONN, 0, 0, 0, 0, 0}, 0, 8));
            byte[] params = params(query, r.stdin.length);
            int[] cuts = cuts(params.length, random.nextInt(1, 4), random);
            for (int i = 0; i + 1 < cuts.length; i++) {
                recs.add(record(FastCgiRecord.PARAMS, r.id, params, cuts[i], cuts[i + 1] - cuts[i]));
            }
            recs.add(record(FastCgiRecord.PARAMS, r.id, new byte[0], 0, 0));
            if (r.stdin.length > 0) {
                int records = Math.max(random.nextInt(1, 5), (r.stdin.length + 65_534) / 65_535);
                cuts = cuts(r.stdin.length, records, random);
                for (int i = 0; i + 1 < cuts.length; i++) {
                    for (int at = cuts[i]; at < cuts[i + 1]; at += 65_535) {
                        recs.add(record(FastCgiRecord.STDIN, r.id, r.stdin, at, Math.min(65_535, cuts[i + 1] - at)));
                    }
                }
            }
            recs.add(record(FastCgiRecord.STDIN, r.id, new byte[0], 0, 0));
            return recs;
        }

        static byte[] whole(Request r, String query) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (byte[] rec : records(r, query, new SplittableRandom(r.seed))) {
                b.writeBytes(rec);
            }
            return b.toByteArray();
        }

        /** {@code parts} non-empty parts of {@code length} bytes, as their boundaries. */
        private static int[] cuts(int length, int parts, SplittableRandom random) {
            parts = Math.min(parts, length);
            java.util.TreeSet<Integer> at = new java.util.TreeSet<>(List.of(0, length));
            while (at.size() < parts + 1) {
                at.add(random.nextInt(1, length));
            }
            return at.stream().mapToInt(Integer::intValue).toArray();
        }

        private static byte[] params(String query, int contentLength) {
            Map<String, String> p = new LinkedHashMap<>(FastCgiWire.get("/fuzz"));
            p.put("QUERY_STRING", query);
            if (contentLength > 0) {
                p.put("REQUEST_METHOD", "POST");
                p.put("CONTENT_LENGTH", Integer.toString(contentLength));
            }
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (Map.Entry<String, String> e : p.entrySet()) {
                byte[] name = e.getKey().getBytes(StandardCharsets.ISO_8859_1);
                byte[] value = e.getValue().getBytes(StandardCharsets.ISO_8859_1);
                length(b, name.length);
                length(b, value.length);
                b.writeBytes(name);
                b.writeBytes(value);
            }
            return b.toByteArray();
        }

        private static void length(ByteArrayOutputStream b, int n) {
            if (n < 128) {
                b.write(n);
            } else {
                b.write(0x80 | n >> 24);
                b.write(n >> 16);
                b.write(n >> 8);
                b.write(n);
            }
        }

        static byte[] record(int type, int id, byte[] content, int off, int n) {
            int pad = (8 - n % 8) % 8;
            byte[] r = new byte[8 + n + pad];
            r[0] = 1;
            r[1] = (byte) type;
            r[2] = (byte) (id >> 8);
            r[3] = (byte) id;
            r[4] = (byte) (n >> 8);
            r[5] = (byte) n;
            r[6] = (byte) pad;
            System.arraycopy(content, off, r, 8, n);
            return r;
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.contract;

import io.wsgi4j.PercentCodec;
import io.wsgi4j.gateway.FastCgiServer;
import io.wsgi4j.gateway.GatewayAddress;
import io.wsgi4j.testing.contract.ContractApp;
import io.wsgi4j.testing.contract.ContractResponse;
import io.wsgi4j.testing.contract.ContractTransport;
import io.wsgi4j.testing.contract.GatewayContract;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The gateway contract through the FastCGI reference client, Debian's {@code cgi-fcgi} (libfcgi-bin):
 * each request is a {@code cgi-fcgi -bind -connect} process given the CGI variables in its
 * environment and the body on stdin, which it forwards to the gateway as FastCGI records.
 */
class FastCgiCgiFcgiContractTest extends GatewayContract {
    private static final Path CGI_FCGI = Path.of("/usr/bin/cgi-fcgi");
    /**
     * cgi-fcgi's exit status when libfcgi reads a record whose version is not 1
     * ({@code FCGX_UNSUPPORTED_VERSION}, -2): what its misreading of a split header ends in.
     *
     * <p>cgi-fcgi (libfcgi 2.4.2, Debian 2.4.2-2+deb12u1) misreads a record header that
     * arrives split across two of its socket reads, so a long response through it is cut short
     * whenever the split happens (the gateway's stream is correct). In {@code AppServerReadHandler}
     * it completes a partial header with {@code memcpy(&header + headerLen, ptr, count)}: the
     * pointer arithmetic is in units of the 8-byte {@code FCGI_Header}, so the header's missing bytes
     * are copied to byte offset 8 * headerLen, outside the header, which keeps those bytes of the
     * previous record (content length, padding). It then takes that many bytes of content, reads content as
     * the next header and exits with {@code FCGX_UNSUPPORTED_VERSION} (-2, exit status 254) - after
     * an orderly drain of the socket, which is why our side saw no reset and no error.
     *
     * <p>Evidence. (1) Under load (6 busy loops on 2 cores), 1 of 15 runs of {@code cgi-fcgi -bind
     * -connect} against {@code ContractApp}'s {@code /big?n=16777216} ended short (14,090,332 bytes);
     * its strace: a read ending with 3 header bytes, the next read starting with the other 5
     * ({@code 01 ff f8 00 00}: content length 65,528), one 8-byte write of content (the length of the
     * 8-byte record before it: a 64 KiB chunk is sent as 65,528 + 8 bytes), then {@code
     * shutdown(3, SHUT_WR)}, reads of 1024 bytes to end of stream and {@code exit_group(-2)}.
     * (2) A fake application sending the same valid stream - a 44-byte head, an 8-byte STDOUT
     * record, a 16-byte one, END_REQUEST - with only the TCP segmentation changed (the 16-byte
     * record's header as 3 bytes, then 5 bytes 200 ms later) makes cgi-fcgi print 8 of the 16 bytes
     * and exit 254; sent unsplit it prints all of them and exits 0. No gateway-side change can
     * prevent it: the client's read boundaries are not ours to choose.
     *
     * (3) The exit status is not always this one. When the body is random bytes (the 10 MiB echo),
     * the bytes cgi-fcgi takes for the next header are random too: in 600 runs of the echo under load
     * (2026-12-06), 10 went wrong on cgi-fcgi's side while the relay below saw the gateway send a
     * well-formed stream: 5 exited 254, 3 exited 253 ({@code FCGX_PROTOCOL_ERROR}), 2 exited 0 having
     * printed the right number of bytes with some of them wrong. One of the 253s printed 4,456,540
     * bytes and closed its connection while the gateway was still sending, exactly the short echo
     * (4,456,456 body bytes) that had failed a full build.
     *
     * <p>So a run in which cgi-fcgi exits with this status, or in which the relay shows cgi-fcgi at
     * fault in another way ({@code judgeClient}), is aborted (reported as skipped, with the reason),
     * never passed or failed; every other run is judged. The same clauses run through nginx, which
     * would catch a malformed stream of the gateway.
     */
    private static final int MISREAD_HEADER_EXIT = 254;

    @Override
    protected ContractTransport openTransport() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CGI_FCGI), "cgi-fcgi not installed: apt-get install libfcgi-bin");
        ContractApp app = new ContractApp();
        // The clauses judge what the gateway sends, not its time limits (GatewayLimitsTest has those): 200
        // cgi-fcgi processes started at once on a loaded machine may take longer than the default 20 s
        // from their connection to the end of their PARAMS, and a gateway that closes such a connection
        // unanswered leaves cgi-fcgi nothing to print. The limit here is the harness's own wait.
        io.wsgi4j.gateway.GatewayConfig config = io.wsgi4j.gateway.GatewayConfig.builder()
                .headerTimeout(java.time.Duration.ofMinutes(2)).build();
        FastCgiServer gateway = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), app, config).start();
        // cgi-fcgi talks to the gateway through a relay that keeps what the gateway sent, so that a
        // response cgi-fcgi printed wrong can be told apart from one the gateway sent wrong
        RecordingRelay relay = new RecordingRelay(gateway.port());
        String connect = "127.0.0.1:" + relay.port();
        // the relay's latest recording is this request's only when no other request overlapped it
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicLong begun = new java.util.concurrent.atomic.AtomicLong();
        return new ContractTransport() {
            @Override
            public ContractResponse send(String method, String target, Map<String, String> headers, byte[] body)
                    throws Exception {
                // the response goes to a file, not a pipe, so that a slow reader here never stalls cgi-fcgi
                Path file = Files.createTempFile("wsgi4j-cgi-fcgi-", ".out");
                Path errors = Files.createTempFile("wsgi4j-cgi-fcgi-", ".err");
                boolean alone = running.incrementAndGet() == 1;
                long mine = begun.incrementAndGet();
                try {
                    Process p = start(method, target, headers, body == null ? -1 : body.length, file, errors);
                    CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> write(p, body));
                    if (!p.waitFor(2, TimeUnit.MINUTES)) {
                        p.destroyForcibly();
                        throw new AssertionError("cgi-fcgi did not finish " + method + " " + target);
                    }
                    upload.get(1, TimeUnit.MINUTES);
                    byte[] out = Files.readAllBytes(file);
                    alone &= begun.get() == mine; // and none began after this one
                    RecordingRelay.Recording sent = alone ? relay.latest() : null;
                    int exit = p.exitValue();
                    if (sent != null) {
                        judgeClient(method + " " + target, exit, out, sent,
                                new String(Files.readAllBytes(errors), StandardCharsets.ISO_8859_1));
                    }
                    if (exit == MISREAD_HEADER_EXIT) {
                        // cgi-fcgi's own fault, told by its exit status; the same clause runs through nginx
                        Assumptions.abort("cgi-fcgi exited " + MISREAD_HEADER_EXIT + " (FCGX_UNSUPPORTED_VERSION) after "
                                + out.length + " bytes of " + method + " " + target + ": libfcgi 2.4.2 misread a"
                                + " record header split across two of its reads (evidence at"
                                + " MISREAD_HEADER_EXIT); this run cannot judge the gateway");
                    }
                    if (exit != 0 && !new String(out, StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                        throw new AssertionError("cgi-fcgi exited " + exit + " having printed " + out.length
                                + " bytes, no CGI response head, for " + method + " " + target + "; its standard error: "
                                + new String(Files.readAllBytes(errors), StandardCharsets.ISO_8859_1).strip());
                    }
                    return parse(out);
                } finally {
                    running.decrementAndGet();
                    Files.deleteIfExists(file);
                    Files.deleteIfExists(errors);
                }
            }

            @Override
            public List<byte[]> arrivals(String target) throws Exception {
                Process p = start("GET", target, Map.of(), -1, null, null);
                p.getOutputStream().close();
                InputStream in = p.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                List<byte[]> pieces = new ArrayList<>();
                byte[] b = new byte[65536];
                int n;
                while ((n = in.read(b)) > 0) {
                    pieces.add(java.util.Arrays.copyOf(b, n));
                }
                p.waitFor(1, TimeUnit.MINUTES);
                // the CGI head arrives first; drop the pieces up to and including its end
                List<byte[]> body = new ArrayList<>();
                boolean inBody = false;
                for (byte[] piece : pieces) {
                    if (inBody) {
                        body.add(piece);
                        continue;
                    }
                    head.write(piece);
                    String text = head.toString(StandardCharsets.ISO_8859_1);
                    int end = text.indexOf("\r\n\r\n");
                    if (end >= 0) {
                        inBody = true;
                        byte[] rest = text.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
                        if (rest.length > 0) {
                            body.add(rest);
                        }
                    }
                }
                return body;
            }

            @Override
            public void abandonUpload(String target, long declaredLength, int sentBytes) throws Exception {
                Process p = start("POST", target, Map.of("Content-Type", "application/octet-stream"), declaredLength,
                        null, null);
                // cgi-fcgi takes stdin at its own pace, so the part of the body is written in the
                // background; the gateway has the request once its params arrived, which is when
                // the app can start reading — then the client dies mid-upload
                CompletableFuture.runAsync(() -> write(p, new byte[sentBytes]));
                long before = app.echoesStarted();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (app.echoesStarted() == before && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }

            @Override
            public long echoesCutShort() {
                return app.echoesCutShort();
            }

            @Override
            public void close() throws Exception {
                relay.close();
                gateway.shutdown();
            }

            private Process start(String method, String target, Map<String, String> headers, long length,
                    Path output, Path errors) throws IOException {
                int q = target.indexOf('?');
                Map<String, String> env = new LinkedHashMap<>();
                env.put("GATEWAY_INTERFACE", "CGI/1.1");
                env.put("REQUEST_METHOD", method);
                env.put("SCRIPT_NAME", "");
                env.put("PATH_INFO", PercentCodec.decode(q < 0 ? target : target.substring(0, q)));
                env.put("QUERY_STRING", q < 0 ? "" : target.substring(q + 1));
                env.put("REQUEST_URI", target);
                env.put("SERVER_NAME", "localhost");
                env.put("SERVER_PORT", "80");
                env.put("SERVER_PROTOCOL", "HTTP/1.1");
                env.put("REMOTE_ADDR", "127.0.0.1");
                env.put("HTTP_HOST", "localhost");
                if (length >= 0) {
                    env.put("CONTENT_LENGTH", Long.toString(length));
                }
                headers.forEach((name, value) -> {
                    String key = name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
                    env.put(key.equals("CONTENT_TYPE") ? key : "HTTP_" + key, value);
                });
                // values travel through sh and printf octal escapes, so every byte arrives as sent
                // (ProcessBuilder would re-encode non-ASCII characters in the platform charset)
                StringBuilder script = new StringBuilder();
                for (Map.Entry<String, String> e : env.entrySet()) {
                    script.append("export ").append(e.getKey()).append("=\"$(printf '");
                    for (byte c : e.getValue().getBytes(StandardCharsets.ISO_8859_1)) {
                        script.append('\\').append(Integer.toOctalString(c & 0xff));
                    }
                    script.append("')\"\n");
                }
                script.append("exec ").append(CGI_FCGI).append(" -bind -connect ").append(connect).append('\n');
                ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script.toString());
                pb.environment().clear();
                pb.environment().put("PATH", "/usr/bin:/bin");
                pb.redirectError(errors == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(errors.toFile()));
                if (output != null) {
                    pb.redirectOutput(output.toFile());
                }
                return pb.start();
            }
        };
    }

    /**
     * Compares what cgi-fcgi printed with what the gateway sent it (through the relay), for a request
     * that ran alone. A run is aborted, not judged, when cgi-fcgi is shown at fault: it printed
     * something other than the STDOUT of a whole, well-formed stream; or it failed and closed its
     * connection while the gateway was still sending a well-formed response (a misread of the
     * stream's record headers, see {@link #MISREAD_HEADER_EXIT}, ends that way whatever the exit
     * status: the bytes it then takes for a header are the response's own, so an echoed random body
     * need not make it exit 254). Any other run is judged; when cgi-fcgi failed, what the relay saw is
     * printed, so a judged failure says whose bytes were wrong.
     */
    private static void judgeClient(String request, int exit, byte[] out, RecordingRelay.Recording sent,
            String stderr) throws InterruptedException {
        RecordingRelay.Records gateway = RecordingRelay.Records.of(sent.await(30));
        RecordingRelay.Ending ending = sent.ending();
        String seen = "cgi-fcgi printed " + out.length + " bytes for " + request + " (exit status " + exit
                + (stderr.isBlank() ? "" : ", standard error: " + stderr.strip()) + "); the gateway sent "
                + gateway.stdout().length + " bytes of STDOUT in " + (gateway.wellFormed() ? "well-formed" : "MALFORMED")
                + " records, " + (gateway.endRequest() ? "with" : "without") + " END_REQUEST, and the relay's copy to"
                + " cgi-fcgi ended with " + ending;
        if (gateway.wellFormed() && gateway.endRequest() && !java.util.Arrays.equals(gateway.stdout(), out)) {
            Assumptions.abort(seen + "; first difference at byte " + java.util.Arrays.mismatch(gateway.stdout(), out)
                    + ": libfcgi misread a whole, well-formed stream (see MISREAD_HEADER_EXIT); this run cannot"
                    + " judge the gateway");
        }
        if (exit != 0 && gateway.wellFormed() && !gateway.endRequest() && ending == RecordingRelay.Ending.CLIENT_GONE) {
            Assumptions.abort(seen + ": cgi-fcgi gave up in the middle of a well-formed response that the gateway"
                    + " was still sending (see MISREAD_HEADER_EXIT); this run cannot judge the gateway");
        }
        if (exit != 0) {
            System.err.println(seen); // kept in the test report when the clause then fails
        }
    }

    /**
     * Writes the request body to cgi-fcgi's stdin. cgi-fcgi forwards stdin only while the response
     * is unfinished: once END_REQUEST and the end of the stream arrive it exits, whether or not it
     * read all of its stdin (an application may answer without reading the body). Then the pipe is
     * closed under this writer ({@code Broken pipe}, or {@code Stream closed} once the JDK has reaped
     * the process), and that is no failure: the response decides the test. A write failure while
     * cgi-fcgi still runs is one.
     */
    private static void write(Process p, byte[] body) {
        try (OutputStream stdin = p.getOutputStream()) {
            if (body != null) {
                stdin.write(body);
            }
        } catch (IOException e) {
            try {
                if (p.waitFor(1, TimeUnit.MINUTES)) {
                    return; // cgi-fcgi had its response and left; the send() assertions judge it
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw new java.io.UncheckedIOException("writing the body to a running cgi-fcgi failed", e);
        }
    }

    /** Parses a CGI response: a Status header (200 when absent), other headers, a blank line, the body. */
    private static ContractResponse parse(byte[] out) {
        String text = new String(out, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("cgi-fcgi printed no complete CGI response head: " + text);
        }
        int status = 200;
        List<String[]> headers = new ArrayList<>();
        for (String line : text.substring(0, end).split("\r\n")) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.substring(0, 3));
            } else {
                headers.add(new String[] {name, value});
            }
        }
        return new ContractResponse(status, headers, java.util.Arrays.copyOfRange(out, end + 4, out.length));
    }


    /** Flaky in 0.1 (the harness failed writing the body to a cgi-fcgi that had answered and exited); twenty runs. */
    @Override
    @RepeatedTest(20)
    public void envAnswersAnyMethodWithoutReadingTheBody() throws Exception {
        super.envAnswersAnyMethodWithoutReadingTheBody();
    }
}

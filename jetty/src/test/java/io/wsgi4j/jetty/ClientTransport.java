// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import io.wsgi4j.testing.contract.ContractApp;
import io.wsgi4j.testing.contract.ContractResponse;
import io.wsgi4j.testing.contract.ContractTransport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * The contract app reached with the JDK's HttpClient, which speaks HTTP/2 as h2c (by
 * {@code Upgrade: h2c}) or over TLS (by ALPN). Every response must come back in the expected
 * version: a transport that fell back to HTTP/1.1 fails the clause instead of passing it unnoticed.
 */
final class ClientTransport implements ContractTransport {
    /**
     * Requests in flight at once on one HTTP/2 connection: Jetty's default SETTINGS_MAX_CONCURRENT_STREAMS.
     * The JDK HttpClient does not queue a request beyond the server's limit (RFC 9113 section 5.1.2):
     * {@code Http2Connection.reserveStream} fails it with "too many concurrent streams". A browser
     * queues it, so this transport does the same instead of failing the 200-concurrent-requests clause.
     */
    private static final int HTTP2_STREAMS = 128;

    /** Over HTTP/1.1 the client opens a connection per concurrent request: no limit to respect there. */
    private final java.util.concurrent.Semaphore streams;
    private final HttpClient client;
    private final String base;
    private final HttpClient.Version expected;
    private final ContractApp app;
    private final AutoCloseable server;

    ClientTransport(HttpClient client, String base, HttpClient.Version expected, ContractApp app,
            AutoCloseable server) throws Exception {
        this.client = client;
        this.base = base;
        this.expected = expected;
        this.streams = new java.util.concurrent.Semaphore(
                expected == HttpClient.Version.HTTP_2 ? HTTP2_STREAMS : Integer.MAX_VALUE, true);
        this.app = app;
        this.server = server;
        // h2c is negotiated on a GET without a body; later requests share the upgraded connection
        send("GET", "/env", Map.of(), null);
    }

    @Override
    public ContractResponse send(String method, String target, Map<String, String> headers, byte[] body)
            throws Exception {
        HttpRequest.Builder request = request(target);
        headers.forEach(request::header);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<byte[]> response;
        streams.acquire();
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } finally {
            streams.release();
        }
        checkVersion(response);
        List<String[]> fields = new ArrayList<>();
        response.headers().map().forEach((name, values) -> {
            for (String v : values) {
                fields.add(new String[] {name, v});
            }
        });
        return new ContractResponse(response.statusCode(), fields, response.body());
    }

    @Override
    public List<byte[]> arrivals(String target) throws Exception {
        HttpResponse<List<byte[]>> response = client.send(request(target).GET().build(), info -> new Arrivals());
        checkVersion(response);
        return response.body();
    }

    @Override
    public void abandonUpload(String target, long declaredLength, int sentBytes) throws Exception {
        HttpRequest request = request(target).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.fromPublisher(new Abandoning(sentBytes), declaredLength)).build();
        CompletableFuture<HttpResponse<Void>> pending =
                client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            pending.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException expected) {
            // the client gave up on the upload: the stream was reset, which is the point
        }
    }

    @Override
    public long echoesCutShort() {
        return app.echoesCutShort();
    }

    @Override
    public void close() throws Exception {
        server.close();
    }

    private HttpRequest.Builder request(String target) {
        return HttpRequest.newBuilder(URI.create(base + target)).timeout(Duration.ofMinutes(2));
    }

    private void checkVersion(HttpResponse<?> response) throws IOException {
        if (response.version() != expected) {
            throw new IOException("expected " + expected + " but the response came over " + response.version());
        }
    }

    /** Each delivery of body bytes is one arrival. */
    private static final class Arrivals implements HttpResponse.BodySubscriber<List<byte[]>> {
        private final List<byte[]> arrivals = new ArrayList<>();
        private final CompletableFuture<List<byte[]>> done = new CompletableFuture<>();

        @Override
        public CompletionStage<List<byte[]>> getBody() {
            return done;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            int n = 0;
            for (ByteBuffer b : buffers) {
                n += b.remaining();
            }
            byte[] arrival = new byte[n];
            int at = 0;
            for (ByteBuffer b : buffers) {
                int r = b.remaining();
                b.get(arrival, at, r);
                at += r;
            }
            if (n > 0) {
                arrivals.add(arrival);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            done.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            done.complete(arrivals);
        }
    }

    /** A request body that delivers {@code sent} bytes and then fails, so the client resets the stream. */
    private static final class Abandoning implements Flow.Publisher<ByteBuffer> {
        private final int sent;

        Abandoning(int sent) {
            this.sent = sent;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            subscriber.onSubscribe(new Flow.Subscription() {
                private boolean delivered;

                @Override
                public void request(long n) {
                    if (!delivered) {
                        delivered = true;
                        subscriber.onNext(ByteBuffer.wrap(new byte[sent]));
                    } else {
                        subscriber.onError(new IOException("the test client abandons the upload"));
                    }
                }

                @Override
                public void cancel() {
                }
            });
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.jmh;

import io.wsgi4j.Environ;
import io.wsgi4j.Status;
import io.wsgi4j.Header;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Write;
import io.wsgi4j.handler.EnvironBuilder;
import java.util.List;

/** Request shapes shared by the benchmarks, so every figure is for the same request. */
final class Requests {
    /** A start_response that accepts anything: the benchmark measures the app side alone. */
    static final StartResponse IGNORE = new StartResponse() {
        @Override
        public Write start(Status status, List<Header> headers, Throwable excInfo) {
            return data -> { };
        }
    };

    private Requests() {}

    /**
     * The environ the reference server builds for wrk's request ({@code GET /plaintext}, Host only)
     * or, with {@code browser}, for a request with the eight headers a browser typically sends.
     */
    static Environ plaintext(boolean browser) {
        EnvironBuilder b = new EnvironBuilder()
                .method("GET").target("/plaintext").protocol("HTTP/1.1")
                .server("127.0.0.1", 8080).remote("127.0.0.1", 50123)
                .header("Host", "127.0.0.1:8080");
        if (browser) {
            b.header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0")
                    .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                    .header("Accept-Language", "en-GB,en;q=0.5")
                    .header("Accept-Encoding", "gzip, deflate, br, zstd")
                    .header("Connection", "keep-alive")
                    .header("Cookie", "session=abc123; theme=dark")
                    .header("Upgrade-Insecure-Requests", "1");
        }
        return b.build();
    }
}

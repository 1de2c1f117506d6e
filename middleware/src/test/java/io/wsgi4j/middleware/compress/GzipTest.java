// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import io.wsgi4j.handler.EnvironBuilder;
import io.wsgi4j.middleware.response.TestBodies;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GzipTest {
    private static final String BIG = "Hello, compressible world! ".repeat(100);

    private static String gunzip(byte[] data) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static TestResponse get(Application app, String acceptEncoding) {
        Application wrapped = Gzip.of().wrap(app);
        var request = TestClient.of(wrapped).get("/");
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return request.send();
    }

    private static Application text(String body, String... extraHeaders) {
        String[] h = new String[extraHeaders.length + 2];
        h[0] = "Content-Type";
        h[1] = "text/plain; charset=utf-8";
        System.arraycopy(extraHeaders, 0, h, 2, extraHeaders.length);
        return TestBodies.app(200, Body.of(body), h);
    }

    @Nested
    class NotModified {
        /** The application behind a conditional GET: 304 to any If-None-Match, else the big text. */
        private final Application app = (env, sr) -> {
            if (env.header("If-None-Match") != null) {
                sr.start(Status.of(304), Headers.of("ETag", "\"abc\""));
                return Body.empty();
            }
            sr.start(Status.OK, Headers.of("Content-Type", "text/plain", "ETag", "\"abc\""));
            return Body.of(BIG);
        };

        @Test
        void carriesTheEtagAndVaryTheCompressed200CarriedRfc9110Section15_4_5() {
            TestClient client = TestClient.of(Gzip.of().wrap(app));
            TestResponse full = client.get("/").header("Accept-Encoding", "gzip").send();
            assertEquals("W/\"abc\"", full.header("ETag"));
            TestResponse r = client.get("/").header("Accept-Encoding", "gzip").header("If-None-Match", "W/\"abc\"").send();
            assertEquals(304, r.status());
            assertEquals(full.header("ETag"), r.header("ETag"));
            assertEquals("Accept-Encoding", r.header("Vary"));
        }

        @Test
        void keepsTheStrongEtagForAClientThatDoesNotAcceptGzip() {
            TestClient client = TestClient.of(Gzip.of().wrap(app));
            TestResponse full = client.get("/").send();
            TestResponse r = client.get("/").header("If-None-Match", "\"abc\"").send();
            assertEquals(304, r.status());
            assertEquals(full.header("ETag"), r.header("ETag"));
            assertEquals("\"abc\"", r.header("ETag"));
            assertEquals(full.header("Vary"), r.header("Vary"));
        }

        /**
         * RFC 9110 section 8.6: a 304 may carry Content-Length only with the length its 200 would have. The
         * compressed 200 has none (and not the identity length the application declared), so neither may
         * its 304; a client that gets the identity 200 keeps the application's length.
         */
        @Test
        void dropsTheIdentityContentLengthFromA304ForACompressed200() {
            Application app = (env, sr) -> {
                boolean conditional = env.header("If-None-Match") != null;
                sr.start(Status.of(conditional ? 304 : 200), Headers.of("Content-Type", "text/plain", "ETag", "\"abc\"",
                        "Content-Length", Integer.toString(BIG.length())));
                return conditional ? Body.empty() : Body.of(BIG);
            };
            TestClient client = TestClient.of(Gzip.of().wrap(app));
            TestResponse full = client.get("/").header("Accept-Encoding", "gzip").send();
            assertEquals("gzip", full.header("Content-Encoding"));
            TestResponse r = client.get("/").header("Accept-Encoding", "gzip").header("If-None-Match", "W/\"abc\"").send();
            assertEquals(304, r.status());
            assertNull(r.header("Content-Length"));
            TestResponse identity = client.get("/").header("If-None-Match", "\"abc\"").send();
            assertEquals(Integer.toString(BIG.length()), identity.header("Content-Length"));
        }

        /** A 304 of a body too small to compress stands for an identity 200: its length stays. */
        @Test
        void keepsTheContentLengthOfA304ForASmallBody() {
            Application app = TestBodies.app(304, List.of(), "Content-Type", "text/plain", "ETag", "\"abc\"",
                    "Content-Length", "5");
            TestResponse r = TestClient.of(Gzip.of().wrap(app)).get("/").header("Accept-Encoding", "gzip")
                    .header("If-None-Match", "\"abc\"").send();
            assertEquals("5", r.header("Content-Length"));
        }

        @ParameterizedTest(name = "Accept-Encoding {0}")
        @ValueSource(strings = {"gzip", ""})
        void keepsEveryVaryFieldLineOfA304(String acceptEncoding) {
            Application app = TestBodies.app(304, List.of(), "ETag", "\"abc\"", "Vary", "Cookie", "Vary", "Accept-Language");
            var request = TestClient.of(Gzip.of().wrap(app)).get("/").header("If-None-Match", "\"abc\"");
            if (!acceptEncoding.isEmpty()) {
                request.header("Accept-Encoding", acceptEncoding);
            }
            assertEquals(List.of("Cookie, Accept-Encoding", "Accept-Language"), request.send().headers("Vary"));
        }
    }

    @Nested
    class Compressing {
        @Test
        void compressesWhenTheClientAcceptsGzip() throws IOException {
            TestResponse r = get(text(BIG), "gzip, deflate");
            assertEquals("gzip", r.header("Content-Encoding"));
            assertEquals("Accept-Encoding", r.header("Vary"));
            assertEquals(BIG, gunzip(r.bytes()));
            assertTrue(r.bytes().length < BIG.length() / 4, "compressed to " + r.bytes().length);
        }

        /**
         * RFC 9110 sections 8.6 and 9.3.2: a HEAD response has the headers the GET would have, and never
         * the Content-Length of a body the GET would not send.
         */
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"gzip", "identity"})
        void answersHeadWithTheHeadersOfTheGet(String acceptEncoding) {
            TestClient client = TestClient.of(Gzip.of().wrap(text(BIG, "ETag", "\"abc\"")));
            TestResponse get = client.get("/").header("Accept-Encoding", acceptEncoding).send();
            TestResponse head = client.head("/").header("Accept-Encoding", acceptEncoding).send();
            for (String name : List.of("Content-Encoding", "Content-Length", "Vary", "ETag")) {
                assertEquals(get.header(name), head.header(name), name);
            }
            assertEquals(0, head.bytes().length);
        }

        /**
         * The same for a body too small to compress: an application that answers HEAD with the GET's body
         * (the server drops it) must not get a Content-Encoding: gzip its GET never has.
         */
        @Test
        void answersHeadOfASmallBodyWithTheHeadersOfTheGet() {
            TestClient client = TestClient.of(Gzip.of().wrap(text("tiny")));
            TestResponse get = client.get("/").header("Accept-Encoding", "gzip").send();
            TestResponse head = client.head("/").header("Accept-Encoding", "gzip").send();
            assertNull(get.header("Content-Encoding"));
            assertNull(head.header("Content-Encoding"));
            assertEquals(get.header("Vary"), head.header("Vary"));
        }

        // an application that answers HEAD without producing the body: its empty body says nothing of the GET's size
        @Test
        void answersAHeadWhoseApplicationSendsNoBodyAsItsGet() {
            Application headAware = (environ, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return environ.requestMethod().equals("HEAD") ? List.of() : List.of(BIG.getBytes(StandardCharsets.UTF_8));
            };
            TestClient client = TestClient.of(Gzip.of().wrap(headAware));
            TestResponse get = client.get("/").header("Accept-Encoding", "gzip").send();
            TestResponse head = client.head("/").header("Accept-Encoding", "gzip").send();

            assertEquals("gzip", get.header("Content-Encoding"));
            assertEquals(get.header("Content-Encoding"), head.header("Content-Encoding"));
            assertEquals(get.header("Content-Length"), head.header("Content-Length"));
        }

        @Test
        void dropsTheContentLengthItCannotKeep() {
            TestResponse r = get(text(BIG, "Content-Length", Integer.toString(BIG.length())), "gzip");
            assertEquals("gzip", r.header("Content-Encoding"));
            assertNull(r.header("Content-Length"));
        }

        @Test
        void weakensAStrongEtagAndKeepsAWeakOne() {
            assertEquals("W/\"v1\"", get(text(BIG, "ETag", "\"v1\""), "gzip").header("ETag"));
            assertEquals("W/\"v2\"", get(text(BIG, "ETag", "W/\"v2\""), "gzip").header("ETag"));
        }

        @Test
        void dropsAcceptRanges() {
            assertNull(get(text(BIG, "Accept-Ranges", "bytes"), "gzip").header("Accept-Ranges"));
        }

        @Test
        void appendsToAnExistingVary() {
            assertEquals("Cookie, Accept-Encoding", get(text(BIG, "Vary", "Cookie"), "gzip").header("Vary"));
            assertEquals("accept-encoding", get(text(BIG, "Vary", "accept-encoding"), "gzip").header("Vary"));
        }

        /** RFC 9110 section 5.3: several Vary field lines are one list, none may be lost, none listed twice. */
        @ParameterizedTest(name = "Accept-Encoding {0}")
        @ValueSource(strings = {"gzip", ""})
        void keepsEveryVaryFieldLineAndListsAcceptEncodingOnce(String acceptEncoding) {
            String ae = acceptEncoding.isEmpty() ? null : acceptEncoding;
            assertEquals(List.of("Cookie, Accept-Encoding", "Accept-Language"),
                    get(text(BIG, "Vary", "Cookie", "Vary", "Accept-Language"), ae).headers("Vary"));
            assertEquals(List.of("Accept-Language", "Accept-Encoding"),
                    get(text(BIG, "Vary", "Accept-Language", "Vary", "Accept-Encoding"), ae).headers("Vary"));
            assertEquals(List.of("Accept-Encoding", "Cookie"),
                    get(text(BIG, "Vary", "Accept-Encoding", "Vary", "Cookie"), ae).headers("Vary"));
        }

        /** Vary lists field names: X-Accept-Encoding is another field, it does not make Accept-Encoding listed. */
        @Test
        void matchesVaryMembersWholeNotAsSubstrings() {
            assertEquals("X-Accept-Encoding, Accept-Encoding",
                    get(text(BIG, "Vary", "X-Accept-Encoding"), "gzip").header("Vary"));
            assertEquals("X-Accept-Encoding, Accept-Encoding",
                    get(text(BIG, "Vary", "X-Accept-Encoding"), null).header("Vary"));
        }

        @Test
        void compressesAStreamOfUnknownLengthEvenIfItTurnsOutSmall() throws IOException {
            TestBodies.Tracked body = new TestBodies.Tracked("tiny");
            TestResponse r = get(TestBodies.app(200, body, "Content-Type", "text/html"), "gzip");
            assertEquals("tiny", gunzip(r.bytes()));
        }

        @Test
        void compressesWhatTheLegacyWriteCallableSends() throws IOException {
            Application app = (env, sr) -> {
                var write = sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                write.write("written ".getBytes(StandardCharsets.UTF_8));
                return Body.of("returned");
            };
            TestResponse r = TestClient.of(Gzip.builder().minSize(0).build().wrap(app)).get("/")
                    .header("Accept-Encoding", "gzip").send();
            assertEquals("written returned", gunzip(r.bytes()));
        }

        @Test
        void compressesAnApplicationThatStartsWhileIterated() throws IOException {
            Application app = TestBodies.lateStart(200, BIG, "Content-Type", "text/plain");
            TestResponse r = get(app, "gzip");
            assertEquals("gzip", r.header("Content-Encoding"));
            assertEquals(BIG, gunzip(r.bytes()));
        }

        @Test
        void compressesErrorPagesToo() throws IOException {
            TestResponse r = get(TestBodies.app(500, Body.of(BIG), "Content-Type", "text/html"), "gzip");
            assertEquals(500, r.status());
            assertEquals(BIG, gunzip(r.bytes()));
        }
    }

    @Nested
    class Streaming {
        @Test
        void eachStreamedChunkDecodesBeforeTheBodyEnds() throws Exception {
            TestBodies.Tracked body = new TestBodies.Tracked("first chunk;", "second chunk;", "third");
            Application app = Gzip.builder().minSize(0).build()
                    .wrap(TestBodies.app(200, body, "Content-Type", "text/plain"));
            var env = new EnvironBuilder().header("Accept-Encoding", "gzip").build();
            Iterable<byte[]> out = app.call(env, (s, h, e) -> data -> {});
            Iterator<byte[]> it = out.iterator();
            Inflater inflater = new Inflater(true);
            byte[] first = it.next();
            assertEquals(1, body.pulled, "one chunk in, one chunk out: nothing is read ahead");
            inflater.setInput(first, 10, first.length - 10); // skip the gzip header
            byte[] buf = new byte[100];
            int n = inflater.inflate(buf);
            assertEquals("first chunk;", new String(buf, 0, n, StandardCharsets.UTF_8));
            byte[] second = it.next();
            inflater.setInput(second);
            n = inflater.inflate(buf);
            assertEquals("second chunk;", new String(buf, 0, n, StandardCharsets.UTF_8));
            inflater.end();
            Body.close(out);
        }

        @Test
        void closesTheOriginalBodyOnce() {
            TestBodies.Tracked body = new TestBodies.Tracked(BIG);
            get(TestBodies.app(200, body, "Content-Type", "text/plain"), "gzip");
            assertEquals(1, body.closes);
        }

        @Test
        void closesTheOriginalBodyWhenTheConsumerStopsEarly() throws Exception {
            TestBodies.Tracked body = new TestBodies.Tracked("a", "b", "c");
            Application app = Gzip.builder().minSize(0).build()
                    .wrap(TestBodies.app(200, body, "Content-Type", "text/plain"));
            var env = new EnvironBuilder().header("Accept-Encoding", "gzip").build();
            Iterable<byte[]> out = app.call(env, (s, h, e) -> data -> {});
            out.iterator().next();
            Body.close(out);
            assertEquals(1, body.closes);
        }

        @Test
        void keepsAFileBodyUntouchedWhenNotCompressing() throws Exception {
            TestBodies.Tracked body = new TestBodies.Tracked("x");
            Application app = Gzip.of().wrap(TestBodies.app(200, body, "Content-Type", "image/png"));
            var env = new EnvironBuilder().header("Accept-Encoding", "gzip").build();
            assertTrue(app.call(env, (s, h, e) -> data -> {}) == body, "the body passes through as it is");
        }
    }

    @Nested
    class InAPipeline {
        @Test
        void compressesStaticFilesAndStillAnswers304(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
                throws IOException {
            java.nio.file.Files.writeString(dir.resolve("app.js"), BIG);
            Application app = io.wsgi4j.Pipeline.builder()
                    .use(io.wsgi4j.middleware.caching.ConditionalGet.of())
                    .use(Gzip.of())
                    .run(io.wsgi4j.middleware.files.StaticFiles.builder(dir).build());
            TestClient client = TestClient.of(app);
            TestResponse r = client.get("/app.js").header("Accept-Encoding", "gzip").send();
            assertEquals(BIG, gunzip(r.bytes()));
            assertTrue(r.header("ETag").startsWith("W/\""), r.header("ETag"));
            TestResponse again = client.get("/app.js").header("Accept-Encoding", "gzip")
                    .header("If-None-Match", r.header("ETag")).send();
            assertEquals(304, again.status());
        }
    }

    /**
     * A 304 made from If-Modified-Since alone, by a layer inside Gzip, must carry the validator of the 200 a
     * cache stored for this request (RFC 9110 sections 8.8.3 and 15.4.5, RFC 9111 section 4.3.4): the weak ETag
     * when Gzip would have compressed that 200, the application's strong one when it would not.
     */
    @Nested
    class NotModifiedBySince {
        private static final String DATE = "Sun, 06 Nov 1994 08:49:37 GMT";

        private Application dynamic(String body) {
            return TestBodies.app(200, Body.of(body), "Content-Type", "text/plain", "ETag", "\"abc\"",
                    "Last-Modified", DATE);
        }

        private void assertSameValidator(Application app, String path, String acceptEncoding) {
            TestClient client = TestClient.of(app);
            var first = client.get(path);
            var again = client.get(path).header("If-Modified-Since", DATE);
            if (acceptEncoding != null) {
                first.header("Accept-Encoding", acceptEncoding);
                again.header("Accept-Encoding", acceptEncoding);
            }
            TestResponse full = first.send();
            assertEquals(200, full.status());
            TestResponse r = again.send();
            assertEquals(304, r.status());
            assertEquals(full.header("ETag"), r.header("ETag"));
        }

        @ParameterizedTest(name = "Gzip outermost, Accept-Encoding {0}")
        @ValueSource(strings = {"gzip", "identity"})
        void gzipAroundConditionalGet(String acceptEncoding) {
            Application app = io.wsgi4j.Pipeline.builder().use(Gzip.of())
                    .use(io.wsgi4j.middleware.caching.ConditionalGet.of()).run(dynamic(BIG));
            assertSameValidator(app, "/", acceptEncoding);
        }

        @Test
        void gzipAroundConditionalGetOfABodyTooSmallToCompress() {
            Application app = io.wsgi4j.Pipeline.builder().use(Gzip.of())
                    .use(io.wsgi4j.middleware.caching.ConditionalGet.of()).run(dynamic("small"));
            assertSameValidator(app, "/", "gzip");
        }

        @Test
        void gzipAroundConditionalGetOfATypeItDoesNotCompress() {
            Application app = io.wsgi4j.Pipeline.builder().use(Gzip.of())
                    .use(io.wsgi4j.middleware.caching.ConditionalGet.of())
                    .run(TestBodies.app(200, Body.of(BIG), "Content-Type", "image/png", "ETag", "\"abc\"",
                            "Last-Modified", DATE));
            assertSameValidator(app, "/", "gzip");
        }

        @Test
        void conditionalGetAroundGzip() {
            Application app = io.wsgi4j.Pipeline.builder().use(io.wsgi4j.middleware.caching.ConditionalGet.of())
                    .use(Gzip.of()).run(dynamic(BIG));
            assertSameValidator(app, "/", "gzip");
        }

        @ParameterizedTest(name = "{0} bytes")
        @ValueSource(ints = {5, 5000})
        void gzipAroundStaticFiles(int size, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
            java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("app.js"), "x".repeat(size));
            java.nio.file.Files.setLastModifiedTime(file,
                    java.nio.file.attribute.FileTime.fromMillis(io.wsgi4j.handler.HttpDate.parse(DATE)));
            Application app = Gzip.of().wrap(io.wsgi4j.middleware.files.StaticFiles.builder(dir).build());
            assertSameValidator(app, "/app.js", "gzip");
        }
    }

    @Nested
    class LeavingAlone {
        @ParameterizedTest(name = "Accept-Encoding: {0}")
        @ValueSource(strings = {"identity", "gzip;q=0", "deflate", "br", "*;q=0", "gzip;q=0.5, identity"})
        void sendsIdentityWhenGzipIsNotPreferredButStillVaries(String acceptEncoding) {
            TestResponse r = get(text(BIG), acceptEncoding);
            assertNull(r.header("Content-Encoding"));
            assertEquals("Accept-Encoding", r.header("Vary"));
            assertEquals(BIG, r.text());
        }

        @Test
        void sendsIdentityWithoutAcceptEncoding() {
            assertNull(get(text(BIG), null).header("Content-Encoding"));
        }

        /** The fast path of a request without Accept-Encoding: every header kept in order, Vary appended once. */
        @Test
        void withoutAcceptEncodingKeepsEveryHeaderInOrderAndAppendsVary() {
            TestResponse r = get(text(BIG, "X-One", "1", "Set-Cookie", "a=1", "Set-Cookie", "b=2"), null);
            assertEquals(List.of("Content-Type", "X-One", "Set-Cookie", "Set-Cookie", "Vary"),
                    r.headers().stream().map(io.wsgi4j.Header::name).filter(n -> !n.equals("Content-Length")).toList());
            assertEquals(List.of("a=1", "b=2"), r.headers("Set-Cookie"));
            assertEquals(List.of("Accept-Encoding"), r.headers("Vary"));
            assertEquals(BIG, r.text());
        }

        @ParameterizedTest(name = "{0}: {1} -> Vary {2}")
        @CsvSource(delimiter = '|', value = {
            "Content-Type   | TEXT/HTML           | Accept-Encoding",
            "Content-Type   | IMAGE/PNG           | ",
            "Content-Type   | Image/SVG+xml       | Accept-Encoding",
            "Cache-Control  | public, NO-TRANSFORM| ",
            "Content-Encoding| br                 | ",
            "Vary           | Cookie              | 'Cookie, Accept-Encoding'",
            "Vary           | ACCEPT-ENCODING     | ACCEPT-ENCODING",
            "Vary           | *                   | *",
        })
        void withoutAcceptEncodingVariesExactlyWhenItCouldHaveCompressed(String name, String value, String vary) {
            Application app = name.equals("Content-Type")
                    ? TestBodies.app(200, Body.of(BIG), "Content-Type", value)
                    : text(BIG, name, value);
            TestResponse r = get(app, null);
            assertEquals(vary, r.header("Vary"));
            assertEquals(name.equals("Content-Encoding") ? value : null, r.header("Content-Encoding"));
            assertEquals(BIG, r.text());
        }

        /** The fast path's Vary branch: an application's Vary on a type never compressed stays as it was. */
        @Test
        void withoutAcceptEncodingKeepsTheApplicationsVaryOnATypeItWouldNotCompress() {
            TestResponse r = get(TestBodies.app(200, Body.of(BIG), "Content-Type", "image/png", "Vary", "Cookie"), null);
            assertEquals(List.of("Cookie"), r.headers("Vary"));
            assertEquals(BIG, r.text());
        }

        @Test
        void withoutAcceptEncodingLeavesA204WithoutVary() {
            // a 304 instead carries the Vary of the 200 it stands for (class NotModified)
            assertNull(get(TestBodies.app(204, List.of(), "Content-Type", "text/plain"), null).header("Vary"));
        }

        @Test
        void skipsBodiesKnownToBeSmall() {
            TestResponse r = get(text("small"), "gzip");
            assertNull(r.header("Content-Encoding"));
            assertEquals("small", r.text());
            TestResponse declared = get(TestBodies.app(200, new TestBodies.Tracked("short"),
                    "Content-Type", "text/plain", "Content-Length", "5"), "gzip");
            assertNull(declared.header("Content-Encoding"));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "image/png               | ",
            "image/jpeg              | ",
            "video/mp4               | ",
            "audio/ogg               | ",
            "font/woff2              | ",
            "application/zip         | ",
            "application/gzip        | ",
            "application/octet-stream| ",
        })
        void skipsAlreadyCompressedTypes(String type, String ignored) {
            TestResponse r = get(TestBodies.app(200, Body.of(BIG), "Content-Type", type), "gzip");
            assertNull(r.header("Content-Encoding"));
            assertNull(r.header("Vary"));
        }

        @Test
        void compressesSvgThoughItIsAnImage() {
            assertEquals("gzip", get(TestBodies.app(200, Body.of(BIG), "Content-Type", "image/svg+xml"), "gzip")
                    .header("Content-Encoding"));
        }

        @Test
        void skipsResponsesWithoutContentType() {
            assertNull(get(TestBodies.app(200, Body.of(BIG)), "gzip").header("Content-Encoding"));
        }

        @Test
        void skipsResponsesAlreadyEncoded() {
            TestResponse r = get(text(BIG, "Content-Encoding", "br"), "gzip");
            assertEquals("br", r.header("Content-Encoding"));
            assertEquals(BIG, r.text());
        }

        @Test
        void skipsNoTransform() {
            assertNull(get(text(BIG, "Cache-Control", "public, No-Transform"), "gzip").header("Content-Encoding"));
        }

        /**
         * RFC 9110 section 5.3 and RFC 9111 section 5.2: Cache-Control is a list, and its field lines together
         * make one; a no-transform on the second line forbids compression as much as one on the first.
         */
        @ParameterizedTest(name = "Accept-Encoding {0}")
        @ValueSource(strings = {"gzip", ""})
        void skipsNoTransformOnAnyCacheControlLine(String acceptEncoding) {
            String ae = acceptEncoding.isEmpty() ? null : acceptEncoding;
            TestResponse r = get(text(BIG, "Cache-Control", "public", "Cache-Control", "no-transform"), ae);
            assertNull(r.header("Content-Encoding"));
            assertNull(r.header("Vary"), "no variant is ever compressed: nothing varies");
            assertEquals(BIG, r.text());
            TestResponse notModified = get(TestBodies.app(304, List.of(), "ETag", "\"abc\"",
                    "Cache-Control", "max-age=60", "Cache-Control", "No-Transform"), ae);
            assertNull(notModified.header("Vary"), "the 304 has the Vary of its 200");
        }

        @ParameterizedTest
        @ValueSource(ints = {204, 304})
        void skipsBodilessStatuses(int status) {
            TestResponse r = get(TestBodies.app(status, List.of(), "Content-Type", "text/plain"), "gzip");
            assertNull(r.header("Content-Encoding"));
        }

        /**
         * RFC 9110 section 15.3.6: a 205 never has content (the server frames it with Content-Length 0), so
         * there is nothing to encode: no Content-Encoding on an empty body that is no gzip stream, no Vary.
         */
        @ParameterizedTest(name = "Accept-Encoding {0}")
        @ValueSource(strings = {"gzip", ""})
        void leavesA205AloneForItNeverHasContent(String acceptEncoding) {
            String ae = acceptEncoding.isEmpty() ? null : acceptEncoding;
            TestResponse r = get(TestBodies.app(205, new TestBodies.Tracked(), "Content-Type", "text/plain"), ae);
            assertEquals(205, r.status());
            assertNull(r.header("Content-Encoding"));
            assertNull(r.header("Vary"));
        }

        @Test
        void skipsPartialContent() {
            TestResponse r = get(TestBodies.app(206, Body.of(BIG), "Content-Type", "text/plain",
                    "Content-Range", "bytes 0-2699/5000"), "gzip");
            assertNull(r.header("Content-Encoding"));
        }
    }

    @Nested
    class Configuration {
        @ParameterizedTest
        @ValueSource(ints = {0, 10, -1})
        void rejectsLevelsOutside1To9(int level) {
            var e = assertThrows(IllegalArgumentException.class, () -> Gzip.builder().level(level));
            assertTrue(e.getMessage().contains(Integer.toString(level)));
        }

        @Test
        void rejectsANegativeMinSize() {
            assertThrows(IllegalArgumentException.class, () -> Gzip.builder().minSize(-1));
        }

        @Test
        void honoursMinSizeZero() throws IOException {
            TestResponse r = TestClient.of(Gzip.builder().minSize(0).build().wrap(text("a"))).get("/")
                    .header("Accept-Encoding", "gzip").send();
            assertEquals("a", gunzip(r.bytes()));
        }

        @Test
        void printsAsTheBuilderCode() {
            assertEquals("Gzip.of()", Gzip.of().toString());
            assertEquals("Gzip.builder().level(9).minSize(0).build()", Gzip.builder().level(9).minSize(0).build().toString());
            Application hello = Application.named("hello", text("x"));
            assertEquals("Gzip.of().wrap(hello)", Gzip.of().wrap(hello).toString());
        }
    }

    /** Which Content-Types are worth compressing, in every case the type may be written in (text/* answers at once). */
    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
        text/plain                        | true
        TEXT/HTML; charset=utf-8          | true
        Text/CSS                          | true
        text/event-stream                 | true
        application/json                  | true
        application/javascript            | true
        image/svg+xml                     | true
        IMAGE/SVG+XML                     | true
        image/png                         | false
        Image/JPEG                        | false
        audio/ogg                         | false
        video/mp4                         | false
        font/woff2                        | false
        font/ttf                          | true
        application/zip                   | false
        APPLICATION/GZIP                  | false
        application/pdf                   | false
        application/octet-stream          | false
        multipart/byteranges; boundary=x  | false
        ''                                | false
        tex                               | true
        """)
    void decidesWhichContentTypesAreCompressible(String type, boolean expected) {
        assertEquals(expected, Gzip.isCompressibleType(type));
    }
}

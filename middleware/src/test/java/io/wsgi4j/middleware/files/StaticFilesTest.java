// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.wsgi4j.handler.HttpDate;
import io.wsgi4j.Environ;
import io.wsgi4j.FileBody;
import io.wsgi4j.FileWrapper;
import io.wsgi4j.NotFound;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StaticFilesTest {
    private static final String TEXT = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final long MODIFIED = 784111777000L; // Sun, 06 Nov 1994 08:49:37 GMT

    @TempDir
    Path dir;
    Path root;
    TestClient client;

    @BeforeEach
    void files() throws IOException {
        root = Files.createDirectory(dir.resolve("root"));
        write(root.resolve("a.txt"), TEXT);
        write(root.resolve("style.css"), "body{}");
        write(root.resolve(".secret"), "hidden");
        write(root.resolve("data.unknownext"), "x");
        Files.createDirectory(root.resolve("docs"));
        write(root.resolve("docs/index.html"), "<h1>docs</h1>");
        Files.createDirectory(root.resolve("empty"));
        write(root.resolve("caf\u00e9.txt"), "coffee");
        write(dir.resolve("outside.txt"), "TOP SECRET");
        client = TestClient.of(StaticFiles.builder(root).build());
    }

    private static void write(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(p, FileTime.fromMillis(MODIFIED));
    }

    @Nested
    class Serving {
        @Test
        void servesAFileWithTypeLengthAndValidators() {
            TestResponse r = client.get("/a.txt").send();
            assertEquals(200, r.status());
            assertEquals(TEXT, r.text());
            assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
            assertEquals("36", r.header("Content-Length"));
            assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", r.header("Last-Modified"));
            assertEquals("bytes", r.header("Accept-Ranges"));
            assertTrue(r.header("ETag").matches("\"[0-9a-f]+-[0-9a-f]+\""), r.header("ETag"));
        }

        @Test
        void usesTheFileWrapperSoServersCanSendWithZeroCopies() {
            AtomicInteger wrapped = new AtomicInteger();
            FileWrapper counting = (ch, pos, count, block) -> {
                wrapped.incrementAndGet();
                return new FileBody(ch, pos, count, block);
            };
            StaticFiles files = StaticFiles.builder(root).build();
            TestResponse r = TestClient.of((env, sr) -> {
                env.put(Environ.WSGI_FILE_WRAPPER, counting);
                return files.call(env, sr);
            }).get("/a.txt").send();
            assertEquals(TEXT, r.text());
            assertEquals(1, wrapped.get());
        }

        @Test
        void servesUtf8FileNames() {
            assertEquals("coffee", client.get("/caf%C3%A9.txt").send().text());
        }

        @Test
        void fallsBackToOctetStreamForUnknownExtensions() {
            assertEquals("application/octet-stream", client.get("/data.unknownext").send().header("Content-Type"));
        }

        @Test
        void letsTheBuilderOverrideAContentType() {
            TestResponse r = TestClient.of(StaticFiles.builder(root).mediaType("css", "text/x-custom").build())
                    .get("/style.css").send();
            assertEquals("text/x-custom", r.header("Content-Type"));
        }

        @Test
        void addsCacheControlWhenConfigured() {
            TestResponse r = TestClient.of(StaticFiles.builder(root).cacheControl("public, max-age=60").build())
                    .get("/a.txt").send();
            assertEquals("public, max-age=60", r.header("Cache-Control"));
        }

        @Test
        void answersHeadWithHeadersOnly() {
            TestResponse r = client.head("/a.txt").send();
            assertEquals(200, r.status());
            assertEquals("36", r.header("Content-Length"));
            assertEquals(0, r.bytes().length);
        }

        @ParameterizedTest
        @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
        void answers405WithAllowForOtherMethods(String method) {
            TestResponse r = client.request(method, "/a.txt").send();
            assertEquals(405, r.status());
            assertEquals("GET, HEAD", r.header("Allow"));
        }

        @Test
        void servesUnderAMountPrefix() {
            TestClient mounted = TestClient.of(io.wsgi4j.Pipeline.builder()
                    .map("/static", StaticFiles.builder(root).build())
                    .run(NotFound.INSTANCE));
            assertEquals(TEXT, mounted.get("/static/a.txt").send().text());
            assertEquals("/static/docs/", mounted.get("/static/docs").send().header("Location"));
            assertEquals(404, mounted.get("/a.txt").send().status());
        }

        @Test
        void answersNotMineForMissingFilesSoACascadeContinues() {
            List<Boolean> notMine = new ArrayList<>();
            StaticFiles files = StaticFiles.builder(root).build();
            TestResponse r = TestClient.of((env, sr) -> {
                Iterable<byte[]> body = files.call(env, sr);
                notMine.add(NotFound.isNotMine(env));
                return body;
            }).post("/missing.txt").send();
            assertEquals(404, r.status());
            assertEquals(List.of(true), notMine);
        }
    }

    @Nested
    class Directories {
        @Test
        void servesTheIndexFile() {
            TestResponse r = client.get("/docs/").send();
            assertEquals("<h1>docs</h1>", r.text());
            assertEquals("text/html; charset=utf-8", r.header("Content-Type"));
        }

        @Test
        void redirectsADirectoryWithoutTrailingSlash() {
            TestResponse r = client.get("/docs?x=1").send();
            assertEquals(301, r.status());
            assertEquals("/docs/?x=1", r.header("Location"));
        }

        @Test
        void keepsAQueryWithBytesBeyondAsciiEncoded() {
            // a gateway (nginx's $query_string) passes a query as the client sent it, UTF-8 bytes and all;
            // the redirect dropped such a query, so "?q=caf\u00e9&page=2" came back without its search
            StaticFiles files = StaticFiles.builder(root).build();
            TestResponse r = TestClient.of((env, sr) -> {
                env.put(Environ.QUERY_STRING, "q=caf\u00c3\u00a9&page=2");
                return files.call(env, sr);
            }).get("/docs").send();
            assertEquals(301, r.status());
            assertEquals("/docs/?q=caf%C3%A9&page=2", r.header("Location"));
        }

        @Test
        void neverRedirectsToAnotherHostThroughLeadingSlashes() {
            // "//docs/" in a Location is a scheme-relative URL: a browser would go to the host "docs"
            for (String target : new String[] {"//docs", "///docs"}) {
                TestResponse r = client.get(target).send();
                assertEquals(301, r.status(), target);
                assertEquals("/docs/", r.header("Location"), target);
            }
        }

        @Test
        void servesTheIndexDirectlyWhenRedirectsAreOff() {
            TestResponse r = TestClient.of(StaticFiles.builder(root).redirectDirectories(false).build())
                    .get("/docs").send();
            assertEquals("<h1>docs</h1>", r.text());
        }

        @Test
        void answersNotFoundForADirectoryWithoutIndex() {
            assertEquals(404, client.get("/empty/").send().status());
        }

        @Test
        void triesIndexFilesInOrder() throws IOException {
            write(root.resolve("docs/default.htm"), "default");
            TestResponse r = TestClient.of(StaticFiles.builder(root).indexFiles("default.htm", "index.html").build())
                    .get("/docs/").send();
            assertEquals("default", r.text());
        }
    }

    @Nested
    class Precompressed {
        private TestClient gz;

        @BeforeEach
        void siblings() throws IOException {
            try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(root.resolve("a.txt.gz")))) {
                out.write(TEXT.getBytes(StandardCharsets.UTF_8));
            }
            gz = TestClient.of(StaticFiles.builder(root).precompressed(true).build());
        }

        @Test
        void sendsTheGzSiblingToClientsThatPreferGzip() throws IOException {
            TestResponse r = gz.get("/a.txt").header("Accept-Encoding", "gzip, br").send();
            assertEquals("gzip", r.header("Content-Encoding"));
            assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
            assertEquals("Accept-Encoding", r.header("Vary"));
            assertTrue(r.header("ETag").endsWith("-gzip\""), r.header("ETag"));
            try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(r.bytes()))) {
                assertEquals(TEXT, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }

        @Test
        void sendsTheOriginalWithVaryToOtherClients() {
            TestResponse r = gz.get("/a.txt").header("Accept-Encoding", "gzip;q=0").send();
            assertNull(r.header("Content-Encoding"));
            assertEquals("Accept-Encoding", r.header("Vary"));
            assertEquals(TEXT, r.text());
        }

        @Test
        void sendsTheOriginalWhenThereIsNoSibling() {
            TestResponse r = gz.get("/style.css").header("Accept-Encoding", "gzip").send();
            assertNull(r.header("Content-Encoding"));
            assertEquals("body{}", r.text());
        }

        @Test
        void answers416ForTheSiblingWithAPlainTextBody() {
            TestResponse r = gz.get("/a.txt").header("Accept-Encoding", "gzip").header("Range", "bytes=5000-").send();
            assertEquals(416, r.status());
            assertTrue(r.header("Content-Range").startsWith("bytes */"), r.header("Content-Range"));
            assertNull(r.header("Content-Encoding"), "the 416 text is not gzip");
            assertTrue(r.text().startsWith("416 Range Not Satisfiable"), r.text());
        }

        @Test
        void ignoresSiblingsUnlessEnabled() {
            assertNull(client.get("/a.txt").header("Accept-Encoding", "gzip").send().header("Content-Encoding"));
        }
    }

    @Nested
    class Security {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "/../outside.txt",
            "/docs/../../outside.txt",
            "/%2e%2e/outside.txt",
            "/%2E%2E/outside.txt",
            "/docs/%2e%2e/%2e%2e/outside.txt",
            "/..%2foutside.txt",
            "/..%2Foutside.txt",
            "/..%5coutside.txt",
            "/..%5Coutside.txt",
            "/..\\outside.txt",
            "/a.txt%00.html",
            "/a.txt%00",
            "/%c0%ae%c0%ae/outside.txt",
            "/%c0%2e%c0%2e/outside.txt",
            "/%e0%80%ae%e0%80%ae/outside.txt",
            "/%c0%af..%c0%afoutside.txt",
            "/./a.txt",
            "/docs/./index.html",
            "/a.txt%0d%0aX-Injected:%201",
            "/%ff%fe.txt",
        })
        void refusesTraversalVectorsWith400(String target) {
            TestResponse r = client.get(target).send();
            assertEquals(400, r.status(), target);
            assertFalse(r.text().contains("TOP SECRET"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"//outside.txt", "///etc/passwd", "//" + "tmp", "/etc/passwd", "/C:/Windows/win.ini"})
        void neverTreatsAPathAsAbsolute(String target) {
            TestResponse r = client.get(target).send();
            assertEquals(404, r.status(), target);
        }

        @Test
        void resolvesDoubledSlashesInsideTheRoot() {
            assertEquals(TEXT, client.get("//a.txt").send().text());
        }

        @Test
        void hidesASymlinkThatPointsOutOfTheRoot() throws IOException {
            Files.createSymbolicLink(root.resolve("escape.txt"), dir.resolve("outside.txt"));
            Files.createSymbolicLink(root.resolve("escapedir"), dir);
            assertEquals(404, client.get("/escape.txt").send().status());
            assertEquals(404, client.get("/escapedir/outside.txt").send().status());
        }

        @Test
        void followsASymlinkThatStaysInsideTheRoot() throws IOException {
            Files.createSymbolicLink(root.resolve("alias.txt"), root.resolve("a.txt"));
            assertEquals(TEXT, client.get("/alias.txt").send().text());
        }

        @Test
        void hidesDotFilesByDefault() {
            assertEquals(404, client.get("/.secret").send().status());
        }

        @Test
        void servesDotFilesWhenAllowed() {
            TestResponse r = TestClient.of(StaticFiles.builder(root).hiddenFiles(true).build()).get("/.secret").send();
            assertEquals("hidden", r.text());
        }

        @Test
        void checksTheRawTargetForEncodedSeparators() {
            StaticFiles files = StaticFiles.builder(root).build();
            TestResponse r = TestClient.of((env, sr) -> {
                env.put(Environ.PATH_INFO, "/docs/index.html"); // as a server that decoded %2F would set it
                return files.call(env, sr);
            }).get("/docs%2Findex.html").send();
            assertEquals(404, r.status());
            assertFalse(r.text().contains("index"), r.text());
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"/docs%2findex.html", "/docs%2Findex.html", "/persons/M%2FX/about"})
        void anEncodedSlashIsNotMineSoTheNextApplicationOfACascadeGetsIt(String target) {
            // no file name holds a slash; a router after the files may take one in an argument
            TestResponse r = TestClient.of(io.wsgi4j.middleware.mount.Cascade.of(StaticFiles.builder(root).build(),
                    (env, sr) -> {
                        sr.start("200 OK", io.wsgi4j.Headers.of("Content-Type", "text/plain"));
                        return io.wsgi4j.Body.of("next: " + env.rawTarget());
                    })).get(target).send();
            assertEquals(200, r.status(), target);
            assertEquals("next: " + target, r.text());
        }

        @Test
        void answersNotFoundForAFileNamedWithATrailingSlash() {
            // "a.txt/" names a directory, and no such directory exists (open(2) says ENOTDIR); serving the
            // file there gives it a second URL under which its relative links resolve one level deeper
            for (String target : new String[] {"/a.txt/", "/docs/index.html/", "/a.txt//"}) {
                TestResponse r = client.get(target).send();
                assertEquals(404, r.status(), target);
                assertFalse(r.text().contains(TEXT), target);
            }
        }

        @Test
        void answersNotFoundForANameTheFileSystemCannotHold() throws Exception {
            // under LANG=C (a bare container, a systemd unit) the JVM encodes file names as ASCII, so
            // Path.resolve throws InvalidPathException for "caf\u00e9": no such file can exist (on
            // Windows the same goes for "<", "|", "*"); it was a 500 and a stack trace per request
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    PlatformNamesChild.class.getName(), dir.resolve("c").toString()).redirectErrorStream(true);
            child.environment().keySet().removeIf(k -> k.equals("LANG") || k.startsWith("LC_"));
            child.environment().put("LC_ALL", "C");
            Process p = child.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), output);
            assertEquals(0, p.exitValue(), output);
            assumeFalse(output.contains("encoding=UTF-8"),
                    "this platform keeps UTF-8 file names under LC_ALL=C: " + output);
            assertTrue(output.contains("/caf%C3%A9.txt 404\n"), output);
            assertTrue(output.contains("/docs/caf%C3%A9/x.txt 404\n"), output);
            assertTrue(output.contains("/a.txt 200\n"), output);
            assertTrue(output.contains("/docs/ 404\n"), output); // an index name it cannot hold: no index
        }

        @Test
        void answersForbiddenToGetAndHeadForAFileTheServerMayNotRead() throws Exception {
            // a file in the root the server's user may not read (an upload in progress, another user's
            // file): GET was a 500 with a stack trace in the log, while HEAD said 200 with its length
            Path locked = root.resolve("locked.txt");
            write(locked, "private");
            Files.setPosixFilePermissions(locked, java.util.Set.of());
            List<String> command = new ArrayList<>();
            Path capsh = Path.of("/usr/sbin/capsh");
            if (Files.isReadable(locked) && Files.isExecutable(capsh)) {
                // running as root: a child without the capabilities that let root read any file
                command.addAll(List.of(capsh.toString(), "--drop=cap_dac_override,cap_dac_read_search", "--", "-c",
                        "exec \"$0\" \"$@\""));
            }
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), UnreadableFileChild.class.getName(), root.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), output);
            assertEquals(0, p.exitValue(), output);
            assumeFalse(output.contains("readable=true"), "no way here to make a file unreadable: " + output);
            assertTrue(output.contains("GET 403 errors=true"), output);
            assertTrue(output.contains("HEAD 403 errors=true"), output);
        }

        @Test
        void ignoresAnEncodedSlashInTheQuery() {
            assertEquals(200, client.get("/a.txt?next=%2F..%2F").send().status());
        }
    }

    @Nested
    class Conditional {
        @Test
        void returns304WhenEtagMatches() {
            String etag = client.get("/a.txt").send().header("ETag");
            TestResponse r = client.get("/a.txt").header("If-None-Match", "\"other\", " + etag).send();
            assertEquals(304, r.status());
            assertEquals(etag, r.header("ETag"));
            assertNull(r.header("Content-Length"));
            assertEquals(0, r.bytes().length);
        }

        @Test
        void returns304WhenNotModifiedSince() {
            TestResponse r = client.get("/a.txt").header("If-Modified-Since", HttpDate.format(MODIFIED)).send();
            assertEquals(304, r.status());
        }

        @Test
        void returns200WhenModifiedSince() {
            TestResponse r = client.get("/a.txt").header("If-Modified-Since", HttpDate.format(MODIFIED - 1000)).send();
            assertEquals(200, r.status());
        }

        @Test
        void returns412WhenIfMatchFails() {
            assertEquals(412, client.get("/a.txt").header("If-Match", "\"nope\"").send().status());
        }

        /**
         * RFC 9111 section 3: a shared cache may store any final response with explicit freshness, under the
         * URL alone. A 412 or 416 carrying the files' Cache-Control would be stored and served to the next
         * plain GET: one request with a failing If-Match or an unsatisfiable Range would take the file away
         * from everyone for max-age. The 304 stands for the 200 and keeps it (RFC 9110 section 15.4.5).
         */
        @ParameterizedTest(name = "{0}: {1} -> {2}")
        @CsvSource(delimiter = '|', textBlock = """
            If-Match            | "nope"                        | 412
            If-Unmodified-Since | Sat, 05 Nov 1994 08:49:37 GMT | 412
            Range               | bytes=9999-                   | 416
            If-None-Match       | *                             | 304
            """)
        void sendsTheCacheControlOnlyWithResponsesThatStandForTheFile(String name, String value, int status) {
            TestResponse r = TestClient.of(StaticFiles.builder(root).cacheControl("public, max-age=3600").build())
                    .get("/a.txt").header(name, value).send();
            assertEquals(status, r.status());
            assertEquals(status == 304 ? "public, max-age=3600" : null, r.header("Cache-Control"));
        }

        @Test
        void returns412WhenModifiedAfterIfUnmodifiedSince() {
            TestResponse r = client.get("/a.txt").header("If-Unmodified-Since", HttpDate.format(MODIFIED - 5000)).send();
            assertEquals(412, r.status());
        }

        @Test
        void neverSendsALastModifiedInTheFuture() throws IOException {
            // RFC 9110 section 8.8.2.1: a modification time later than the response must be replaced by
            // the response's time; else a client holding that date would get 304s for every change until then
            long future = System.currentTimeMillis() + 10L * 24 * 3600 * 1000;
            Files.setLastModifiedTime(root.resolve("a.txt"), FileTime.fromMillis(future));
            TestResponse r = client.get("/a.txt").send();
            long sent = HttpDate.parse(r.header("Last-Modified"));
            assertTrue(sent <= System.currentTimeMillis(), r.header("Last-Modified"));
            TestResponse again = client.get("/a.txt").header("If-Modified-Since", HttpDate.format(future - 1000)).send();
            assertEquals(304, again.status());
        }

        @Test
        void ignoresAMalformedDate() {
            assertEquals(200, client.get("/a.txt").header("If-Modified-Since", "last tuesday").send().status());
        }
    }

    @Nested
    class Ranges {
        @Test
        void servesOneRangeWith206() {
            TestResponse r = client.get("/a.txt").header("Range", "bytes=10-15").send();
            assertEquals(206, r.status());
            assertEquals("abcdef", r.text());
            assertEquals("bytes 10-15/36", r.header("Content-Range"));
            assertEquals("6", r.header("Content-Length"));
        }

        @Test
        void servesASuffixRange() {
            TestResponse r = client.get("/a.txt").header("Range", "bytes=-4").send();
            assertEquals("wxyz", r.text());
            assertEquals("bytes 32-35/36", r.header("Content-Range"));
        }

        @Test
        void servesSeveralRangesAsMultipartByteranges() {
            TestResponse r = client.get("/a.txt").header("Range", "bytes=0-1, 30-").send();
            assertEquals(206, r.status());
            String type = r.header("Content-Type");
            assertTrue(type.startsWith("multipart/byteranges; boundary="), type);
            String boundary = type.substring(type.indexOf('=') + 1);
            String expected = "--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    + "Content-Range: bytes 0-1/36\r\n\r\n01"
                    + "\r\n--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    + "Content-Range: bytes 30-35/36\r\n\r\nuvwxyz"
                    + "\r\n--" + boundary + "--\r\n";
            assertEquals(expected, r.text());
            assertEquals(Integer.toString(expected.length()), r.header("Content-Length"));
        }

        @Test
        void coalescesOverlappingAndUnsortedRanges() {
            TestResponse r = client.get("/a.txt").header("Range", "bytes=20-25,0-3,2-5,4-9").send();
            String type = r.header("Content-Type");
            String boundary = type.substring(type.indexOf('=') + 1);
            assertTrue(r.text().contains("Content-Range: bytes 0-9/36\r\n\r\n0123456789\r\n--" + boundary), r.text());
            assertTrue(r.text().contains("Content-Range: bytes 20-25/36\r\n\r\nklmnop"), r.text());
        }

        @Test
        void mergesRangesThatCoverEverythingIntoOne() {
            TestResponse r = client.get("/a.txt").header("Range", "bytes=0-20,10-").send();
            assertEquals("bytes 0-35/36", r.header("Content-Range"));
            assertEquals(TEXT, r.text());
        }

        @Test
        void answers416WithContentRangeWhenNothingIsSatisfiable() {
            TestResponse r = client.get("/a.txt").header("Range", "bytes=100-200").send();
            assertEquals(416, r.status());
            assertEquals("bytes */36", r.header("Content-Range"));
        }

        @Test
        void servesTheWholeFileForHundredsOfRanges() {
            StringBuilder b = new StringBuilder("bytes=");
            for (int i = 0; i < 500; i++) {
                b.append(i == 0 ? "" : ",").append(i % 36).append('-').append(i % 36);
            }
            TestResponse r = client.get("/a.txt").header("Range", b.toString()).send();
            assertEquals(200, r.status());
            assertEquals(TEXT, r.text());
        }

        @Test
        void respectsAConfiguredRangeLimit() {
            TestClient strict = TestClient.of(StaticFiles.builder(root).maxRanges(2).build());
            assertEquals(206, strict.get("/a.txt").header("Range", "bytes=0-0,5-5").send().status());
            assertEquals(200, strict.get("/a.txt").header("Range", "bytes=0-0,5-5,9-9").send().status());
        }

        @Test
        void clampsHugeNumbersWithoutOverflow() {
            TestResponse r = client.get("/a.txt").header("Range", "bytes=30-99999999999999999999999999").send();
            assertEquals(206, r.status());
            assertEquals("bytes 30-35/36", r.header("Content-Range"));
            assertEquals(416, client.get("/a.txt").header("Range", "bytes=99999999999999999999999-").send().status());
        }

        @Test
        void ignoresAMalformedRange() {
            assertEquals(200, client.get("/a.txt").header("Range", "bytes=5-2").send().status());
            assertEquals(200, client.get("/a.txt").header("Range", "lines=1-2").send().status());
        }

        @Test
        void honoursIfRangeOnlyWhenTheEtagMatchesStrongly() {
            String etag = client.get("/a.txt").send().header("ETag");
            assertEquals(206, client.get("/a.txt").header("Range", "bytes=0-0").header("If-Range", etag).send().status());
            assertEquals(200, client.get("/a.txt").header("Range", "bytes=0-0").header("If-Range", "W/" + etag)
                    .send().status());
            assertEquals(200, client.get("/a.txt").header("Range", "bytes=0-0").header("If-Range", "\"old\"")
                    .send().status());
        }

        @Test
        void honoursIfRangeWithTheExactLastModifiedDate() {
            assertEquals(206, client.get("/a.txt").header("Range", "bytes=0-0")
                    .header("If-Range", HttpDate.format(MODIFIED)).send().status());
            assertEquals(200, client.get("/a.txt").header("Range", "bytes=0-0")
                    .header("If-Range", HttpDate.format(MODIFIED + 60000)).send().status());
        }

        @Test
        void ignoresRangeOnHead() {
            TestResponse r = client.head("/a.txt").header("Range", "bytes=0-1").send();
            assertEquals(200, r.status());
            assertEquals("36", r.header("Content-Length"));
        }
    }

    @Nested
    class Configuration {
        @Test
        void rejectsARootThatDoesNotExist() {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> StaticFiles.builder(dir.resolve("nope")).build());
            assertTrue(e.getMessage().contains("existing directory"), e.getMessage());
        }

        @Test
        void rejectsARootThatIsAFile() {
            assertThrows(IllegalArgumentException.class, () -> StaticFiles.builder(root.resolve("a.txt")).build());
        }

        @ParameterizedTest
        @ValueSource(strings = {"", ".", "..", "a/b", "a\\b"})
        void rejectsIndexNamesThatAreNotPlainNames(String name) {
            assertThrows(IllegalArgumentException.class, () -> StaticFiles.builder(root).indexFiles(name));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, 1001})
        void rejectsARangeLimitOutOfBounds(int max) {
            assertThrows(IllegalArgumentException.class, () -> StaticFiles.builder(root).maxRanges(max));
        }

        @Test
        void rejectsACacheControlWithCrlf() {
            assertThrows(IllegalArgumentException.class,
                    () -> StaticFiles.builder(root).cacheControl("max-age=1\r\nSet-Cookie: x=1"));
        }

        @Test
        void printsAsTheBuilderCode() {
            StaticFiles files = StaticFiles.builder(root).maxRanges(4).cacheControl("max-age=60")
                    .hiddenFiles(true).build();
            assertNotNull(files);
            assertEquals("StaticFiles.builder(Path.of(\"" + root + "\")).hiddenFiles(true).maxRanges(4)"
                    + ".cacheControl(\"max-age=60\").build()", files.toString());
        }
    }

    @Test
    void closesTheFileOnceTheResponseIsSent() {
        List<FileBody> opened = new ArrayList<>();
        FileWrapper recording = (ch, pos, count, block) -> {
            FileBody body = new FileBody(ch, pos, count, block);
            opened.add(body);
            return body;
        };
        StaticFiles files = StaticFiles.builder(root).build();
        TestClient recorded = TestClient.of((env, sr) -> {
            env.put(Environ.WSGI_FILE_WRAPPER, recording);
            return files.call(env, sr);
        });
        recorded.get("/a.txt").send();
        recorded.get("/a.txt").header("Range", "bytes=1-2").send();
        assertEquals(2, opened.size());
        assertFalse(opened.get(0).channel().isOpen());
        assertFalse(opened.get(1).channel().isOpen());
    }

    /** Files users uploaded must never run as the site that serves them. */
    @Nested
    class UserContent {
        TestClient users;

        @BeforeEach
        void userFiles() throws IOException {
            write(root.resolve("report.html"), "<script>document.title='pwned'</script>");
            write(root.resolve("pic.svg"), "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>");
            write(root.resolve("feed.xml"), "<x/>");
            write(root.resolve("app.js"), "alert(1)");
            write(root.resolve("paper.pdf"), "%PDF-1.4");
            write(root.resolve("photo.png"), "\u0089PNG");
            users = TestClient.of(StaticFiles.builder(root).userContent().build());
        }

        @ParameterizedTest(name = "{0} is sent as an attachment")
        @ValueSource(strings = {"report.html", "pic.svg", "feed.xml", "app.js", "paper.pdf", "data.unknownext",
            "docs/index.html"})
        void sendsActiveOrUnknownTypesAsAttachments(String path) {
            TestResponse r = users.get("/" + path).send();
            assertEquals(200, r.status());
            String name = path.substring(path.lastIndexOf('/') + 1);
            assertEquals("attachment; filename=\"" + name + "\"", r.header("Content-Disposition"));
            assertEquals("nosniff", r.header("X-Content-Type-Options"));
            assertEquals("sandbox", r.header("Content-Security-Policy"));
        }

        @ParameterizedTest(name = "{0} is shown inline")
        @ValueSource(strings = {"photo.png", "a.txt"})
        void showsPassiveTypesInlineButSandboxedAndUnsniffed(String path) {
            TestResponse r = users.get("/" + path).send();
            assertEquals(200, r.status());
            assertNull(r.header("Content-Disposition"));
            assertEquals("nosniff", r.header("X-Content-Type-Options"));
            assertEquals("sandbox", r.header("Content-Security-Policy"));
        }

        @Test
        void protectsRangesHeadAndNotModifiedToo() {
            TestResponse range = users.get("/report.html").header("Range", "bytes=0-3").send();
            assertEquals(206, range.status());
            assertEquals("attachment; filename=\"report.html\"", range.header("Content-Disposition"));
            assertEquals("sandbox", range.header("Content-Security-Policy"));
            TestResponse head = users.head("/pic.svg").send();
            assertEquals("attachment; filename=\"pic.svg\"", head.header("Content-Disposition"));
            TestResponse fresh = users.get("/report.html").header("If-None-Match", range.header("ETag")).send();
            assertEquals(304, fresh.status());
            assertEquals("nosniff", fresh.header("X-Content-Type-Options"));
        }

        @Test
        void encodesNamesThatAreNotPlainAscii() throws IOException {
            write(root.resolve("caf\u00e9 \"x\".html"), "<b>");
            TestResponse r = users.get("/caf%C3%A9%20%22x%22.html").send();
            assertEquals("attachment; filename=\"caf_ _x_.html\"; filename*=UTF-8''caf%C3%A9%20%22x%22.html",
                    r.header("Content-Disposition"));
        }

        @Test
        void leavesOrdinaryStaticFilesAlone() {
            TestResponse r = client.get("/docs/index.html").send();
            assertNull(r.header("Content-Disposition"));
            assertNull(r.header("Content-Security-Policy"));
        }

        @Test
        void printsTheOption() {
            assertTrue(StaticFiles.builder(root).userContent().build().toString().endsWith(".userContent().build()"));
        }
    }
}

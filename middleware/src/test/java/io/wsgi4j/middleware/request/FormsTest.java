// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormsTest {
    private static final String BOUNDARY = "----wsgi4jBoundary7MA4YWxk";
    private static final String MULTIPART = "multipart/form-data; boundary=" + BOUNDARY;

    /** A multipart body: alternating header blocks and contents, each part framed by the boundary. */
    static byte[] multipart(String... headersAndContents) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < headersAndContents.length; i += 2) {
            b.append("--").append(BOUNDARY).append("\r\n").append(headersAndContents[i]).append("\r\n\r\n")
                    .append(headersAndContents[i + 1]).append("\r\n");
        }
        return b.append("--").append(BOUNDARY).append("--\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    static String field(String name) {
        return "Content-Disposition: form-data; name=\"" + name + "\"";
    }

    static String file(String name, String filename) {
        return field(name) + "; filename=\"" + filename + "\"\r\nContent-Type: text/plain";
    }

    /** Runs {@code body} through a RequestScope'd app that parses the form with {@code limits}. */
    private static TestResponse post(String contentType, byte[] body, Limits limits, AtomicReference<FormData> seen) {
        Application app = RequestScope.of().wrap((environ, sr) -> {
            FormData form = Forms.parse(environ, limits);
            seen.set(form);
            sr.start("200 OK", Headers.of("Content-Type", "text/plain; charset=utf-8"));
            return Body.of(form.toString());
        });
        return TestClient.of(app).post("/").header("Content-Type", contentType).body(body).send();
    }

    private static TestResponse post(String contentType, byte[] body, Limits limits) {
        return post(contentType, body, limits, new AtomicReference<>());
    }

    @Nested
    class UrlEncodedBodies {
        @Test
        void fieldsAreDecoded() {
            TestResponse r = post("application/x-www-form-urlencoded",
                    "title=Hello+w%C3%B6rld&tag=a&tag=b".getBytes(StandardCharsets.US_ASCII), Limits.DEFAULT);
            assertEquals("FormData{title=[Hello wörld], tag=[a, b]}", r.text());
        }

        @Test
        void aBodyOverTheFormLimitAnswers413BeforeReading() {
            TestResponse r = post("application/x-www-form-urlencoded", new byte[101],
                    Limits.DEFAULT.withMaxFormBytes(100));
            assertEquals(413, r.status());
            assertTrue(r.text().contains("101 bytes"), r.text());
        }

        @Test
        void tooManyFieldsAnswer413() {
            TestResponse r = post("application/x-www-form-urlencoded", "a=1&b=2&c=3".getBytes(StandardCharsets.US_ASCII),
                    Limits.DEFAULT.withMaxFields(2));
            assertEquals(413, r.status());
        }

        @Test
        void aBodyLongerThanItsContentLengthSaysIsStillCut() {
            Environ environ = new Environ();
            environ.put(Environ.CONTENT_TYPE, "application/x-www-form-urlencoded");
            environ.put(Environ.WSGI_INPUT, new ByteArrayInputStream(new byte[50]));
            RequestException e = assertThrows(RequestException.class,
                    () -> Forms.parse(environ, Limits.DEFAULT.withMaxFormBytes(10)));
            assertEquals(413, e.status());
        }

        @Test
        void otherContentTypesGiveAnEmptyForm() {
            Environ environ = new Environ();
            environ.put(Environ.CONTENT_TYPE, "application/json");
            assertSame(FormData.EMPTY, Forms.parse(environ));
        }

        @Test
        void theBodyIsReadOnceAndTheFormCached() {
            Environ environ = new Environ();
            environ.put(Environ.CONTENT_TYPE, "application/x-www-form-urlencoded");
            environ.put(Environ.WSGI_INPUT, new ByteArrayInputStream("a=1".getBytes(StandardCharsets.US_ASCII)));
            FormData first = Forms.parse(environ);
            assertSame(first, Forms.parse(environ));
            assertEquals("1", first.field("a"));
        }
    }

    @Nested
    class MultipartBodies {
        @Test
        void fieldsAndFilesAreSeparated() {
            AtomicReference<FormData> seen = new AtomicReference<>();
            byte[] body = multipart(field("title"), "Grüße", file("doc", "notes.txt"), "line 1\r\nline 2",
                    file("doc", "empty.txt"), "");
            TestResponse r = post(MULTIPART, body, Limits.DEFAULT, seen);
            assertEquals(200, r.status());
            FormData form = seen.get();
            assertEquals("Grüße", form.field("title"));
            Upload doc = form.file("doc");
            assertEquals("notes.txt", doc.filename());
            assertEquals("text/plain", doc.contentType());
            assertEquals("line 1\r\nline 2", doc.text());
            assertTrue(doc.isInMemory());
            assertEquals(2, form.files("doc").size());
            assertEquals(0, form.files("doc").get(1).size());
        }

        @Test
        void aPreambleAndAnEpilogueAreIgnored() {
            byte[] core = multipart(field("a"), "1");
            byte[] body = ("preamble text\r\n" + new String(core, StandardCharsets.UTF_8) + "epilogue")
                    .getBytes(StandardCharsets.UTF_8);
            AtomicReference<FormData> seen = new AtomicReference<>();
            assertEquals(200, post(MULTIPART, body, Limits.DEFAULT, seen).status());
            assertEquals("1", seen.get().field("a"));
        }

        @Test
        void contentThatLooksLikeABoundaryPrefixIsKept() {
            String tricky = "\r\n--" + BOUNDARY.substring(0, 10) + " not the end \r\n-";
            AtomicReference<FormData> seen = new AtomicReference<>();
            post(MULTIPART, multipart(file("f", "x.bin"), tricky), Limits.DEFAULT, seen);
            assertEquals(tricky, seen.get().file("f").text());
        }

        @ParameterizedTest(name = "reads of at most {0} bytes")
        @ValueSource(ints = {1, 2, 3, 7, 64})
        void theResultDoesNotDependOnHowTheInputArrives(int chunk) {
            byte[] body = multipart(field("a"), "one\r\n--not", file("f", "x.txt"), "\r\n\r\n--" + BOUNDARY.substring(1),
                    field("b"), "");
            Environ environ = new Environ();
            environ.put(Environ.CONTENT_TYPE, MULTIPART);
            environ.put(Environ.WSGI_INPUT, new ByteArrayInputStream(body) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    return super.read(b, off, Math.min(len, chunk));
                }
            });
            FormData form = Forms.parse(environ);
            assertEquals("one\r\n--not", form.field("a"));
            assertEquals("\r\n\r\n--" + BOUNDARY.substring(1), form.file("f").text());
            assertEquals("", form.field("b"));
        }

        @Test
        void aLargeFileIsStreamedAcrossManyBufferFills() {
            byte[] big = new byte[200_000];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) ('a' + i % 26);
            }
            Application app = RequestScope.of().wrap((environ, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "application/octet-stream"));
                return List.of(Forms.parse(environ).file("f").bytes());
            });
            TestResponse r = TestClient.of(app).post("/").header("Content-Type", MULTIPART)
                    .body(multipart(file("f", "big.txt"), new String(big, StandardCharsets.US_ASCII))).send();
            assertArrayEquals(big, r.bytes());
        }
    }

    @Nested
    class Spooling {
        @TempDir
        Path tmp;

        @Test
        void anUploadPastTheThresholdGoesToATempFileThatIsDeletedAtTheEnd() throws IOException {
            AtomicReference<FormData> seen = new AtomicReference<>();
            AtomicReference<List<Path>> during = new AtomicReference<>();
            Application app = RequestScope.of().wrap((environ, sr) -> {
                FormData form = Forms.parse(environ, Limits.DEFAULT.withSpoolThreshold(10).withTempDir(tmp));
                seen.set(form);
                try (Stream<Path> files = Files.list(tmp)) {
                    during.set(files.toList());
                }
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return Body.of(form.file("f").text());
            });
            TestResponse r = TestClient.of(app).post("/").header("Content-Type", MULTIPART)
                    .body(multipart(file("f", "a.txt"), "0123456789abcdef")).send();
            assertEquals("0123456789abcdef", r.text());
            assertFalse(seen.get().file("f").isInMemory());
            assertEquals(1, during.get().size());
            try (Stream<Path> files = Files.list(tmp)) {
                assertEquals(List.of(), files.toList(), "the temp file is deleted when the response closes");
            }
        }

        @Test
        void aFailedParseDeletesWhatItSpooled() throws IOException {
            byte[] body = multipart(file("f", "a.txt"), "0123456789abcdef", file("g", "b.txt"), "x".repeat(100));
            TestResponse r = post(MULTIPART, body,
                    Limits.DEFAULT.withSpoolThreshold(4).withTempDir(tmp).withMaxFileBytes(50));
            assertEquals(413, r.status());
            try (Stream<Path> files = Files.list(tmp)) {
                assertEquals(List.of(), files.toList());
            }
        }

        @Test
        void withoutRequestScopeClosingTheFormDeletesTheFiles() throws IOException {
            Environ environ = new Environ();
            byte[] body = multipart(file("f", "a.txt"), "0123456789abcdef");
            environ.put(Environ.CONTENT_TYPE, MULTIPART);
            environ.put(Environ.WSGI_INPUT, new ByteArrayInputStream(body));
            FormData form = Forms.parse(environ, Limits.DEFAULT.withSpoolThreshold(1).withTempDir(tmp));
            assertEquals("0123456789abcdef", form.file("f").text());
            form.close();
            try (Stream<Path> files = Files.list(tmp)) {
                assertEquals(List.of(), files.toList());
            }
        }
    }

    @Nested
    class MultipartLimits {
        @Test
        void aFieldOverItsLimitAnswers413() {
            TestResponse r = post(MULTIPART, multipart(field("a"), "x".repeat(11)), Limits.DEFAULT.withMaxFieldBytes(10));
            assertEquals(413, r.status());
            assertTrue(r.text().contains("form field \"a\""), r.text());
        }

        @Test
        void aFileOverItsLimitAnswers413() {
            TestResponse r = post(MULTIPART, multipart(file("f", "a"), "x".repeat(11)), Limits.DEFAULT.withMaxFileBytes(10));
            assertEquals(413, r.status());
            assertTrue(r.text().contains("uploaded file \"f\""), r.text());
        }

        @Test
        void aFileAtExactlyItsLimitIsAccepted() {
            TestResponse r = post(MULTIPART, multipart(file("f", "a"), "x".repeat(10)), Limits.DEFAULT.withMaxFileBytes(10));
            assertEquals(200, r.status());
        }

        @Test
        void aBodyOverTheTotalLimitAnswers413() {
            byte[] body = multipart(file("f", "a"), "x".repeat(500), file("g", "b"), "y".repeat(500));
            TestResponse r = post(MULTIPART, body, Limits.DEFAULT.withMaxBodyBytes(600));
            assertEquals(413, r.status());
        }

        @Test
        void aBodyWithoutContentLengthIsCutAtTheTotalLimit() {
            Environ environ = new Environ();
            environ.put(Environ.CONTENT_TYPE, MULTIPART);
            environ.put(Environ.WSGI_INPUT, new ByteArrayInputStream(multipart(file("f", "a"), "x".repeat(5000))));
            RequestException e = assertThrows(RequestException.class,
                    () -> Forms.parse(environ, Limits.DEFAULT.withMaxBodyBytes(1000)));
            assertEquals(413, e.status());
        }

        @Test
        void tooManyPartsAnswer413() {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                parts.add(field("f" + i));
                parts.add("v");
            }
            TestResponse r = post(MULTIPART, multipart(parts.toArray(String[]::new)), Limits.DEFAULT.withMaxFields(3));
            assertEquals(413, r.status());
        }

        @Test
        void endlessPartHeadersAnswer413() {
            String headers = field("a") + "\r\nX-Padding: " + "p".repeat(9000);
            TestResponse r = post(MULTIPART, multipart(headers, "v"), Limits.DEFAULT);
            assertEquals(413, r.status());
        }
    }

    @Nested
    class MalformedMultipart {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "multipart/form-data",
            "multipart/form-data; boundary=",
            "multipart/form-data; boundary=\"\"",
            "multipart/form-data; boundary=bad<chars>",
        })
        void aMissingOrBadBoundaryAnswers400(String contentType) {
            TestResponse r = post(contentType, multipart(field("a"), "1"), Limits.DEFAULT);
            assertEquals(400, r.status());
            assertTrue(r.text().contains("boundary"), r.text());
        }

        /** RFC 6838 4.3: a parameter twice is an error; readers taking the other boundary see another form. */
        @Test
        void aBoundaryGivenTwiceAnswers400() {
            TestResponse r = post(MULTIPART + "; boundary=other", multipart(field("a"), "1"), Limits.DEFAULT);
            assertEquals(400, r.status(), r.text());
            assertTrue(r.text().contains("\"boundary\" twice"), r.text());
        }

        @Test
        void anUnterminatedPartAnswers400() {
            byte[] whole = multipart(field("a"), "value");
            byte[] cut = Arrays.copyOf(whole, whole.length - BOUNDARY.length() - 8);
            TestResponse r = post(MULTIPART, cut, Limits.DEFAULT);
            assertEquals(400, r.status());
            assertTrue(r.text().contains("closing boundary is missing"), r.text());
        }

        @Test
        void aBodyWithoutAnyBoundaryAnswers400() {
            TestResponse r = post(MULTIPART, "just some text".getBytes(StandardCharsets.US_ASCII), Limits.DEFAULT);
            assertEquals(400, r.status());
        }

        @Test
        void aBodyEndingInsidePartHeadersAnswers400() {
            byte[] body = ("--" + BOUNDARY + "\r\nContent-Disposition: form-da").getBytes(StandardCharsets.US_ASCII);
            assertEquals(400, post(MULTIPART, body, Limits.DEFAULT).status());
        }

        @Test
        void aBoundaryFollowedByGarbageAnswers400() {
            byte[] body = ("--" + BOUNDARY + "XX\r\n").getBytes(StandardCharsets.US_ASCII);
            assertEquals(400, post(MULTIPART, body, Limits.DEFAULT).status());
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "Content-Type: text/plain",
            "Content-Disposition: attachment; name=\"a\"",
            "Content-Disposition: form-data",
            "no colon here",
        })
        void aPartWithoutAUsableDispositionAnswers400(String headers) {
            assertEquals(400, post(MULTIPART, multipart(headers, "v"), Limits.DEFAULT).status());
        }

        @Test
        void aPartWithNoHeadersAtAllAnswers400() {
            byte[] body = ("--" + BOUNDARY + "\r\n\r\nvalue\r\n--" + BOUNDARY + "--").getBytes(StandardCharsets.US_ASCII);
            assertEquals(400, post(MULTIPART, body, Limits.DEFAULT).status());
        }

        @Test
        void readingTheBodyTwiceWithStreamingIsAProgrammingError() {
            Environ environ = new Environ();
            environ.put(Environ.CONTENT_TYPE, MULTIPART);
            environ.put(Environ.WSGI_INPUT, new ByteArrayInputStream(multipart(field("a"), "1")));
            Forms.parse(environ);
            environ.remove(Forms.KEY);
            assertThrows(IllegalStateException.class, () -> Forms.parse(environ));
        }

        @Test
        void twoDispositionsInOnePartAnswer400() {
            String headers = field("a") + "\r\n" + field("b");
            assertEquals(400, post(MULTIPART, multipart(headers, "v"), Limits.DEFAULT).status());
        }

        /**
         * A line starting with a space or tab continues the header before it (RFC 5322 folding, obsolete in
         * HTTP: RFC 9112 5.2). A MIME reader unfolds this into a Content-Disposition with a file name; this
         * parser took the line for a header of its own, "x", and saw a text field.
         */
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {" ", "\t"})
        void aFoldedPartHeaderAnswers400(String blank) {
            String headers = field("a") + "\r\n" + blank + "x: ; filename=\"x.html\"";
            TestResponse r = post(MULTIPART, multipart(headers, "v"), Limits.DEFAULT);
            assertEquals(400, r.status(), r.text());
            assertTrue(r.text().contains("folded"), r.text());
        }

        /**
         * RFC 6266 4.1: a Content-Disposition with a parameter twice is invalid. This parser took the first,
         * readers that keep the last see another field or a file: the split twoDispositions... refuses.
         */
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"; name=\"b\"", "; filename=\"x.html\"; filename=\"y.txt\"", "; NAME=b"})
        void aDispositionParameterGivenTwiceAnswers400(String more) {
            TestResponse r = post(MULTIPART, multipart(field("a") + more, "v"), Limits.DEFAULT);
            assertEquals(400, r.status(), r.text());
            assertTrue(r.text().contains("twice"), r.text());
        }

        /**
         * A reader that ends header lines at a bare LF or CR (many do) sees two Content-Disposition headers
         * here, the second a file; this parser saw one header, a file named "a": two readers, two forms.
         */
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"\n", "\r", "\u0000"})
        void aBareCrLfOrNulInsidePartHeadersAnswers400(String bare) {
            String headers = field("a") + bare + file("b", "x.html");
            TestResponse r = post(MULTIPART, multipart(headers, "v"), Limits.DEFAULT);
            assertEquals(400, r.status(), r.text());
            assertTrue(r.text().contains("CR, LF or NUL"), r.text());
        }

        /** The 400 must name what is not UTF-8: it said "a multipart part name" for a bad file name too. */
        @Test
        void aFileNameThatIsNotUtf8UnderStrictUtf8Answers400NamingTheFileName() {
            byte[] body = multipart(file("f", "caf\u00e9.txt"), "x");
            byte[] latin1 = new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.ISO_8859_1);
            TestResponse r = post(MULTIPART, latin1, Limits.DEFAULT.withStrictUtf8(true));
            assertEquals(400, r.status(), r.text());
            assertTrue(r.text().contains("file name"), r.text());
        }

        @Test
        void anExtendedFilenameStillMakesAFile() {
            AtomicReference<FormData> seen = new AtomicReference<>();
            String headers = field("f") + "; filename*=UTF-8''na%C3%AFve.txt";
            post(MULTIPART, multipart(headers, "x"), Limits.DEFAULT, seen);
            assertEquals("naïve.txt", seen.get().file("f").filename());
        }

        @Test
        void aFilenameWithQuotesEncodedAsBrowsersDoIsKeptVerbatim() {
            AtomicReference<FormData> seen = new AtomicReference<>();
            post(MULTIPART, multipart(file("f", "a%22b\\c.txt"), "x"), Limits.DEFAULT, seen);
            assertEquals("a%22b\\c.txt", seen.get().file("f").filename());
            assertNull(seen.get().file("other"));
        }
    }
    /**
     * WHATWG HTML (form submission, "_charset_") and RFC 7578 section 4.6: a field named {@code _charset_} holds
     * the encoding the browser used for the form; the other fields are decoded in it.
     */
    @Nested
    class CharsetField {
        private static final String URLENCODED = "application/x-www-form-urlencoded";

        private byte[] latin1Multipart(String charset) {
            String body = "--" + BOUNDARY + "\r\n" + field("title") + "\r\n\r\nGr\u00fc\u00dfe\r\n"
                    + "--" + BOUNDARY + "\r\n" + field("_charset_") + "\r\n\r\n" + charset + "\r\n"
                    + "--" + BOUNDARY + "--\r\n";
            return body.getBytes(StandardCharsets.ISO_8859_1);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"_charset_=ISO-8859-1&title=Gr%FC%DFe", "title=Gr%FC%DFe&_charset_=windows-1252",
                "_charset_=utf-8&title=Gr%C3%BC%C3%9Fe", "_CHARSET_=ISO-8859-1&title=Gr%FC%DFe"})
        void decodesAUrlEncodedFormInTheCharsetItNames(String form) {
            AtomicReference<FormData> seen = new AtomicReference<>();
            TestResponse r = post(URLENCODED, form.getBytes(StandardCharsets.US_ASCII),
                    Limits.DEFAULT.withStrictUtf8(true), seen);
            assertEquals(200, r.status(), r.text());
            assertEquals("Gr\u00fc\u00dfe", seen.get().field("title"));
        }

        @Test
        void decodesAMultipartFormInTheCharsetItNamesEvenAfterTheFields() {
            AtomicReference<FormData> seen = new AtomicReference<>();
            TestResponse r = post(MULTIPART, latin1Multipart("ISO-8859-1"), Limits.DEFAULT.withStrictUtf8(true), seen);
            assertEquals(200, r.status(), r.text());
            assertEquals("Gr\u00fc\u00dfe", seen.get().field("title"));
            assertEquals("ISO-8859-1", seen.get().field("_charset_"));
        }

        /** WHATWG HTML: a multipart form's names and file names are in the form's charset too, not only its values. */
        @Test
        void decodesMultipartNamesAndFileNamesInTheCharsetTheFormNames() {
            AtomicReference<FormData> seen = new AtomicReference<>();
            String body = "--" + BOUNDARY + "\r\n" + file("pi\u00e8ce", "r\u00e9sum\u00e9.txt") + "\r\n\r\nhello\r\n"
                    + "--" + BOUNDARY + "\r\n" + field("pr\u00e9nom") + "\r\n\r\nRen\u00e9e\r\n"
                    + "--" + BOUNDARY + "\r\n" + field("_Charset_") + "\r\n\r\nwindows-1252\r\n"
                    + "--" + BOUNDARY + "--\r\n";
            TestResponse r = post(MULTIPART, body.getBytes(StandardCharsets.ISO_8859_1), Limits.DEFAULT.withStrictUtf8(true),
                    seen);
            assertEquals(200, r.status(), r.text());
            assertEquals("Ren\u00e9e", seen.get().field("pr\u00e9nom"));
            Upload u = seen.get().file("pi\u00e8ce");
            assertEquals("r\u00e9sum\u00e9.txt", u.filename());
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"x-no-such-charset", "UTF-16", "no spaces"})
        void anUnknownOrNotAsciiCompatibleCharsetAnswers400NamingIt(String charset) {
            String form = "a=1&_charset_=" + charset.replace(" ", "+");
            TestResponse r = post(URLENCODED, form.getBytes(StandardCharsets.US_ASCII), Limits.DEFAULT);
            assertEquals(400, r.status());
            assertTrue(r.text().contains(charset), r.text());
            TestResponse m = post(MULTIPART, latin1Multipart(charset), Limits.DEFAULT);
            assertEquals(400, m.status());
            assertTrue(m.text().contains(charset), m.text());
        }

        @Test
        void bytesThatAreNotInTheNamedCharsetAnswer400UnderStrictDecoding() {
            // 0x81 alone is not a Shift_JIS character: it leads a two-byte one
            TestResponse r = post(URLENCODED, "_charset_=Shift_JIS&a=%81".getBytes(StandardCharsets.US_ASCII),
                    Limits.DEFAULT.withStrictUtf8(true));
            assertEquals(400, r.status());
            assertTrue(r.text().contains("Shift_JIS"), r.text());
        }
    }
}

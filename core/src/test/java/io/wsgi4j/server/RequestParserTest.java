// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The request parser on raw bytes in memory. */
class RequestParserTest {
    final RequestParser parser = new RequestParser(ServerConfig.builder()
            .maxRequestLineBytes(64).maxHeaderBytes(128).maxHeaderCount(4).maxBodyBytes(1000).build());
    final RequestHead head = new RequestHead();

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    RequestHead parse(String request) throws HttpException {
        byte[] b = bytes(request);
        parser.reset();
        int n = parser.findEnd(b, 0, b.length);
        assertTrue(n > 0, "head not complete: " + request);
        parser.parse(b, 0, n, head);
        return head;
    }

    int refusal(String request) {
        return assertThrows(HttpException.class, () -> parse(request)).status();
    }

    @Nested
    class FindingTheEnd {
        @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Content-Length: 5|true", "content-LENGTH: 5|true", "Content-Type: text/plain|false",
        "X-Content-Length: 5|false", "Connection: close|false"})
    void noticesAContentLengthFieldWhileFindingTheEndOfTheHead(String field, boolean names) throws HttpException {
        // what the reactor looks at before it parses a head to wait for its body
        byte[] head = ("POST / HTTP/1.1\r\nHost: h\r\n" + field + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        parser.reset();
        assertEquals(head.length, parser.findEnd(head, 0, head.length));
        assertEquals(names, parser.namesLength());
        parser.reset();
        assertFalse(parser.namesLength(), "a reset forgets it");
    }

    @Test
        void needsMoreBytesUntilTheEmptyLine() throws HttpException {
            byte[] b = bytes("GET / HTTP/1.1\r\nHost: h\r\n\r\nGET /next");
            assertEquals(-1, parser.findEnd(b, 0, 10));
            assertEquals(-1, parser.findEnd(b, 0, 26));
            assertEquals(27, parser.findEnd(b, 0, b.length));
        }

        @Test
        void worksAtAnOffsetInTheBuffer() throws HttpException {
            byte[] b = bytes("xxxxGET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals(27, parser.findEnd(b, 4, b.length));
            parser.parse(b, 4, 27, head);
            assertEquals("GET", head.method);
        }

        @Test
        void refusesALongRequestLineBeforeItEnds() {
            byte[] b = bytes("GET /" + "a".repeat(100));
            assertEquals(414, assertThrows(HttpException.class, () -> parser.findEnd(b, 0, b.length)).status());
        }

        /**
         * A long line whose method is cut short by a character no method holds ("GET/..." lacks its space) is a
         * malformed request line (RFC 9112 section 3: 400), not a method longer than any implemented (501).
         */
        @Test
        void refusesALongLineWithoutASpaceAfterItsMethodAsMalformedNotAsALongMethod() {
            byte[] b = bytes("GET/" + "a".repeat(100));
            HttpException e = assertThrows(HttpException.class, () -> parser.findEnd(b, 0, b.length));
            assertEquals(400, e.status(), e.getMessage());
            assertTrue(e.getMessage().contains("\"/\""), e.getMessage());
            byte[] ended = bytes("GET/" + "a".repeat(100) + "\r\n\r\n");
            parser.reset();
            assertEquals(400, assertThrows(HttpException.class, () -> parser.findEnd(ended, 0, ended.length)).status());
        }

        @Test
        void refusesAMethodAloneLongerThanTheLineLimitWith501() {
            byte[] b = bytes("A".repeat(100));
            assertEquals(501, assertThrows(HttpException.class, () -> parser.findEnd(b, 0, b.length)).status());
        }

        @Test
        void refusesALargeHeaderSectionBeforeItEnds() {
            byte[] b = bytes("GET / HTTP/1.1\r\nX: " + "a".repeat(200));
            assertEquals(431, assertThrows(HttpException.class, () -> parser.findEnd(b, 0, b.length)).status());
        }

        @Test
        void acceptsAHeaderSectionExactlyAtTheLimit() throws HttpException {
            String field = "X: " + "a".repeat(128 - 14) + "\r\n"; // with "Host: h\r\n", 128 bytes
            assertEquals("a".repeat(114), parse("GET / HTTP/1.1\r\nHost: h\r\n" + field + "\r\n").values[1]);
            byte[] over = bytes("GET / HTTP/1.1\r\nHost: h\r\nX: " + "a".repeat(115) + "\r\n\r\n");
            parser.reset();
            assertEquals(431, assertThrows(HttpException.class, () -> parser.findEnd(over, 0, over.length)).status());
        }
    }

    @Nested
    class Parsing {
        @Test
        void splitsTheRequestLineAndHeaders() throws HttpException {
            RequestHead h = parse("POST /p?q=1 HTTP/1.1\r\nHost: example.com\r\nX-Tab:\t a b \t\r\n"
                    + "Content-Length: 12\r\n\r\n");
            assertEquals("POST", h.method);
            assertEquals("/p?q=1", h.target);
            assertEquals("HTTP/1.1", h.protocol);
            assertEquals(3, h.count);
            assertEquals("X-Tab", h.names[1]);
            assertEquals("a b", h.values[1]);
            assertEquals(12, h.contentLength);
            assertFalse(h.chunked);
        }

        @Test
        void keepsHeaderNamesAsSentExceptForWellKnownOnes() throws HttpException {
            RequestHead h = parse("GET / HTTP/1.1\r\nhost: h\r\nx-custom: v\r\n\r\n");
            assertSame("Host", h.names[0]);
            assertEquals("x-custom", h.names[1]);
        }

        @Test
        void reusesStringsThatRepeatFromThePreviousRequest() throws HttpException {
            String first = parse("GET /same HTTP/1.1\r\nHost: h\r\n\r\n").target;
            String firstHost = head.values[0];
            parse("GET /same HTTP/1.1\r\nHost: h\r\n\r\n");
            assertSame(first, head.target);
            assertSame(firstHost, head.values[0]);
            parse("GET /other HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals("/other", head.target);
        }

        @Test
        void decodesHeaderValuesAsLatin1() throws HttpException {
            assertEquals("caf\u00e9", parse("GET / HTTP/1.1\r\nHost: h\r\nX: caf\u00e9\r\n\r\n").values[1]);
        }

        @Test
        void marksChunkedBodiesAndExpectations() throws HttpException {
            RequestHead h = parse("PUT / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n"
                    + "Expect: 100-Continue\r\n\r\n");
            assertTrue(h.chunked);
            assertTrue(h.expectContinue);
            assertEquals(-1, h.contentLength);
            assertTrue(h.hasBody());
        }

        @Test
        void ignoresExpectContinueOnHttp10() throws HttpException {
            assertFalse(parse("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n").expectContinue);
        }

        @ParameterizedTest(name = "Expect: \"{0}\"")
        @CsvSource(delimiter = '|', value = {
            "100-continue, 100-continue | true",  // what a proxy makes of two Expect lines
            "'100-continue ,'            | true",
            "''                          | false",
            "' , '                       | false",
        })
        void readsExpectAsAListThatMayHoldEmptyElementsRfc9110Section5_6_1(String value, boolean continues)
                throws HttpException {
            // Expect = #expectation: a recipient ignores empty list elements, and only a member other than
            // 100-continue is grounds for a 417 (RFC 9110 section 10.1.1)
            assertEquals(continues, parse("POST / HTTP/1.1\r\nHost: h\r\nExpect: " + value
                    + "\r\nContent-Length: 1\r\n\r\n").expectContinue);
        }
    }

    @ParameterizedTest(name = "{1} for {2}")
    @CsvSource(delimiter = '|', textBlock = """
            GET / HTTP/1.1~Host : h~~                                   | 400 | whitespace before colon
            GET / HTTP/1.1~Host: h~X: a~ b~~                            | 400 | obs-fold
            GET / HTTP/1.1~~                                            | 400 | missing Host
            GET / HTTP/1.1~Host: a~Host: b~~                            | 400 | two Hosts
            GET / HTTP/1.0~Host: a~Host: a~~                            | 400 | two Hosts on 1.0
            GET / HTTP/1.1~Host: h~Content-Length: 1~Content-Length: 2~~ | 400 | differing lengths
            GET / HTTP/1.1~Host: h~Content-Length: 1e3~~                | 400 | malformed length
            GET / HTTP/1.1~Host: h~Content-Length: 99999999999999999999~~ | 400 | length too long
            GET / HTTP/1.1~Host: h~Content-Length: 1001~~               | 413 | body over the limit
            GET / HTTP/1.1~Host: h~Transfer-Encoding: identity~~        | 400 | not ending in chunked
            GET / HTTP/1.1~Host: h~Transfer-Encoding: br, chunked~~     | 501 | unsupported coding
            GET / HTTP/1.1~Host: h~Transfer-Encoding: chunked;q=1~~     | 400 | chunked with parameters
            GET / HTTP/1.1~Host: h~Transfer-Encoding: ,chunked~~        | 400 | empty coding
            GET / HTTP/1.1~Host: h~Expect: 200-ok~~                     | 417 | unknown expectation
            GET / HTTP/1.1~Host: h~Expect: 100-continue, 200-ok~~       | 417 | unknown expectation in a list
            GET / HTTP/1.1~A: 1~B: 2~C: 3~D: 4~E: 5~~                   | 431 | too many fields
            GET / HTTP/9.9~~                                            | 505 | unknown version
            GET / HTTP/1.1x~Host: h~~                                   | 400 | version with junk
            GET / HTTP/1~Host: h~~                                      | 400 | short version
            CONNECT h:1 HTTP/1.1~Host: h~~                              | 501 | CONNECT
            GET //x HTTP/1.1~~                                          | 400 | missing Host with odd target
            """)
    void refusesMalformedHeads(String request, int status, String why) {
        assertEquals(status, refusal(request.strip().replace("~", "\r\n")), why);
    }

    @Test
    void refusesABareLfAsSoonAsItIsSeen() {
        byte[] b = bytes("GET / HTTP/1.1\nHost: h");
        assertEquals(400, assertThrows(HttpException.class, () -> parser.findEnd(b, 0, b.length)).status());
    }
}

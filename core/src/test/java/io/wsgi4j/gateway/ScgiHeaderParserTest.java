// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScgiHeaderParserTest {
    /** Text with '0' standing for NUL, so tables stay readable. */
    private static InputStream in(String text) {
        return new ByteArrayInputStream(text.replace('0', '\0').replace("\\0", "0")
                .getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String block(String pairs) {
        return pairs.length() + ":" + pairs + ",";
    }

    @Test
    void parsesTheSpecificationsExampleAndLeavesTheBodyUnread() throws IOException {
        String pairs = "CONTENT_LENGTH\0" + "27\0SCGI\0" + "1\0REQUEST_METHOD\0POST\0REQUEST_URI\0/deepthought\0";
        InputStream in = new ByteArrayInputStream((pairs.length() + ":" + pairs + ",What is the answer to life?")
                .getBytes(StandardCharsets.ISO_8859_1));
        Map<String, String> headers = ScgiHeaderParser.parse(in, 1024);
        assertEquals(List.of("CONTENT_LENGTH", "SCGI", "REQUEST_METHOD", "REQUEST_URI"), List.copyOf(headers.keySet()));
        assertEquals("27", headers.get("CONTENT_LENGTH"));
        assertEquals("/deepthought", headers.get("REQUEST_URI"));
        assertEquals("What is the answer to life?", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void keepsValueBytesAsIso88591() throws IOException {
        String pairs = "CONTENT_LENGTH\0" + "0\0SCGI\0" + "1\0HTTP_X\0\u00c3\u00a9\0";
        Map<String, String> headers = ScgiHeaderParser.parse(new ByteArrayInputStream(
                block(pairs).getBytes(StandardCharsets.ISO_8859_1)), 1024);
        assertEquals("\u00c3\u00a9", headers.get("HTTP_X"));
    }

    @Test
    void aRepeatedNameKeepsItsLastValueAsNginxSendsAnOverriddenParameter() throws IOException {
        // include scgi_params; scgi_param QUERY_STRING ...; sends QUERY_STRING twice, the override last
        String pairs = "CONTENT_LENGTH\0" + "0\0SCGI\0" + "1\0QUERY_STRING\0a=1\0REQUEST_METHOD\0GET\0"
                + "QUERY_STRING\0b=2\0CONTENT_LENGTH\0" + "0\0SCGI\0" + "1\0";
        Map<String, String> headers = ScgiHeaderParser.parse(new ByteArrayInputStream(
                block(pairs).getBytes(StandardCharsets.ISO_8859_1)), 1024);
        assertEquals("b=2", headers.get("QUERY_STRING"));
        assertEquals(List.of("CONTENT_LENGTH", "SCGI", "QUERY_STRING", "REQUEST_METHOD"), List.copyOf(headers.keySet()));
    }

    /**
     * nginx up to 1.22 passes a request header that came twice as two SCGI headers of the same name;
     * SPEC.md section 2 has them joined with ", " (Cookie with "; "), as the reference server joins them.
     */
    @Test
    void aRequestHeaderGivenTwiceIsJoinedAsSpecSection2Has() throws IOException {
        String pairs = "CONTENT_LENGTH\0" + "0\0SCGI\0" + "1\0HTTP_COOKIE\0a=1\0HTTP_X_A\0one\0"
                + "HTTP_COOKIE\0b=2\0HTTP_X_A\0two\0";
        Map<String, String> headers = ScgiHeaderParser.parse(new ByteArrayInputStream(
                block(pairs).getBytes(StandardCharsets.ISO_8859_1)), 1024);
        assertEquals("a=1; b=2", headers.get("HTTP_COOKIE"));
        assertEquals("one, two", headers.get("HTTP_X_A"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        // input ('0' = NUL, '\0' = the digit)                   | what is wrong
        "x:,                                                     | no length digits",
        ":,                                                      | empty length",
        "2\\0:CONTENT_LENGTH0\\00SCGI010,                        | length longer than the block",
        "24:CONTENT_LENGTH0\\00SCGI010;                          | no trailing comma",
        "14:SCGI010CONTENT_LENGTH0\\00,                          | CONTENT_LENGTH not first",
        "17:CONTENT_LENGTH0x0,                                   | CONTENT_LENGTH not a number",
        "17:CONTENT_LENGTH0\\00,                                 | SCGI header missing",
        "24:CONTENT_LENGTH0\\00SCGI020,                          | SCGI header not 1",
        "23:CONTENT_LENGTH0\\00SCGI01,                           | value not NUL-terminated",
        "41:CONTENT_LENGTH0\\00SCGI010CONTENT_LENGTH050,         | CONTENT_LENGTH repeated with another value",
        "30:CONTENT_LENGTH0\\00SCGI010SCGI020,                   | SCGI repeated with another value",
        "99999999999:,                                           | length beyond the limit",
    })
    void rejectsMalformedBlocks(String input, String problem) {
        IOException e = assertThrows(IOException.class, () -> ScgiHeaderParser.parse(in(input.strip()), 1024), problem);
        assertTrue(e instanceof GatewayProtocolException || e instanceof EOFException, e.toString());
    }

    @Test
    void rejectsABlockLargerThanTheLimitBeforeReadingIt() {
        GatewayProtocolException e = assertThrows(GatewayProtocolException.class,
                () -> ScgiHeaderParser.parse(new ByteArrayInputStream("2000:".getBytes(StandardCharsets.US_ASCII)), 1024));
        assertTrue(e.getMessage().contains("limit of 1024 bytes"), e.getMessage());
    }

    @Test
    void aProblemQuotesOnlyAShortEscapedPieceOfWhatThePeerSent() {
        // the message goes into a 400 body and a log line: a peer's CR LF must not start a line there
        String name = "X\r\nForged: line" + "a".repeat(10_000);
        String pairs = name + "\0" + "1\0";
        byte[] sent = (pairs.length() + ":" + pairs + ",").getBytes(StandardCharsets.ISO_8859_1);
        IOException e = assertThrows(IOException.class,
                () -> ScgiHeaderParser.parse(new ByteArrayInputStream(sent), 64 * 1024));
        assertTrue(e.getMessage().contains("must be CONTENT_LENGTH"), e.getMessage());
        assertTrue(!e.getMessage().contains("\r") && !e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().length() < 400, e.getMessage().length() + " characters");
    }
}

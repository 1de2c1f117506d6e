// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The charset of a form's text: the one its {@code _charset_} field names, else UTF-8. A browser fills a
 * hidden field of that name with the encoding it submitted the form in (WHATWG HTML, "constructing the
 * entry list"; RFC 7578 section 4.6), which is the page's when that is not UTF-8: without it, a form from
 * an ISO-8859-1 page would be read as UTF-8 and every accented letter lost.
 */
final class FormCharset {
    /** The field's name. */
    static final String FIELD = "_charset_";

    /** The 128 ASCII characters: a charset that encodes them as these same bytes keeps {@code & = + %} in place. */
    private static final byte[] ASCII = new byte[128];

    static {
        for (int i = 0; i < ASCII.length; i++) {
            ASCII[i] = (byte) i;
        }
    }

    private FormCharset() {}

    /**
     * The charset {@code label} names (a Java or IANA name or alias, as browsers send them).
     *
     * @throws RequestException 400 naming the label when it names no charset this JVM has, or one that does not
     *     keep ASCII as is (UTF-16, EBCDIC): a form was split on its ASCII {@code &} and {@code =} before decoding
     */
    static Charset named(String label, String what) {
        Charset charset;
        try {
            charset = Charset.forName(label.strip());
        } catch (IllegalArgumentException e) { // an illegal name or one this JVM does not support
            throw RequestException.badRequest(what + " names the charset " + RequestException.quote(label)
                    + " in its " + FIELD + " field, and this server knows no charset of that name");
        }
        if (!charset.canEncode() || !Arrays.equals(new String(ASCII, StandardCharsets.ISO_8859_1).getBytes(charset),
                ASCII)) {
            throw RequestException.badRequest(what + " names the charset " + RequestException.quote(label)
                    + " in its " + FIELD + " field, which does not encode ASCII as ASCII; no browser sends a form in it");
        }
        return charset;
    }

    /**
     * {@code b[from..from+length)} as text in {@code charset}; malformed input is replaced by U+FFFD, or
     * answers 400 naming the charset when {@code strict}.
     */
    static String decode(byte[] b, int from, int length, Charset charset, boolean strict, String what) {
        if (charset.equals(StandardCharsets.UTF_8)) {
            return UrlEncoded.utf8(b, from, length, strict, what);
        }
        if (!strict) {
            return new String(b, from, length, charset);
        }
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, from, length)).toString();
        } catch (CharacterCodingException e) {
            throw RequestException.badRequest(what + " is not valid " + charset.name() + ", the charset its "
                    + FIELD + " field names");
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.wsgi4j.Header;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.junit.jupiter.api.Test;

class ResponseFieldsTest {
    private final ResponseFields fields = new ResponseFields();

    @Test
    void aHeaderSentAgainIsEncodedOnceAndThatEncodingReused() {
        Header contentType = Header.of("Content-Type", "text/plain");
        HttpField first = fields.of(contentType);
        assertFalse(first instanceof PreEncodedHttpField, "seen once: a plain field");
        HttpField second = fields.of(contentType);
        assertInstanceOf(PreEncodedHttpField.class, second);
        assertSame(second, fields.of(contentType));
        for (HttpField f : List.of(first, second)) {
            assertEquals(HttpHeader.CONTENT_TYPE, f.getHeader());
            assertEquals("text/plain", f.getValue());
        }
    }

    @Test
    void anEqualHeaderMadePerResponseIsNeverMistakenForAnother() {
        // many distinct objects, some of which land in the same slots: each field carries its own value
        List<Header> made = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            made.add(Header.of("X-Count", Integer.toString(i)));
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < made.size(); i++) {
                HttpField f = fields.of(made.get(i));
                assertEquals("X-Count", f.getName());
                assertEquals(Integer.toString(i), f.getValue());
            }
        }
    }

    @Test
    void keepsTheApplicationsNameAndValueForUnknownHeaders() {
        Header custom = Header.of("x-Mixed-Case", "a\tb \u00e9");
        fields.of(custom);
        HttpField encoded = fields.of(custom);
        assertEquals("x-Mixed-Case", encoded.getName());
        assertEquals("a\tb \u00e9", encoded.getValue());
    }
}

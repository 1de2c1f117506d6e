// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.testing.TestClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NegotiationTest {

    private static Environ with(String header, String value) {
        Environ environ = new Environ();
        if (!value.equals("-")) {
            environ.put(Environ.headerKey(header), value);
        }
        return environ;
    }

    @Nested
    class MediaTypes {
        @ParameterizedTest(name = "Accept: {0} -> {1}")
        @CsvSource(delimiter = '|', nullValues = "null", value = {
            "-                                              | text/html",
            "application/json                               | application/json",
            "text/html;q=0.5, application/json              | application/json",
            "text/*;q=0.3, application/json;q=0.2           | text/html",
            "*/*                                            | text/html",
            "*/*;q=0.1, application/json                    | application/json",
            "text/html;q=0, */*                             | application/json",
            "image/png                                      | null",
            "text/html;q=0, application/json;q=0            | null",
            "application/*, application/json;q=0            | null",
            "text/*, text/html;q=0.1, application/json;q=0.5| application/json",
            "text/html;q=abc, application/json;q=0.1        | application/json",
            "TEXT/HTML                                      | text/html",
            "text/html;q=1.5, application/json;q=0.1        | application/json",
        })
        void picksTheOfferWithTheBestQuality(String accept, String expected) {
            assertEquals(expected, Negotiation.best(with("Accept", accept), "text/html", "application/json"));
        }

        @Test
        void equalQualityPrefersTheMoreSpecificMatchThenServerOrder() {
            assertEquals("text/html", Negotiation.best(with("Accept", "text/html, */*"), "application/json", "text/html"));
            assertEquals("application/json", Negotiation.best(with("Accept", "*/*"), "application/json", "text/html"));
        }

        @Test
        void aRangeWithParametersMatchesOnlyOffersWithThem() {
            String accept = "text/html;level=1, text/html;q=0.2";
            assertEquals(1.0, Negotiation.quality(accept, "text/html;level=1"));
            assertEquals(0.2, Negotiation.quality(accept, "text/html"));
        }

        @Test
        void noOffersIsAProgrammingError() {
            assertThrows(IllegalArgumentException.class, () -> Negotiation.best(new Environ()));
        }

        @Test
        void anAppCanAnswer406ThroughTheClient() {
            Application app = (environ, sr) -> {
                String type = Negotiation.best(environ, "text/plain", "application/json");
                sr.start(type == null ? "406 Not Acceptable" : "200 OK", Headers.of("Content-Type", "text/plain"));
                return Body.of(String.valueOf(type));
            };
            assertEquals(406, TestClient.of(app).get("/").header("Accept", "image/*").send().status());
            assertEquals("application/json",
                    TestClient.of(app).get("/").header("Accept", "application/json").send().text());
        }
    }

    @Nested
    class Languages {
        @ParameterizedTest(name = "Accept-Language: {0} -> {1}")
        @CsvSource(delimiter = '|', nullValues = "null", value = {
            "-                          | en",
            "fr-CH, fr;q=0.9, en;q=0.8  | fr",
            "de                         | null",
            "en-US                      | null",
            "*;q=0.5, fr                | fr",
            "*                          | en",
            "pt-br                      | pt-BR",
            "pt;q=0.9, en;q=0.5         | pt-BR",
        })
        void usesBasicFiltering(String header, String expected) {
            assertEquals(expected, Negotiation.bestLanguage(with("Accept-Language", header), "en", "fr", "pt-BR"));
        }
    }
    // Accept-Encoding: bestEncoding is AcceptEncoding.best, tested in AcceptEncodingTest's table
}

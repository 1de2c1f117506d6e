// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wsgi4j.handler.EnvironBuilder;
import io.wsgi4j.middleware.request.Negotiation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One table for the project's one Accept-Encoding parser (Gzip, StaticFiles and Negotiation use it). */
class AcceptEncodingTest {

    /** {@code prefersGzip}: gzip over identity; {@code best}: of the offers gzip, identity (in that order). */
    @ParameterizedTest(name = "[{0}] -> prefers gzip {1}, best {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        // header                              | prefersGzip | best
        "null                                  | false       | gzip",
        "gzip                                  | true        | gzip",
        "GZip                                  | true        | gzip",
        "x-gzip                                | true        | gzip",
        "gzip, deflate, br                     | true        | gzip",
        "br;q=1.0, gzip;q=0.8, *;q=0.1         | true        | gzip",
        "br;q=1.0, gzip;q=0.8, identity;q=0.5  | true        | gzip",
        "deflate, gzip;q=1.0, *;q=0.5          | true        | gzip",
        "gzip;q=0                              | false       | identity",
        "gzip;q=0.000                          | false       | identity",
        "gzip ; q = 0.5                        | true        | gzip",
        "gzip;q=0.5, identity;q=0.4            | true        | gzip",
        "gzip;q=0.5, identity                  | false       | identity",
        "*;q=0.5, identity                     | false       | identity",
        "br;q=1.0, gzip;q=0.8                  | true        | gzip",
        "br                                    | false       | identity",
        "*                                     | true        | gzip",
        "*;q=0                                 | false       | null",
        "*;q=0, gzip                           | true        | gzip",
        "gzip;q=0, *                           | false       | identity",
        "identity                              | false       | identity",
        "identity;q=0                          | false       | null",
        "identity;q=0, gzip;q=0                | false       | null",
        "identity;q=0, *                       | true        | gzip",
        "deflate                               | false       | identity",
        "gzip;q=1.5                            | false       | identity",
        "gzip;q=abc                            | false       | identity",
        "gzip;q=0.1234                         | false       | identity",
        "gzip;level=9                          | false       | identity",
        "''                                    | false       | identity",
        "' , ,'                                | false       | identity",
        "gzip;q=1.000                          | true        | gzip",
        "gzip;Q=1                              | true        | gzip",
    })
    void weighsCodingsAsRfc9110Says(String header, boolean prefersGzip, String best) {
        assertEquals(prefersGzip, AcceptEncoding.prefers(header, "gzip"), "prefers");
        assertEquals(best, AcceptEncoding.best(header, "gzip", "identity"), "best");
        EnvironBuilder request = new EnvironBuilder();
        if (header != null) {
            request.header("Accept-Encoding", header);
        }
        assertEquals(best, Negotiation.bestEncoding(request.build(), "gzip", "identity"), "Negotiation.bestEncoding");
    }

    @Test
    void breaksTiesByNamingThenByOfferOrder() {
        assertEquals("br", AcceptEncoding.best("*, br", "gzip", "br"), "named beats '*' at the same weight");
        assertEquals("gzip", AcceptEncoding.best("br, gzip", "gzip", "br"), "then the first offer");
    }

    @Test
    void refusesToChooseAmongNoOffers() {
        assertThrows(IllegalArgumentException.class, () -> AcceptEncoding.best("gzip"));
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptEncodingTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "gzip                              | true",
        "GZip                              | true",
        "x-gzip                            | true",
        "gzip, deflate, br                 | true",
        "br;q=1.0, gzip;q=0.8, *;q=0.1      | true",
        "br;q=1.0, gzip;q=0.8, identity;q=0.5 | true",
        "deflate, gzip;q=1.0, *;q=0.5      | true",
        "gzip;q=0                          | false",
        "gzip;q=0.000                      | false",
        "gzip ; q = 0.5                    | true",
        "gzip;q=0.5, identity;q=0.4        | true",
        "gzip;q=0.5, identity              | false",
        "*;q=0.5, identity                 | false",
        "br;q=1.0, gzip;q=0.8              | true",
        "*                                 | true",
        "*;q=0                             | false",
        "gzip;q=0, *                       | false",
        "identity                          | false",
        "identity;q=0                      | false",
        "identity;q=0, *                   | true",
        "deflate                           | false",
        "gzip;q=1.5                        | false",
        "gzip;q=abc                        | false",
        "gzip;q=0.1234                     | false",
        "gzip;level=9                      | false",
        "''                                | false",
        "' , ,'                            | false",
        "gzip;q=1.000                      | true",
        "gzip;Q=1                          | true",
    })
    void prefersGzipOnlyWhenTheWeightsSaySo(String header, boolean expected) {
        assertEquals(expected, AcceptEncoding.prefers(header, "gzip"), header);
    }

    @org.junit.jupiter.api.Test
    void prefersNothingWithoutAHeader() {
        assertFalse(AcceptEncoding.prefers(null, "gzip"));
    }
}

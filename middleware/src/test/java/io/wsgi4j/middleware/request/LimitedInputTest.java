// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One table for the module's one body-limit stream (used by BodyLimit and multipart Forms). */
class LimitedInputTest {
    private static final class Refused extends IOException {
        Refused(long limit) {
            super("over " + limit);
        }
    }

    /** {@code reads}: how the whole body is consumed; {@code result}: bytes read, or "refused". */
    @ParameterizedTest(name = "{0} bytes, limit {1}, read by {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        // body | limit | reads      | result
        "0      | 0     | bulk       | 0",
        "0      | 0     | byte       | 0",
        "1      | 0     | bulk       | refused",
        "1      | 0     | byte       | refused",
        "3      | 3     | bulk       | 3",
        "3      | 3     | byte       | 3",
        "3      | 3     | skip       | 3",
        "4      | 3     | bulk       | refused",
        "4      | 3     | byte       | refused",
        "4      | 3     | skip       | refused",
        "5000   | 4096  | bulk       | refused",
        "4096   | 4096  | bulk       | 4096",
        "2      | 100   | bulk       | 2",
    })
    void readsUpToTheLimitAndRefusesTheByteAfter(int body, long limit, String reads, String result) {
        byte[] bytes = new byte[body];
        Arrays.fill(bytes, (byte) 'x');
        InputStream in = LimitedInput.of(new ByteArrayInputStream(bytes), limit, l -> {
            throw new Refused(l);
        });
        if (result.equals("refused")) {
            Refused e = assertThrows(Refused.class, () -> consume(in, reads));
            assertEquals("over " + limit, e.getMessage());
        } else {
            assertEquals(Long.parseLong(result), assertDoesNotThrowConsume(in, reads));
        }
    }

    private static long assertDoesNotThrowConsume(InputStream in, String reads) {
        try {
            long n = consume(in, reads);
            assertEquals(-1, in.read(), "the end of the body stays the end");
            return n;
        } catch (IOException e) {
            throw new AssertionError("refused a body within the limit", e);
        }
    }

    private static long consume(InputStream in, String reads) throws IOException {
        switch (reads) {
            case "bulk":
                return in.readAllBytes().length;
            case "skip":
                long skipped = 0;
                for (long s; (s = in.skip(1 << 20)) > 0; ) {
                    skipped += s;
                }
                return skipped + (in.read() < 0 ? 0 : 1);
            default:
                long n = 0;
                while (in.read() >= 0) {
                    n++;
                }
                return n;
        }
    }
}

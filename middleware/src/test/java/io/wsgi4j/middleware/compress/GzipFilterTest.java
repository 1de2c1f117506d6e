// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GzipFilterTest {

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void producesAValidGzipStreamWithCrcAndSize(boolean streaming) throws IOException {
        GzipFilter f = new GzipFilter(6, streaming);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            String chunk = "chunk " + i + " " + "abc".repeat(i * 100) + "\n";
            expected.append(chunk);
            out.write(f.chunk(chunk.getBytes(StandardCharsets.UTF_8)));
        }
        out.write(f.chunk(new byte[0]));
        out.write(f.end());
        f.close();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            assertEquals(expected.toString(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void encodesAnEmptyBody(boolean streaming) throws IOException {
        GzipFilter f = new GzipFilter(1, streaming);
        byte[] all = f.end();
        f.close();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(all))) {
            assertEquals(0, in.readAllBytes().length);
        }
    }
}

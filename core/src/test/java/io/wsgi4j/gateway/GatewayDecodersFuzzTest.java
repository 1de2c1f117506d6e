// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Fuzz tests of the two decoders that read bytes a peer controls: the FastCGI record reader (with
 * PARAMS decoding) and the SCGI header parser. The only acceptable failures are
 * {@link GatewayProtocolException} and {@link EOFException}; anything else (an index error, an
 * out-of-memory, a runaway loop) is a bug.
 *
 * <p>In CI, the {@code @FuzzTest}s replay their seed inputs (Jazzer's regression mode) and the
 * seeded-random mutation tests run a fixed 20,000 inputs each. A real fuzzing run:
 * {@code JAZZER_FUZZ=1 ./mvnw -pl core test -Dtest='GatewayDecodersFuzzTest$FastCgi#records'}.
 */
class GatewayDecodersFuzzTest {
    static void decodeRecords(byte[] data) throws IOException {
        FastCgiRecordReader reader = new FastCgiRecordReader(new ByteArrayInputStream(data));
        try {
            FastCgiRecord r;
            while ((r = reader.read()) != null) {
                if (r.type() == FastCgiRecord.PARAMS || r.type() == FastCgiRecord.GET_VALUES) {
                    FastCgiParams.decode(r.content(), r.content().length);
                }
            }
        } catch (GatewayProtocolException | EOFException expected) {
            // a malformed stream, reported as such
        }
    }

    static void parseScgi(byte[] data) throws IOException {
        try {
            Map<String, String> headers = ScgiHeaderParser.parse(new ByteArrayInputStream(data), 64 * 1024);
            if (!headers.keySet().iterator().next().equals("CONTENT_LENGTH")) {
                throw new AssertionError("the parser accepted a block not starting with CONTENT_LENGTH");
            }
        } catch (GatewayProtocolException | EOFException expected) {
            // a malformed block, reported as such
        }
    }

    /** Applies {@code rounds} random byte flips, insertions and truncations to each seed. */
    static void mutate(List<byte[]> seeds, int rounds, ThrowingConsumer target) throws IOException {
        Random random = new Random(20261121);
        for (int i = 0; i < rounds; i++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            byte[] b = seed.clone();
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits && b.length > 0; e++) {
                int at = random.nextInt(b.length);
                switch (random.nextInt(3)) {
                    case 0:
                        b[at] = (byte) random.nextInt(256);
                        break;
                    case 1:
                        b = java.util.Arrays.copyOf(b, at);
                        break;
                    default:
                        byte[] longer = new byte[b.length + 1];
                        System.arraycopy(b, 0, longer, 0, at);
                        longer[at] = (byte) random.nextInt(256);
                        System.arraycopy(b, at, longer, at + 1, b.length - at);
                        b = longer;
                        break;
                }
            }
            target.accept(b);
        }
    }

    interface ThrowingConsumer {
        void accept(byte[] b) throws IOException;
    }

    @Nested
    class FastCgi {
        @FuzzTest(maxDuration = "30s")
        void records(byte[] data) throws IOException {
            decodeRecords(data);
        }

        @Test
        void randomMutationsOfValidStreamsFailOnlyAsProtocolErrors() throws IOException {
            mutate(validFastCgiStreams(), 20_000, GatewayDecodersFuzzTest::decodeRecords);
        }
    }

    @Nested
    class Scgi {
        @FuzzTest(maxDuration = "30s")
        void headerBlocks(byte[] data) throws IOException {
            parseScgi(data);
        }

        @Test
        void randomMutationsOfValidBlocksFailOnlyAsProtocolErrors() throws IOException {
            List<byte[]> seeds = List.of(
                    ascii("24:CONTENT_LENGTH\u00000\u0000SCGI\u00001\u0000,"),
                    ascii("45:CONTENT_LENGTH\u000012\u0000SCGI\u00001\u0000REQUEST_METHOD\u0000POST\u0000,hello world!"));
            mutate(seeds, 20_000, GatewayDecodersFuzzTest::parseScgi);
        }
    }

    static List<byte[]> validFastCgiStreams() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        FastCgiRecordWriter w = new FastCgiRecordWriter();
        byte[] begin = {0, 1, 1, 0, 0, 0, 0, 0};
        w.record(FastCgiRecord.BEGIN_REQUEST, 1, begin, 0, 8);
        byte[] params = FastCgiParams.encode(Map.of("REQUEST_METHOD", "GET", "PATH_INFO", "/x".repeat(80)));
        w.record(FastCgiRecord.PARAMS, 1, params, 0, params.length);
        w.record(FastCgiRecord.PARAMS, 1, new byte[0], 0, 0);
        w.record(FastCgiRecord.STDIN, 1, new byte[] {1, 2, 3}, 0, 3);
        w.record(FastCgiRecord.STDIN, 1, new byte[0], 0, 0);
        seeds.add(java.util.Arrays.copyOf(w.buffer(), w.length()));
        w.clear();
        byte[] values = FastCgiParams.encode(Map.of("FCGI_MAX_CONNS", "", "FCGI_MPXS_CONNS", ""));
        w.record(FastCgiRecord.GET_VALUES, 0, values, 0, values.length);
        seeds.add(java.util.Arrays.copyOf(w.buffer(), w.length()));
        return seeds;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}

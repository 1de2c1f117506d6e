// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class BodyTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static CloseableBody closeable(String... chunks) {
        CloseableBody body = mock(CloseableBody.class);
        when(body.iterator()).thenAnswer(i -> java.util.Arrays.stream(chunks).map(BodyTest::b).iterator());
        return body;
    }

    @Nested
    class Factories {
        @Test
        void ofEncodesTextAsUtf8InOneChunk() {
            List<byte[]> body = Body.of("Zoë");
            assertEquals(1, body.size());
            assertArrayEquals(b("Zoë"), body.get(0));
        }

        @Test
        void ofTakesACharsetAndRawChunks() {
            assertArrayEquals(new byte[] {(byte) 0xeb}, Body.of("ë", StandardCharsets.ISO_8859_1).get(0));
            byte[] one = b("1");
            assertSame(one, Body.of(one, b("2")).get(0));
        }

        @Test
        void emptyHasNoChunks() {
            assertTrue(Body.empty().isEmpty());
        }

        @Test
        void toBytesConcatenatesAndCloses() {
            CloseableBody body = closeable("ab", "", "c");
            assertArrayEquals(b("abc"), Body.toBytes(body));
            verify(body).close();
        }
    }

    @Nested
    class Closing {
        @Test
        void closeClosesOnlyAutoCloseableBodies() {
            CloseableBody body = closeable();
            Body.close(body);
            verify(body).close();
            Body.close(Body.of("plain")); // nothing to do, no failure
        }

        @Test
        void aCheckedFailureInCloseIsWrappedUnchecked() throws Exception {
            class Resource implements Iterable<byte[]>, AutoCloseable {
                @Override
                public Iterator<byte[]> iterator() {
                    return List.<byte[]>of().iterator();
                }

                @Override
                public void close() throws IOException {
                    throw new IOException("disk");
                }
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Body.close(new Resource()));
            assertTrue(e.getCause() instanceof IOException);
        }
    }

    @Nested
    class Map {
        @Test
        void transformsEachChunkLazily() {
            int[] calls = {0};
            CloseableBody mapped = Body.map(List.of(b("a"), b("b")), c -> {
                calls[0]++;
                return b(new String(c, StandardCharsets.UTF_8).toUpperCase());
            });
            Iterator<byte[]> it = mapped.iterator();
            assertEquals(0, calls[0]);
            assertArrayEquals(b("A"), it.next());
            assertEquals(1, calls[0]);
            assertArrayEquals(b("B"), it.next());
            assertThrows(NoSuchElementException.class, it::next);
        }

        @Test
        void closingTheMappedBodyClosesTheOriginalOnceEvenUnread() {
            CloseableBody inner = closeable("x");
            CloseableBody mapped = Body.map(inner, c -> c);
            mapped.close();
            mapped.close();
            verify(inner, times(1)).close();
            verify(inner, never()).iterator();
        }
    }

    @Nested
    class OnClose {
        @Test
        void theHookRunsAfterTheOriginalIsClosedAndOnlyOnce() {
            CloseableBody inner = closeable("x");
            Runnable hook = mock(Runnable.class);
            CloseableBody body = Body.onClose(inner, hook);
            assertArrayEquals(b("x"), body.iterator().next());
            body.close();
            body.close();
            InOrder order = inOrder(inner, hook);
            order.verify(inner).close();
            order.verify(hook).run();
            verify(hook, times(1)).run();
        }

        @Test
        void theHookRunsEvenWhenClosingTheOriginalFails() {
            CloseableBody inner = closeable();
            doThrow(new IllegalStateException("close failed")).when(inner).close();
            Runnable hook = mock(Runnable.class);
            assertThrows(IllegalStateException.class, () -> Body.onClose(inner, hook).close());
            verify(hook).run();
        }

        @Test
        void aFileBodyStaysAFileBodySoItKeepsZeroCopySending(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
                throws IOException {
            FileBody file = FileBody.open(java.nio.file.Files.writeString(dir.resolve("f"), "abc"));
            Runnable hook = mock(Runnable.class);
            FileBody body = org.junit.jupiter.api.Assertions.assertInstanceOf(FileBody.class, Body.onClose(file, hook));
            assertEquals(3, body.count());
            body.close();
            verify(hook, times(1)).run();
            org.junit.jupiter.api.Assertions.assertFalse(file.channel().isOpen());
        }

        @Test
        void wrappersNestAndPrintWhatTheyWrap() {
            CloseableBody inner = closeable();
            CloseableBody body = Body.onClose(Body.map(inner, c -> c), () -> { });
            body.close();
            verify(inner, times(1)).close();
            assertTrue(body.toString().startsWith("Body.onClose(Body.map("), body.toString());
        }
    }
}

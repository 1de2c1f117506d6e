// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileBodyTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("f.txt"), content);
    }

    private static List<String> chunks(Iterable<byte[]> body) {
        List<String> out = new ArrayList<>();
        body.forEach(c -> out.add(new String(c, StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void openCoversTheWholeFile() throws IOException {
        try (FileBody body = FileBody.open(file("hello"))) {
            assertEquals(0, body.position());
            assertEquals(5, body.count());
            assertEquals(List.of("hello"), chunks(body));
        }
    }

    @ParameterizedTest
    @CsvSource({"0, 10, 4, 0123|4567|89", "2, 5, 2, 23|45|6", "3, 0, 4, ''", "0, 3, 64, 012"})
    void iteratesTheRegionInBlocks(long position, long count, int blockSize, String expected) throws IOException {
        try (FileBody body = new FileBody(FileChannel.open(file("0123456789")), position, count, blockSize)) {
            assertEquals(expected, String.join("|", chunks(body)));
        }
    }

    @Test
    void transferToSendsExactlyTheRegion() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FileBody body = new FileBody(FileChannel.open(file("0123456789")), 3, 4, 2)) {
            body.transferTo(Channels.newChannel(out));
        }
        assertEquals("3456", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRegionPastTheEndOfTheFileFailsInsteadOfSendingLess() throws IOException {
        try (FileBody body = new FileBody(FileChannel.open(file("abc")), 0, 10, 4)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> chunks(body));
            assertTrue(e.getMessage().contains("region runs to 10"), e.getMessage());
            IOException t = assertThrows(IOException.class,
                    () -> body.transferTo(Channels.newChannel(new ByteArrayOutputStream())));
            assertTrue(t.getMessage().contains("region runs to 10"), t.getMessage());
        }
    }

    @Test
    void badRegionsAreRejectedNamingTheValues() throws IOException {
        FileChannel ch = FileChannel.open(file("x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FileBody(ch, -1, 1, 1));
        assertTrue(e.getMessage().contains("position -1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FileBody(ch, 0, 1, 0));
        ch.close();
    }

    @Test
    void closeClosesTheChannelOnce() throws IOException {
        FileBody body = FileBody.open(file("x"));
        body.close();
        body.close();
        assertFalse(body.channel().isOpen());
    }

    @Test
    void theDefaultFileWrapperMakesAFileBody() throws IOException {
        Iterable<byte[]> body = FileWrapper.DEFAULT.wrap(FileChannel.open(file("abc")), 1, 2, 8);
        assertTrue(body instanceof FileBody);
        assertEquals(List.of("bc"), chunks(body));
        ((FileBody) body).close();
        assertEquals("FileBody[position=1, count=2]", body.toString());
    }

    @Test
    void openingAMissingFileFails() {
        assertThrows(IOException.class, () -> FileBody.open(dir.resolve("missing")));
    }

    @Test
    void aCloseHookRunsOnceAfterTheChannelClosesAndKeepsTheRegion() throws IOException {
        FileBody original = FileBody.open(file("0123456789"));
        List<String> events = new ArrayList<>();
        FileBody hooked = original.withCloseHook(() -> events.add("first open=" + original.channel().isOpen()))
                .withCloseHook(() -> events.add("second"));
        assertEquals(original.count(), hooked.count());
        assertEquals(List.of("0123456789"), chunks(hooked));
        hooked.close();
        hooked.close();
        assertEquals(List.of("first open=false", "second"), events);
    }

    @Test
    void aCloseHookRunsEvenWhenClosingTheChannelFails() throws IOException {
        FileChannel failing = org.mockito.Mockito.mock(FileChannel.class);
        org.mockito.Mockito.doThrow(new IOException("close failed (test)")).when(failing).close();
        List<String> events = new ArrayList<>();
        FileBody body = new FileBody(failing, 0, 1, 8).withCloseHook(() -> events.add("ran"));
        assertThrows(UncheckedIOException.class, body::close);
        assertEquals(List.of("ran"), events);
    }

    @Test
    void sentCountsWhatIteratingAndTransferringTookAndIsSharedWithTheCloseHooksCopy() throws IOException {
        try (FileBody inner = new FileBody(FileChannel.open(file("0123456789")), 0, 10, 4);
                FileBody outer = inner.withCloseHook(() -> { })) {
            assertEquals(0, inner.sent());
            outer.iterator().next();
            assertEquals(4, inner.sent(), "the copy a server sends and the body a hook holds count together");
            assertEquals(4, outer.sent());
        }
        try (FileBody body = new FileBody(FileChannel.open(file("0123456789")), 2, 6, 4)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(4, body.transferSome(Channels.newChannel(out), 0, 4));
            assertEquals(4, body.sent());
            assertEquals(2, body.transferSome(Channels.newChannel(out), 4, 4), "the slice from offset 4");
            assertEquals("234567", out.toString(StandardCharsets.UTF_8));
            assertEquals(6, body.sent());
            assertEquals(0, body.transferSome(Channels.newChannel(out), 6, 4), "nothing left to send");
            body.transferTo(Channels.newChannel(out));
            assertEquals(6, body.sent(), "never more than the region");
        }
    }

    @Test
    void aBodyReadBeforeItIsSentIsStillSentWhole() throws IOException {
        // an application that reads the first block (to guess a content type, say) and then returns the body
        try (FileBody body = new FileBody(FileChannel.open(file("0123456789")), 0, 10, 4)) {
            body.iterator().next();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            body.transferTo(Channels.newChannel(out));
            assertEquals("0123456789", out.toString(StandardCharsets.UTF_8));
            assertEquals("0123|4567|89", String.join("|", chunks(body)));
        }
    }

    @Test
    void markSentSaysTheWholeRegionWentOut() throws IOException {
        try (FileBody body = new FileBody(FileChannel.open(file("0123456789")), 0, 10, 4)) {
            body.markSent();
            assertEquals(10, body.sent());
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StdinPipeTest {
    @Test
    void deliversChunksInOrderThenEndOfStream() throws IOException {
        StdinPipe pipe = new StdinPipe(1024);
        pipe.offer("abc".getBytes());
        pipe.offer("de".getBytes());
        pipe.finish();
        assertArrayEquals("abcde".getBytes(), pipe.readAllBytes());
        assertEquals(-1, pipe.read());
    }

    @Test
    void aLimitedOfferGivesUpOnAFullPipeAndAddsNothing() throws IOException {
        StdinPipe pipe = new StdinPipe(4);
        assertTrue(pipe.offer("abcd".getBytes(), 0));
        assertEquals(false, pipe.offer("e".getBytes(), TimeUnit.MILLISECONDS.toNanos(1)));
        assertEquals(4, pipe.available());
        pipe.finish();
        assertArrayEquals("abcd".getBytes(), pipe.readAllBytes());
    }

    @Test
    void makesTheReaderWaitForTheNextChunk() throws Exception {
        StdinPipe pipe = new StdinPipe(1024);
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return pipe.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        pipe.offer("late".getBytes());
        pipe.finish();
        assertArrayEquals("late".getBytes(), read.get(10, TimeUnit.SECONDS));
    }

    @Test
    void holdsTheWriterBackAtCapacityUntilTheReaderCatchesUp() throws Exception {
        StdinPipe pipe = new StdinPipe(4);
        pipe.offer("1234".getBytes());
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
            try {
                pipe.offer("5678".getBytes());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] four = new byte[4];
        assertEquals(4, pipe.read(four));
        second.get(10, TimeUnit.SECONDS);
        pipe.finish();
        assertArrayEquals("5678".getBytes(), pipe.readAllBytes());
    }

    @Test
    void failsTheReaderWhenTheBodyCannotComplete() throws IOException {
        StdinPipe pipe = new StdinPipe(1024);
        pipe.offer("part".getBytes());
        pipe.fail(new IOException("web server gone"));
        IOException e = assertThrows(IOException.class, pipe::readAllBytes);
        assertTrue(e.getMessage().contains("web server gone"));
    }

    @Test
    void aFailureAfterTheWholeBodyArrivedLeavesTheBodyToRead() throws IOException {
        StdinPipe pipe = new StdinPipe(1024);
        pipe.offer("whole".getBytes());
        pipe.finish();
        // the web server closed the connection, or aborted the request, after the body's end: nothing
        // of it was lost, so the application reads all of it, never a shorter body that looks complete
        pipe.fail(new IOException("web server gone"));
        assertArrayEquals("whole".getBytes(), pipe.readAllBytes());
    }

    @Test
    void dropsWhatComesAfterTheEndWithoutWaitingForRoom() throws Exception {
        StdinPipe pipe = new StdinPipe(4);
        pipe.offer("1234".getBytes());
        pipe.finish();
        // STDIN records after the end of the stream: nobody will ever read them, so the reader never waits
        CompletableFuture.runAsync(() -> {
            try {
                pipe.offer("5678".getBytes());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(10, TimeUnit.SECONDS);
        assertArrayEquals("1234".getBytes(), pipe.readAllBytes());
    }

    @Test
    void dropsEverythingOnceDiscarded() throws IOException {
        StdinPipe pipe = new StdinPipe(4);
        pipe.offer("1234".getBytes());
        pipe.discard();
        pipe.offer("more that would block".getBytes());
        // the request is over: a wsgi.input kept past it refuses to read (R1.2)
        IllegalStateException e = assertThrows(IllegalStateException.class, pipe::read);
        assertTrue(e.getMessage().startsWith("R1.2 "), e::getMessage);
    }

    @Test
    void aReadOfNoBytesIsRefusedOnceDiscardedAsEveryTransportsInputRefusesIt() {
        StdinPipe pipe = new StdinPipe(4);
        pipe.discard();
        // the reference server's, the bounded and the adapters' inputs refuse every read after the response (R1.2)
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pipe.read(new byte[1], 0, 0));
        assertTrue(e.getMessage().startsWith("R1.2 "), e::getMessage);
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file rewritten between its lookup and its opening (a deploy renaming files into place) is
 * answered as the file that was opened: never a new file cut to the old one's length.
 */
class FileResponderTest {
    @TempDir
    Path dir;

    private final FileResponder responder = new FileResponder(MediaTypes.defaults(), 16, null, false);

    /** The attributes a lookup read before the file was rewritten. */
    private BasicFileAttributes lookedUpThenRewritten(Path file, String before, String after) throws IOException {
        Files.writeString(file, before);
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Files.writeString(file, after);
        return attrs;
    }

    /** A client of the responder answering for {@code file} with the attributes a lookup read. */
    private TestClient answering(Path file, BasicFileAttributes lookedUp) {
        return TestClient.of((env, sr) -> responder.respond(env, sr, file, lookedUp, "f.txt", null, false));
    }

    @Test
    void aFileThatGrewSinceItsLookupGoesOutWhole() throws IOException {
        Path file = dir.resolve("f.txt");
        BasicFileAttributes old = lookedUpThenRewritten(file, "0123456789", "0123456789ABCDEFGHIJ");
        TestResponse r = answering(file, old).get("/f.txt").send();
        assertEquals(200, r.status());
        assertEquals("20", r.header("Content-Length"));
        assertEquals("0123456789ABCDEFGHIJ", r.text());
    }

    @Test
    void aRangeIsCutFromTheFileAsItIsNow() throws IOException {
        Path file = dir.resolve("f.txt");
        BasicFileAttributes old = lookedUpThenRewritten(file, "0123456789", "abcdefghijklmnopqrst");
        TestResponse r = answering(file, old).get("/f.txt").header("Range", "bytes=-5").send();
        assertEquals(206, r.status());
        assertEquals("bytes 15-19/20", r.header("Content-Range"));
        assertEquals("pqrst", r.text());
    }

    @Test
    void aFileThatShrankSinceItsLookupIsAnsweredAsItIsNowForHeadToo() throws IOException {
        Path file = dir.resolve("f.txt");
        BasicFileAttributes old = lookedUpThenRewritten(file, "0123456789", "012");
        TestResponse r = answering(file, old).head("/f.txt").send();
        assertEquals(200, r.status());
        assertEquals("3", r.header("Content-Length"));
    }
}

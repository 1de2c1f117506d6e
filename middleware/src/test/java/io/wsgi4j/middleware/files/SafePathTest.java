// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SafePathTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/a/b.txt          | OK",
        "/...              | HIDDEN",
        "''                | OK",
        "/a...b            | OK",
        "/...              | HIDDEN",
        "/a/.hidden        | HIDDEN",
        "/.git/config      | HIDDEN",
        "/..               | BAD",
        "/a/../b           | BAD",
        "/a/./b            | BAD",
        "/.                | BAD",
        "/a\\b             | BAD",
        "/caf\u00c3\u00a9  | OK",
        "/\u00c0\u00ae     | BAD",
        "/\u00ff           | BAD",
    })
    void checksEachSegment(String pathInfo, SafePath.Verdict verdict) {
        assertEquals(verdict, SafePath.check(pathInfo, false));
    }

    @Test
    void refusesControlCharactersAndNul() {
        assertEquals(SafePath.Verdict.BAD, SafePath.check("/a\u0000b", false));
        assertEquals(SafePath.Verdict.BAD, SafePath.check("/a\r\nb", false));
        assertEquals(SafePath.Verdict.BAD, SafePath.check("/a\u007fb", false));
        assertEquals(SafePath.Verdict.BAD, SafePath.check("/\u2215etc", false));
    }

    @Test
    void allowsHiddenSegmentsWhenAsked() {
        assertEquals(SafePath.Verdict.OK, SafePath.check("/.well-known/x", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a%2fb", "/a%2Fb", "/a%5cb", "/a%5Cb", "/a%00", "/%2F"})
    void refusesEncodedSeparatorsInTheRawTarget(String raw) {
        assertFalse(SafePath.rawTargetIsSafe(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a/b", "/a%20b", "/a?next=%2F", "/a%2", "/%25"})
    void acceptsOtherRawTargets(String raw) {
        assertTrue(SafePath.rawTargetIsSafe(raw));
    }

    @Test
    void resolvesSegmentsUnderTheRootEvenWhenTheyStartWithSlashes() {
        Path root = Path.of("/srv/www");
        assertEquals(root.resolve("etc/passwd"), SafePath.resolve(root, "//etc//passwd"));
        assertEquals(root.resolve("caf\u00e9"), SafePath.resolve(root, "/caf\u00c3\u00a9"));
    }
}

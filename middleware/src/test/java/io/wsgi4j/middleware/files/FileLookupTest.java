// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLookupTest {
    @TempDir
    Path dir;
    Path root;
    FileLookup lookup;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectory(dir.resolve("root")).toRealPath();
        Files.writeString(root.resolve("a.txt"), "a");
        Files.writeString(root.resolve("a.txt.gz"), "gz");
        Files.createDirectory(root.resolve("d"));
        Files.createDirectory(root.resolve("d/index.html"));
        Files.writeString(root.resolve("d/home.html"), "home");
        Files.writeString(dir.resolve("secret"), "s");
        lookup = new FileLookup(root, List.of("index.html", "home.html"));
    }

    @Test
    void findsFilesAndDirectoriesByRealPath() {
        assertEquals(root.resolve("a.txt"), lookup.find("/a.txt").path());
        assertTrue(lookup.find("/d").attrs().isDirectory());
        assertNull(lookup.find("/missing"));
    }

    @Test
    void refusesLinksThatLeaveTheRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("out"), dir.resolve("secret"));
        Files.createSymbolicLink(root.resolve("in"), root.resolve("a.txt"));
        assertNull(lookup.find("/out"));
        assertEquals(root.resolve("a.txt"), lookup.find("/in").path());
    }

    @Test
    void skipsIndexNamesThatAreDirectories() {
        assertEquals(root.resolve("d/home.html"), lookup.index(root.resolve("d")).path());
    }

    @Test
    void findsRegularSiblingsOnly() {
        assertEquals(root.resolve("a.txt.gz"), lookup.sibling(root.resolve("a.txt"), ".gz").path());
        assertNull(lookup.sibling(root.resolve("d/home.html"), ".gz"));
    }
}

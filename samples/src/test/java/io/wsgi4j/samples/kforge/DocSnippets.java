// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import io.wsgi4j.samples.docs.FencedBlock;
import io.wsgi4j.samples.docs.MarkdownBlocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The blocks of docs/DEPLOYING.md marked {@code <!-- snippet: NAME -->} (read by {@link MarkdownBlocks}),
 * so a test runs what the document shows, and a command line split into words the way a POSIX shell
 * splits it (single quotes only, which is all the document uses).
 */
final class DocSnippets {
    static final Path DEPLOYING = Path.of("").toAbsolutePath().getParent().resolve("docs").resolve("DEPLOYING.md");

    private DocSnippets() {}

    /** The content of the fenced block marked {@code <!-- snippet: name -->}, without the fences. */
    static String block(String name) throws IOException {
        return MarkdownBlocks.of("docs/DEPLOYING.md", Files.readString(DEPLOYING)).stream()
                .filter(b -> b.marker(FencedBlock.SNIPPET).filter(name::equals).isPresent())
                .findFirst().map(FencedBlock::text)
                .orElseThrow(() -> new AssertionError(DEPLOYING + " has no block marked <!-- snippet: " + name
                        + " -->; the test runs that block, so put the marker back above it"));
    }

    /** The lines of a block that are commands (not blank, not comments). */
    static List<String> commands(String name) throws IOException {
        return block(name).lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    /** A command line's words: split at spaces, except inside single quotes, which are removed. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                word = word == null ? new StringBuilder() : word;
            } else if (c == ' ' && !quoted) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quoted) {
            throw new AssertionError("unbalanced single quote in: " + line);
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}

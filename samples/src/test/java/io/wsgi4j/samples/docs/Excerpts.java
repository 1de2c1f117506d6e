// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.docs;

import java.util.List;
import java.util.Optional;

/**
 * Checks a block marked {@code <!-- excerpt: PATH -->}: a declaration shown as the project declares it,
 * minus its Javadoc. Compiling a copy would put a second type of the same name beside the real one.
 */
final class Excerpts {
    private Excerpts() {}

    /**
     * Whether every non-blank line of {@code block} occurs, trimmed, among the trimmed lines of
     * {@code file}, in the same order.
     *
     * @return empty when it does; else the first block line that is missing, with its document line
     */
    static Optional<String> firstMissingLine(FencedBlock block, String file) {
        List<String> fileLines = file.replace("\r\n", "\n").lines().map(String::strip).toList();
        List<String> blockLines = block.text().lines().toList();
        int at = 0;
        for (int i = 0; i < blockLines.size(); i++) {
            String line = blockLines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            int found = fileLines.subList(at, fileLines.size()).indexOf(line);
            if (found < 0) {
                return Optional.of(block.doc() + ":" + (block.fenceLine() + 1 + i) + ": \"" + line + "\" is not in "
                        + block.markers().get(FencedBlock.EXCERPT) + " (after the lines before it); show the code as"
                        + " the file has it");
            }
            at += found + 1;
        }
        return Optional.empty();
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Markdown documents a user of the project reads, as paths relative to the repository's root: the
 * two READMEs, SPEC.md and every Markdown file under {@code docs/} (listed, so a guide added later is
 * checked without editing a test). CHANGELOG.md and BENCHMARKS.md are records, not guides.
 */
public final class UserDocs {
    private UserDocs() {}

    /** The documents under {@code root}, the READMEs and SPEC.md first, then {@code docs/} by name. */
    public static List<String> all(Path root) {
        List<String> docs = new ArrayList<>(List.of("README.md", "SPEC.md", "samples/README.md"));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            files.map(f -> "docs/" + f.getFileName()).filter(f -> f.endsWith(".md")).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }
}

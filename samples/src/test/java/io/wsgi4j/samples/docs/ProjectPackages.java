// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The project's public packages this test can see: every {@code io.wsgi4j} package in a module's
 * {@code src/main/java} (not {@code internal}, not the samples) whose classes are on the class path.
 * Read from the sources, so a package added or moved by a change is imported without editing the test.
 */
final class ProjectPackages {
    private ProjectPackages() {}

    static List<String> visible(Path root) {
        List<String> packages = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path sources : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> dirs = Files.walk(sources)) {
                    for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                        visiblePackage(sources, dir).ifPresent(packages::add);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return packages.stream().filter(p -> p.startsWith("io.wsgi4j") && !p.startsWith("io.wsgi4j.samples")
                && !p.contains(".internal")).distinct().sorted().toList();
    }

    /** The package of a source directory when one of its classes loads here. */
    private static Optional<String> visiblePackage(Path sources, Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            Optional<String> source = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".java") && !f.equals("module-info.java") && !f.equals("package-info.java"))
                    .findFirst();
            if (source.isEmpty()) {
                return Optional.empty();
            }
            String path = sources.relativize(dir).toString().replace('\\', '/');
            String clazz = path + "/" + source.get().replaceFirst("\\.java$", ".class");
            return ProjectPackages.class.getClassLoader().getResource(clazz) == null
                    ? Optional.empty() : Optional.of(path.replace('/', '.'));
        }
    }
}

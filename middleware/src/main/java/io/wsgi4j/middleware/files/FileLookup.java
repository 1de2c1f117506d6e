// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Finds files under the real root of a {@link StaticFiles}: every result is a real path (symbolic links
 * followed) that still lies under the root, with its attributes; anything else is "not there", including
 * a name the platform cannot hold (non-ASCII under a {@code LANG=C} JVM, {@code <} or {@code |} on
 * Windows): no such file can exist, so it is a 404, not a 500.
 */
final class FileLookup {
    /** A path under the root and its attributes. */
    record Found(Path path, BasicFileAttributes attrs) {}

    private final Path root;
    private final List<String> indexFiles;

    FileLookup(Path realRoot, List<String> indexFiles) {
        this.root = realRoot;
        this.indexFiles = indexFiles;
    }

    /** What the checked PATH_INFO names, or null when it does not exist or leaves the root. */
    Found find(String pathInfo) {
        try {
            return at(SafePath.resolve(root, pathInfo));
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** The first index file of directory {@code dir} that is a regular file, or null. */
    Found index(Path dir) {
        for (String name : indexFiles) {
            Found f = at(dir, name);
            if (f != null && f.attrs().isRegularFile()) {
                return f;
            }
        }
        return null;
    }

    /** The regular file named like {@code file} plus {@code suffix}, or null. */
    Found sibling(Path file, String suffix) {
        Found f = at(file.getParent(), file.getFileName() + suffix);
        return f != null && f.attrs().isRegularFile() ? f : null;
    }

    private Found at(Path dir, String name) {
        try {
            return at(dir.resolve(name));
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private Found at(Path p) {
        try {
            Path real = p.toRealPath();
            if (!real.startsWith(root)) {
                return null; // a symbolic link out of the root: not ours to serve
            }
            return new Found(real, Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}

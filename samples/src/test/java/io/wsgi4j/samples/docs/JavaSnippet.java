// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.docs;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A {@code java} block of a document turned into a compilation unit the way a reader would paste it
 * into a project. The rule, by the block's shape:
 *
 * <ol>
 *   <li><b>a whole file</b> (it has {@code import} lines): compiled as written, in the document's package;
 *   <li><b>whole types without imports</b> (a top-level {@code class}, {@code interface}, {@code record} or
 *       {@code enum} at column 0): the {@link #IMPORTS imports an IDE would add} go on top (wildcards: every
 *       public package of the project, and the few others the docs use);
 *   <li><b>members</b> (the first line of code, after annotations, starts with a modifier, is annotated, or
 *       is a method header ending in <code>{</code>): put in a class;
 *   <li><b>statements</b> (anything else): put in a method {@code void run() throws Exception} of a class.
 * </ol>
 *
 * <p>The text of a {@code <!-- given: ... -->} marker above the block (declarations of what the snippet
 * takes from the reader's own code, such as {@code Application app;}) goes into that class, or after the
 * types of shapes 1 and 2. Each document gets its own package, so the blocks of one document see each
 * other's types (as in one project) and documents do not clash.
 */
record JavaSnippet(FencedBlock block, Shape shape, String packageName, String className, String source,
        int blockStartLine) {

    /** How the block was wrapped. */
    enum Shape { FILE, TYPES, MEMBERS, STATEMENTS }

    /** Wildcard imports for shapes 2 to 4 besides the project's own packages: what the docs use beside them. */
    static final List<String> OTHER_IMPORTS = List.of(
            "io.micrometer.core.instrument.simple.*", "com.fasterxml.jackson.databind.*", "org.postgresql.ds.*",
            "org.junit.jupiter.api.*", "org.junit.jupiter.api.extension.*", "static org.junit.jupiter.api.Assertions.*",
            "java.io.*", "java.net.*", "java.nio.file.*", "java.time.*", "java.util.*");

    /** Every import of shapes 2 to 4: the project's public packages ({@link ProjectPackages}), then the others. */
    static final List<String> IMPORTS = Stream.concat(
            ProjectPackages.visible(Path.of("").toAbsolutePath().getParent()).stream().map(p -> p + ".*"),
            OTHER_IMPORTS.stream()).toList();

    private static final Pattern IMPORT = Pattern.compile("(?m)^(import|package)\\s");
    private static final Pattern TOP_LEVEL_TYPE = Pattern.compile(
            "(?m)^((public|abstract|final|sealed|non-sealed)\\s+)*(class|interface|record|enum|@interface)\\s+\\w+");
    private static final Pattern MODIFIER = Pattern.compile("^(public|protected|private|static|abstract|final)\\s.*");
    private static final Pattern METHOD_HEADER = Pattern.compile("^[\\w.<>\\[\\]?, ]+\\s+\\w+\\s*\\(.*\\)\\s*"
            + "(throws\\s+[\\w., ]+)?\\{\\s*$");
    private static final Pattern STATEMENT_KEYWORD =
            Pattern.compile("^(try|if|for|while|do|switch|synchronized|return|throw|new)\\b.*");

    /** Wraps {@code block} (a {@code java} block) by the rule above. */
    static JavaSnippet of(FencedBlock block) {
        String pkg = packageFor(block.doc());
        String text = block.text();
        String given = block.marker(FencedBlock.GIVEN).orElse("");
        Shape shape = shapeOf(text);
        String name = "Block" + (block.fenceLine() + 1);
        StringBuilder head = new StringBuilder("package ").append(pkg).append(";\n");
        if (shape == Shape.FILE) {
            String publicType = firstPublicType(text);
            return unit(block, shape, pkg, publicType == null ? name : publicType, head, text, "\n" + given + "\n");
        }
        for (String i : IMPORTS) {
            head.append("import ").append(i).append(";\n");
        }
        if (shape == Shape.TYPES) {
            String publicType = firstPublicType(text);
            return unit(block, shape, pkg, publicType == null ? name : publicType, head, text, "\n" + given + "\n");
        }
        head.append("final class ").append(name).append(" {\n").append(given).append('\n');
        if (shape == Shape.MEMBERS) {
            return unit(block, shape, pkg, name, head, text, "}\n");
        }
        head.append("void run() throws Exception {\n");
        return unit(block, shape, pkg, name, head, text, "}\n}\n");
    }

    private static JavaSnippet unit(FencedBlock block, Shape shape, String pkg, String className, StringBuilder head,
            String text, String tail) {
        int startLine = (int) head.chars().filter(c -> c == '\n').count() + 1;
        return new JavaSnippet(block, shape, pkg, className, head + text + tail, startLine);
    }

    static Shape shapeOf(String text) {
        if (IMPORT.matcher(text).find()) {
            return Shape.FILE;
        }
        if (TOP_LEVEL_TYPE.matcher(text).find()) {
            return Shape.TYPES;
        }
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("//") || line.startsWith("/*") || line.startsWith("*")) {
                continue;
            }
            if (line.startsWith("@")) {
                return Shape.MEMBERS;
            }
            boolean member = MODIFIER.matcher(line).matches()
                    || (METHOD_HEADER.matcher(line).matches() && !STATEMENT_KEYWORD.matcher(line).matches());
            return member ? Shape.MEMBERS : Shape.STATEMENTS;
        }
        return Shape.STATEMENTS;
    }

    /** The package of a document's blocks: {@code docs/TESTING.md} gives {@code docblocks.docs_testing}. */
    static String packageFor(String doc) {
        return "docblocks." + doc.replaceFirst("\\.md$", "").replaceAll("[^A-Za-z0-9]", "_").toLowerCase(Locale.ROOT);
    }

    /** The name of the first public top-level type, which must then be the file's name. */
    private static String firstPublicType(String text) {
        var m = Pattern.compile("(?m)^public\\s+((abstract|final|sealed)\\s+)*(class|interface|record|enum)\\s+(\\w+)")
                .matcher(text);
        return m.find() ? m.group(4) : null;
    }

    /** The document line of line {@code line} of {@link #source}, or -1 when it is in the wrapping. */
    int docLine(long line) {
        long inBlock = line - blockStartLine;
        long blockLines = block.text().chars().filter(c -> c == '\n').count();
        return inBlock < 0 || inBlock >= blockLines ? -1 : (int) (block.fenceLine() + 1 + inBlock);
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code java} block of the documents a newcomer reads compiles against this build, wrapped by
 * {@link JavaSnippet}'s rule. A block is exempt only when marked above its fence: {@code <!-- source: PATH -->}
 * (it is that compiled file; {@code ReadmeExamplesTest} checks they are equal),
 * {@code <!-- excerpt: PATH -->} (its lines are that compiled file's, in order: {@link Excerpts}) or
 * {@code <!-- not compiled: REASON -->}. Every fence must name its language ({@code sh}, {@code text},
 * {@code xml}, ...), so Java cannot hide in an untagged block. The test prints what it compiled and what
 * it left out, block by block.
 */
class DocJavaBlocksCompileTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    @DisplayName("the checked documents include both READMEs, SPEC.md and every guide under docs/")
    void checksEveryUserFacingDocument() {
        List<String> docs = UserDocs.all(ROOT);
        assertTrue(docs.containsAll(List.of("README.md", "SPEC.md", "samples/README.md", "docs/DEPLOYING.md",
                "docs/TESTING.md", "docs/contract-matrix.md")), docs.toString());
    }

    @Test
    @DisplayName("every java block of the READMEs, SPEC.md and docs/*.md compiles or is marked")
    void everyJavaBlockCompilesOrIsMarked(@TempDir Path out) throws Exception {
        List<String> problems = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        int compiledInAll = 0;
        for (String doc : UserDocs.all(ROOT)) {
            List<FencedBlock> blocks = MarkdownBlocks.of(doc, Files.readString(ROOT.resolve(doc)));
            List<JavaSnippet> toCompile = new ArrayList<>();
            int sources = 0;
            int skipped = 0;
            for (FencedBlock b : blocks) {
                if (b.language().isEmpty()) {
                    problems.add(b.where() + ": a fenced block without a language; tag it (```sh, ```text, ```java ...)"
                            + " so a Java block cannot go uncompiled unseen");
                } else if (b.language().equals("java")) {
                    if (b.marker(FencedBlock.SOURCE).isPresent()) {
                        sources++;
                        report.append("  ").append(b.where()).append(" is ").append(b.markers().get(FencedBlock.SOURCE))
                                .append(" (compiled by the build)\n");
                    } else if (b.marker(FencedBlock.EXCERPT).isPresent()) {
                        sources++;
                        String path = b.markers().get(FencedBlock.EXCERPT);
                        Excerpts.firstMissingLine(b, Files.readString(ROOT.resolve(path))).ifPresent(problems::add);
                        report.append("  ").append(b.where()).append(" is an excerpt of ").append(path)
                                .append(" (compiled by the build; lines checked)\n");
                    } else if (b.marker(FencedBlock.NOT_COMPILED).isPresent()) {
                        skipped++;
                        report.append("  ").append(b.where()).append(" not compiled: ")
                                .append(b.markers().get(FencedBlock.NOT_COMPILED)).append('\n');
                    } else {
                        JavaSnippet s = JavaSnippet.of(b);
                        toCompile.add(s);
                        report.append("  ").append(b.where()).append(" compiled as ")
                                .append(s.shape().name().toLowerCase(Locale.ROOT)).append('\n');
                    }
                }
            }
            Path dir = out.resolve(JavaSnippet.packageFor(doc));
            Files.createDirectories(dir);
            problems.addAll(toCompile.isEmpty() ? List.of() : SnippetCompiler.compile(toCompile, dir));
            compiledInAll += toCompile.size();
            report.insert(0, doc + ": " + toCompile.size() + " java blocks compiled, " + sources
                    + " are compiled source files or excerpts, " + skipped + " marked not compiled\n");
            System.out.print(report);
            report.setLength(0);
        }
        assertTrue(problems.isEmpty(), problems.size() + " problem(s) in the docs:\n" + String.join("\n", problems));
        assertTrue(compiledInAll > 0, "no java block was compiled; is the extraction broken?");
    }

    @Test
    @DisplayName("a block that does not compile fails with the document, the line and the compiler's message")
    void reportsTheDocumentLineOfACompileError(@TempDir Path out) throws Exception {
        String doc = String.join("\n",
                "# Title",
                "",
                "<!-- given: Application app; -->",
                "```java",
                "HttpServer.make(\"\", 8000, app).serveForever();",
                "HttpServer.make(\"\", 8000, app).serveForevr();",
                "```",
                "");
        List<FencedBlock> blocks = MarkdownBlocks.of("BROKEN.md", doc);
        assertEquals(1, blocks.size());
        List<String> errors = SnippetCompiler.compile(List.of(JavaSnippet.of(blocks.get(0))), out);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("BROKEN.md:6: cannot find symbol"), errors.get(0));
        assertTrue(errors.get(0).contains("serveForevr()"), errors.get(0));
        assertTrue(errors.get(0).contains("in the java block at BROKEN.md:5 (compiled as statements)"), errors.get(0));
    }

    @Test
    @DisplayName("an error in a whole-file block is reported at its document line")
    void reportsTheDocumentLineOfAnErrorInAWholeFileBlock(@TempDir Path out) throws Exception {
        String doc = String.join("\n",
                "Intro.",
                "```java",
                "import io.wsgi4j.server.HttpServer;",
                "",
                "public final class Main {",
                "    public static void main(String[] args) {",
                "        HttpServer.make(\"\", 8000, null).serveForevr();",
                "    }",
                "}",
                "```",
                "");
        List<String> errors = SnippetCompiler.compile(List.of(JavaSnippet.of(MarkdownBlocks.of("FILE.md", doc).get(0))),
                out);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("FILE.md:7: cannot find symbol"), errors.get(0));
        assertTrue(errors.get(0).contains("in the java block at FILE.md:3 (compiled as file)"), errors.get(0));
    }

    @Test
    @DisplayName("a block that calls a deprecated API fails, so the docs show the current API")
    void reportsADeprecatedCall(@TempDir Path out) throws Exception {
        FencedBlock b = MarkdownBlocks.of("OLD.md", "```java\nDate d = new Date(120, 0, 1);\n```\n").get(0);
        List<String> errors = SnippetCompiler.compile(List.of(JavaSnippet.of(b)), out);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("OLD.md:2: ") && errors.get(0).contains("deprecated"), errors.get(0));
    }

    @Test
    @DisplayName("the same block without its given declaration fails: givens are really used")
    void aMissingGivenIsACompileError(@TempDir Path out) throws Exception {
        FencedBlock b = MarkdownBlocks.of("NOGIVEN.md", "```java\nHttpServer.make(\"\", 8000, app).serveForever();\n```\n")
                .get(0);
        List<String> errors = SnippetCompiler.compile(List.of(JavaSnippet.of(b)), out);
        assertFalse(errors.isEmpty(), "a snippet using an undeclared `app` compiled");
        assertTrue(errors.get(0).startsWith("NOGIVEN.md:2: cannot find symbol"), errors.get(0));
    }

    @Test
    @DisplayName("markers are read from the comment lines right above the fence, several and multi-line")
    void readsMarkersAboveTheFence() {
        String doc = String.join("\n",
                "<!-- not compiled: unrelated, a paragraph away -->",
                "",
                "<!-- given: Application app;",
                "     byte[] key; -->",
                "<!-- source: a/B.java -->",
                "```java",
                "x();",
                "```",
                "```",
                "plain",
                "```");
        List<FencedBlock> blocks = MarkdownBlocks.of("M.md", doc);
        assertEquals(2, blocks.size());
        assertEquals("Application app;\n     byte[] key;", blocks.get(0).markers().get(FencedBlock.GIVEN));
        assertEquals("a/B.java", blocks.get(0).markers().get(FencedBlock.SOURCE));
        assertFalse(blocks.get(0).markers().containsKey(FencedBlock.NOT_COMPILED));
        assertEquals("x();\n", blocks.get(0).text());
        assertEquals("M.md:7", blocks.get(0).where());
        assertEquals("", blocks.get(1).language());
        assertEquals(9, blocks.get(1).fenceLine());
    }

    @Test
    @DisplayName("an excerpt with a line the file lacks, or lines out of order, is reported")
    void checksExcerptLinesInOrder() {
        String file = "/** Doc. */\npublic interface A {\n    /** Doc. */\n    void a();\n    void b();\n}\n";
        FencedBlock ok = MarkdownBlocks.of("E.md", "<!-- excerpt: A.java -->\n```java\npublic interface A {\n"
                + "    void a();\n\n    void b();\n}\n```\n").get(0);
        assertEquals(Optional.empty(), Excerpts.firstMissingLine(ok, file));
        FencedBlock swapped = MarkdownBlocks.of("E.md", "```java\nvoid b();\nvoid a();\n```\n").get(0);
        assertEquals(Optional.of("E.md:3: \"void a();\" is not in null (after the lines before it); show the"
                + " code as the file has it"), Excerpts.firstMissingLine(swapped, file));
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.samples.docs.UserDocs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README and docs/DEPLOYING.md honest: each Java block marked {@code <!-- source: PATH -->} is that
 * compiled file (from its first import on, so the reader's copy compiles in any package), and the dependency
 * coordinates of every user document name artifacts this build makes, at this build's version, with the JUnit
 * it is built with.
 */
class ReadmeExamplesTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern SOURCE_BLOCK =
            Pattern.compile("<!-- source: (\\S+) -->\\n```java\\n(.*?)```", Pattern.DOTALL);

    private static String read(Path p) throws IOException {
        return Files.readString(p).replace("\r\n", "\n");
    }

    /** The file as the README shows it: without the SPDX line, the package line and the blank after it. */
    static String shown(String source) {
        int pkg = source.indexOf("\npackage ");
        int afterPackage = source.indexOf(";\n", pkg) + 2;
        return source.substring(afterPackage).replaceFirst("^\\n", "");
    }

    @Test
    void everyMarkedJavaBlockIsItsCompiledSourceFile() throws IOException {
        assertEquals(List.of("samples/src/main/java/io/wsgi4j/samples/readme/Hello.java",
                "samples/src/test/java/io/wsgi4j/samples/readme/HelloTest.java",
                "samples/src/main/java/io/wsgi4j/samples/readme/Uploads.java",
                "samples/src/test/java/io/wsgi4j/samples/readme/UploadsTest.java"), checkSourceBlocks("README.md"),
                "the 30-second section's four blocks should be marked with their source files");
    }

    @Test
    void theDeployingGuidesMarkedJavaBlockIsItsCompiledSourceFile() throws IOException {
        assertEquals(List.of("samples/src/main/java/io/wsgi4j/samples/readme/Hello.java"),
                checkSourceBlocks("docs/DEPLOYING.md"), "the embedded server's block should be marked with its source");
    }

    /** Checks every block of a document marked with a source file; returns the files, in order. */
    private static List<String> checkSourceBlocks(String document) throws IOException {
        String text = read(ROOT.resolve(document));
        Matcher m = SOURCE_BLOCK.matcher(text);
        List<String> checked = new ArrayList<>();
        while (m.find()) {
            Path file = ROOT.resolve(m.group(1));
            assertTrue(Files.isRegularFile(file), document + " marks a block as " + m.group(1) + ", which does not exist");
            assertEquals(shown(read(file)), m.group(2), document + "'s block differs from " + m.group(1)
                    + "; copy the file (from its first import) into " + document);
            checked.add(m.group(1));
        }
        return checked;
    }

    /** The BOM without its comments: it names every published artifact and the build's version. */
    private static String bom() throws IOException {
        return read(ROOT.resolve("bom/pom.xml")).replaceAll("(?s)<!--.*?-->", "");
    }

    private static String buildVersion() throws IOException {
        Matcher v = Pattern.compile("<artifactId>wsgi4j-bom</artifactId>\\s*<version>([^<]+)</version>").matcher(bom());
        assertTrue(v.find(), "bom/pom.xml has no version");
        return v.group(1);
    }

    private static Set<String> publishedArtifacts() throws IOException {
        String bom = bom();
        Set<String> published = new TreeSet<>();
        Matcher managed = Pattern.compile("<artifactId>(wsgi4j-[a-z]+)</artifactId>").matcher(
                bom.substring(bom.indexOf("<dependencyManagement>")));
        while (managed.find()) {
            published.add(managed.group(1));
        }
        assertFalse(published.isEmpty(), "the BOM lists no artifacts");
        return published;
    }

    @Test
    void everyDocumentsWsgi4jDependencyIsAPublishedArtifactAtThisBuildsVersion() throws IOException {
        String version = buildVersion();
        Set<String> published = publishedArtifacts();
        Pattern maven = Pattern.compile("<groupId>io\\.wsgi4j</groupId>\\s*<artifactId>([^<]+)</artifactId>"
                + "\\s*<version>([^<]+)</version>");
        int checked = 0;
        for (String doc : UserDocs.all(ROOT)) {
            Matcher m = maven.matcher(read(ROOT.resolve(doc)));
            while (m.find()) {
                assertTrue(published.contains(m.group(1)), doc + " depends on " + m.group(1)
                        + ", which the build does not publish; published: " + published);
                assertEquals(version, m.group(2), doc + "'s dependency on " + m.group(1)
                        + " should name this build's version (the one `./mvnw install` puts in ~/.m2)");
                checked++;
            }
        }
        assertTrue(checked >= 5, "expected the dependency snippets of README.md and docs/*.md, found " + checked);
    }

    @Test
    void theDependencySnippetsNameThisBuildsArtifactsAtItsVersion() throws IOException {
        String readme = read(ROOT.resolve("README.md"));
        String version = buildVersion();
        Set<String> published = publishedArtifacts();

        Matcher gradle = Pattern.compile("\"io\\.wsgi4j:(wsgi4j-[a-z]+):([^\"]+)\"").matcher(readme);
        Set<String> inGradle = new TreeSet<>();
        while (gradle.find()) {
            assertTrue(published.contains(gradle.group(1)), gradle.group(1) + " in README.md is not published");
            assertEquals(version, gradle.group(2), "README.md's Gradle line for " + gradle.group(1));
            inGradle.add(gradle.group(1));
        }
        Matcher maven = Pattern.compile("<groupId>io\\.wsgi4j</groupId>\\s*<artifactId>(wsgi4j-[a-z]+)</artifactId>"
                + "\\s*<version>([^<]+)</version>").matcher(readme);
        Set<String> inMaven = new TreeSet<>();
        while (maven.find()) {
            assertTrue(published.contains(maven.group(1)), maven.group(1) + " in README.md is not published");
            assertEquals(version, maven.group(2), "README.md's Maven dependency on " + maven.group(1));
            inMaven.add(maven.group(1));
        }
        Matcher junit = Pattern.compile("<junit\\.version>([^<]+)</junit\\.version>")
                .matcher(read(ROOT.resolve("pom.xml")));
        assertTrue(junit.find(), "pom.xml has no junit.version");
        Matcher junitInMaven = Pattern.compile("<artifactId>junit-jupiter</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(readme);
        assertTrue(junitInMaven.find(), "README.md's pom.xml should add junit-jupiter at test scope");
        assertEquals(junit.group(1), junitInMaven.group(1),
                "README.md's junit-jupiter version (the one testkit is built with)");
        assertTrue(readme.contains("\"org.junit:junit-bom:" + junit.group(1) + "\""),
                "README.md's Gradle snippet should use junit-bom " + junit.group(1));
        Set<String> used = Set.of("wsgi4j-core", "wsgi4j-middleware", "wsgi4j-testkit");
        assertEquals(used, inGradle, "the Gradle snippet should add what the 30-second example uses");
        assertTrue(inMaven.containsAll(used), "the Maven snippet should add what the 30-second example uses: "
                + inMaven);
    }
}

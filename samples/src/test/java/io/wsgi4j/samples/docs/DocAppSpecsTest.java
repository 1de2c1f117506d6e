// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.cli.AppSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every application a user document (or the CGI launcher's default) names the way the command line
 * names it, {@code io.wsgi4j.pkg.Class::member}, loads: a reader who copies it into a command gets an
 * application, not "no such class". samples/README.md names the samples relative to
 * {@code io.wsgi4j.samples} ({@code hello.Hello::application}), so those are loaded under that package.
 */
class DocAppSpecsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern QUALIFIED = Pattern.compile("\\bio\\.wsgi4j(\\.[a-z][a-z0-9]*)+\\.[A-Z]\\w*::\\w+");
    private static final Pattern SAMPLE_RELATIVE = Pattern.compile("`([a-z][a-z0-9]*\\.[A-Z]\\w*::\\w+)`");

    @Test
    @DisplayName("every Class::member the docs and the CGI launcher name loads as an application")
    void everyNamedApplicationLoads() throws Exception {
        Set<String> specs = new LinkedHashSet<>();
        for (String doc : UserDocs.all(ROOT)) {
            find(QUALIFIED, 0, doc, specs);
        }
        find(QUALIFIED, 0, "samples/src/main/cgi/wsgi4j.cgi", specs);
        Set<String> relative = new LinkedHashSet<>();
        find(SAMPLE_RELATIVE, 1, "samples/README.md", relative);
        relative.forEach(s -> specs.add("io.wsgi4j.samples." + s));

        List<String> broken = new ArrayList<>();
        for (String spec : specs) {
            try {
                AppSpec.load(spec);
            } catch (IllegalArgumentException e) {
                broken.add(spec + ": " + e.getMessage());
            }
        }
        assertTrue(broken.isEmpty(), "the docs name applications that do not load:\n" + String.join("\n", broken));
        assertTrue(specs.contains("io.wsgi4j.testing.contract.ContractApp::APP")
                && specs.contains("io.wsgi4j.samples.hello.Hello::application"), "extraction broken? " + specs);
    }

    private static void find(Pattern pattern, int group, String file, Set<String> into) throws Exception {
        Matcher m = pattern.matcher(Files.readString(ROOT.resolve(file)));
        while (m.find()) {
            into.add(m.group(group));
        }
    }
}

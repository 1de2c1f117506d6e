// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps SPEC.md, the validator and the tests together: every rule of the spec has a check (a
 * {@code report(.., "Rx.y", ..)} call in the validator, or a message or marked enforcement point in
 * BaseHandler) and at least one test that names it.
 */
class SpecCoverageTest {
    private static final Pattern DEFINITION = Pattern.compile("\\*\\*(R\\d+\\.\\d+)\\*\\*");
    private static final Pattern VALIDATOR_CHECK = Pattern.compile("report\\(\\w+, \"(R\\d+\\.\\d+)\"");
    private static final Pattern HANDLER_CHECK = Pattern.compile("\"(R\\d+\\.\\d+) |// (R\\d+\\.\\d+):");

    // the tests run in the testkit module; the validator lives there, the handler and most tests in core
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path VALIDATOR = ROOT.resolve("testkit/src/main/java/io/wsgi4j/testing");
    private static final Path HANDLER = ROOT.resolve("core/src/main/java/io/wsgi4j/handler");
    private static final List<Path> TESTS = List.of(ROOT.resolve("core/src/test/java"),
            ROOT.resolve("testkit/src/test/java"));

    static List<String> specRules() {
        String spec = read(ROOT.resolve("SPEC.md"));
        List<String> ids = new ArrayList<>();
        Matcher m = DEFINITION.matcher(spec);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    @Test
    void theSpecDefinesEachRuleOnce() {
        List<String> ids = specRules();
        assertTrue(ids.size() > 30, "SPEC.md should define its rules as **Rx.y**, found " + ids);
        assertEquals(ids.size(), new TreeSet<>(ids).size(), "a rule ID is defined twice in SPEC.md: " + ids);
    }

    @Test
    void theValidatorKnowsExactlyTheRulesOfTheSpec() {
        assertEquals(new TreeSet<>(specRules()), new TreeSet<>(Validator.RULES),
                "Validator.RULES must list exactly the rule IDs SPEC.md defines");
    }

    @Test
    void everyRuleHasACheck() {
        Set<String> checked = new TreeSet<>();
        collect(VALIDATOR_CHECK, javaFiles(VALIDATOR), checked);
        collect(HANDLER_CHECK, javaFiles(HANDLER), checked);
        List<String> unchecked = specRules().stream().filter(id -> !checked.contains(id)).toList();
        assertTrue(unchecked.isEmpty(), "rules of SPEC.md with no check in the validator or the handler package: "
                + unchecked);
    }

    @Test
    void everyRuleHasATestThatNamesIt() {
        List<Path> tests = TESTS.stream().flatMap(dir -> javaFiles(dir).stream())
                .filter(p -> !p.getFileName().toString().equals("SpecCoverageTest.java")).toList();
        StringBuilder all = new StringBuilder();
        tests.forEach(p -> all.append(read(p)).append('\n'));
        // a test names R3.2 as "R3.2" or in its method name as R3_2
        List<String> untested = specRules().stream()
                .filter(id -> !named(id).matcher(all).find())
                .toList();
        assertTrue(untested.isEmpty(), "rules of SPEC.md that no test names: " + untested);
    }

    @Test
    void theHandlerCitesOnlyRulesThatExist() {
        Set<String> cited = new TreeSet<>();
        collect(HANDLER_CHECK, javaFiles(HANDLER), cited);
        collect(VALIDATOR_CHECK, javaFiles(VALIDATOR), cited);
        cited.removeAll(specRules());
        assertFalse(cited.iterator().hasNext(), "checks cite rules SPEC.md does not define: " + cited);
    }

    /** Finds {@code R3.2} as written, or as {@code R3_2} inside a test method name. */
    private static Pattern named(String id) {
        return Pattern.compile("(?<![\\d.])(" + Pattern.quote(id) + "|" + id.replace('.', '_') + ")(?!\\d)");
    }

    private static void collect(Pattern p, List<Path> files, Set<String> into) {
        for (Path f : files) {
            Matcher m = p.matcher(read(f));
            while (m.find()) {
                into.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
    }

    private static List<Path> javaFiles(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

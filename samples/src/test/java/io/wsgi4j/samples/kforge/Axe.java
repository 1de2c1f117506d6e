// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import com.fasterxml.jackson.databind.JsonNode;
import io.wsgi4j.samples.kforge.store.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The axe-core accessibility checker (npm package {@code axe-core}), run inside the page through the
 * DevTools protocol. The package is installed on first use with
 * {@code npm install --prefix target/axe axe-core@4}; when npm is missing or the registry cannot be
 * reached, {@link #load} says why and the caller skips the check.
 */
final class Axe {
    /** WCAG 2.1 A and AA plus axe's best practices: labels, contrast, landmarks, headings, names. */
    private static final String RUN = "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa',"
            + " 'wcag21a', 'wcag21aa', 'best-practice']}}).then(r => JSON.stringify(r.violations.map(v => ({id: v.id,"
            + " impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ') + ' ' + n.failureSummary)"
            + "}))))";

    private final String source;

    private Axe(String source) {
        this.source = source;
    }

    /** The checker, installing it under {@code target/axe} if needed; empty with the reason printed if not. */
    static Optional<Axe> load(List<String> why) {
        Path dir = Path.of("target", "axe").toAbsolutePath();
        Path script = dir.resolve("node_modules/axe-core/axe.min.js");
        try {
            if (!Files.exists(script)) {
                Files.createDirectories(dir);
                Process npm = new ProcessBuilder("npm", "install", "--prefix", dir.toString(), "--no-audit",
                        "--no-fund", "--no-save", "axe-core@4").redirectErrorStream(true)
                        .redirectOutput(dir.resolve("npm.log").toFile()).start();
                if (!npm.waitFor(300, TimeUnit.SECONDS)) {
                    npm.destroyForcibly();
                    why.add("npm install axe-core@4 took over 300 s (see " + dir.resolve("npm.log") + ")");
                    return Optional.empty();
                }
                if (npm.exitValue() != 0 || !Files.exists(script)) {
                    why.add("npm install axe-core@4 failed with status " + npm.exitValue() + ": "
                            + Files.readString(dir.resolve("npm.log")).strip());
                    return Optional.empty();
                }
            }
            return Optional.of(new Axe(Files.readString(script, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            why.add("npm is not available to install axe-core (" + e.getMessage() + "); install Node.js and npm");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why.add("interrupted while installing axe-core");
            return Optional.empty();
        }
    }

    /** Runs axe on the page as it is now; returns one line per violation (rule id, impact, nodes). */
    List<String> check(Cdp page) throws Exception {
        if (!page.evaluate("typeof window.axe === 'object'").asBoolean()) {
            page.evaluate(source + "\n;true");
        }
        JsonNode result = page.call("Runtime.evaluate", Map.of("expression", RUN, "awaitPromise", true,
                "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("axe failed in the page: " + result.get("exceptionDetails"));
        }
        List<String> found = new ArrayList<>();
        for (JsonNode v : Json.mapper().readTree(result.path("result").path("value").asText())) {
            found.add(v.get("id").asText() + " (" + v.path("impact").asText() + ": " + v.get("help").asText() + ") at "
                    + v.get("nodes"));
        }
        return found;
    }
}

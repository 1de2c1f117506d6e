// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wsgi4j.Application;
import io.wsgi4j.middleware.logging.LogSink;
import io.wsgi4j.samples.kforge.store.Json;
import io.wsgi4j.server.HttpServer;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the running KForge in headless Chromium over the DevTools protocol: log in, create a wiki
 * page through the edit form, see it rendered; upload HTML and SVG with a script and see that
 * opening them does not run it as the site. The screenshot is kept at
 * {@code samples/target/kforge-smoke.png}, chromium's output at
 * {@code samples/target/kforge-smoke-chromium.log}. Skipped when Debian's {@code chromium} is not installed.
 */
class KForgeBrowserSmokeTest {
    private static final Duration LOAD = Duration.ofSeconds(60);

    @TempDir
    Path data;

    @TempDir
    Path profile;

    @Test
    void logsInCreatesAWikiPageAndSeesItRendered() throws Exception {
        Optional<Path> chromium = findChromium();
        Assumptions.assumeTrue(chromium.isPresent(),
                "chromium not installed: apt-get install -y chromium (Debian) to run the browser smoke test");
        Site site = Site.open(data);
        site.signUp("alice", "Alice", "alice-secret");
        site.createProject("alice", "demo", "Demo", false);
        var app = KForge.pipeline(site, KForge.sessionStore(data), false, LogSink.of(System.out));
        try (HttpServer server = HttpServer.make("127.0.0.1", 0, app).start()) {
            String base = "http://127.0.0.1:" + server.port();
            Process browser = launch(chromium.get());
            try (Cdp page = Cdp.connect(pageTarget(devToolsPort(browser)))) {
                page.call("Page.enable", Map.of());

                open(page, base + "/login");
                submit(page, "document.querySelector('#name').value = 'alice';"
                        + "document.querySelector('#password').value = 'alice-secret';"
                        + "document.querySelector('#password').form.submit();");
                assertEquals("/persons/alice/", page.evaluate("location.pathname").asText());

                open(page, base + "/projects/demo/wiki/Smoke/edit");
                submit(page, "document.querySelector('#text').value = '= Hello from Chromium\\n\\nIt <works>.';"
                        + "document.querySelector('#text').form.submit();");

                assertEquals("/projects/demo/wiki/Smoke", page.evaluate("location.pathname").asText());
                assertEquals("Hello from Chromium", page.evaluate("document.querySelector('#page h2').textContent")
                        .asText());
                assertEquals("It <works>.", page.evaluate("document.querySelector('#page p').textContent").asText());
                assertTrue(page.evaluate("document.body.innerText").asText().contains("Revision 1 by alice"));
                screenshot(page, Path.of("target", "kforge-smoke.png"));
            } finally {
                browser.destroyForcibly().waitFor();
                for (String link : List.of("SingletonSocket", "SingletonLock", "SingletonCookie")) {
                    Files.deleteIfExists(profile.resolve(link)); // links to chromium's own temp dir
                }
            }
        }
    }

    /**
     * Issue 9 item 10: a Developer uploads an HTML page and an SVG image with a script; an
     * administrator who opens them must not run that script as KForge (it would read a CSRF token and
     * post as them). Each script would set the title and fetch a beacon image from the site.
     */
    @Test
    void uploadedHtmlAndSvgDoNotRunAsTheSite() throws Exception {
        Optional<Path> chromium = findChromium();
        Assumptions.assumeTrue(chromium.isPresent(),
                "chromium not installed: apt-get install -y chromium (Debian) to run the browser smoke test");
        Site site = Site.open(data);
        site.signUp("alice", "Alice", "alice-secret");
        site.createProject("alice", "demo", "Demo", false);
        var kforge = KForge.pipeline(site, KForge.sessionStore(data), false, LogSink.of(System.out));
        List<String> beacons = new CopyOnWriteArrayList<>();
        Application app = (environ, startResponse) -> {
            if (environ.pathInfo().startsWith("/pwned")) {
                beacons.add(environ.pathInfo());
            }
            return kforge.call(environ, startResponse);
        };
        Path uploads = Files.createDirectory(data.resolve("to-upload"));
        String script = "document.title = 'pwned'; new Image().src = '/pwned-' + location.pathname.split('.').pop();";
        Files.writeString(uploads.resolve("report.html"), "<!doctype html><title>report</title><script>" + script
                + "</script><p>quarterly report</p>");
        Files.writeString(uploads.resolve("pic.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>pic</title>"
                + "<script>" + script + "</script><circle r=\"9\"/></svg>");
        try (HttpServer server = HttpServer.make("127.0.0.1", 0, app).start()) {
            String base = "http://127.0.0.1:" + server.port();
            Process browser = launch(chromium.get());
            try (Cdp page = Cdp.connect(pageTarget(devToolsPort(browser)))) {
                page.call("Page.enable", Map.of());
                page.call("Page.setDownloadBehavior", Map.of("behavior", "deny"));
                open(page, base + "/login");
                submit(page, "document.querySelector('#name').value = 'alice';"
                        + "document.querySelector('#password').value = 'alice-secret';"
                        + "document.querySelector('#password').form.submit();");
                for (String name : List.of("report.html", "pic.svg")) {
                    open(page, base + "/projects/demo/files/");
                    uploadThroughTheForm(page, uploads.resolve(name));
                    assertTrue(page.evaluate("document.body.innerText").asText().contains(name),
                            "the files page should list the upload " + name);

                    page.clearEvents();
                    JsonNode navigation = page.call("Page.navigate",
                            Map.of("url", base + "/projects/demo/files/" + name));
                    if (!navigation.has("errorText")) { // the browser shows it: let its scripts and images run
                        page.awaitEvent("Page.loadEventFired", LOAD);
                    }
                    assertEquals(List.of(), beacons, name + " ran its script as the site");
                    assertNotEquals("pwned", page.evaluate("document.title").asText(), name + " ran its script");
                }
            } finally {
                browser.destroyForcibly().waitFor();
                for (String link : List.of("SingletonSocket", "SingletonLock", "SingletonCookie")) {
                    Files.deleteIfExists(profile.resolve(link)); // links to chromium's own temp dir
                }
            }
        }
    }

    /** Puts {@code file} into the page's file input, as a person choosing it would, and submits its form. */
    private static void uploadThroughTheForm(Cdp page, Path file) throws Exception {
        int root = page.call("DOM.getDocument", Map.of("depth", 0)).path("root").path("nodeId").asInt();
        int input = page.call("DOM.querySelector", Map.of("nodeId", root, "selector", "input[type=file]"))
                .path("nodeId").asInt();
        page.call("DOM.setFileInputFiles", Map.of("nodeId", input, "files", List.of(file.toString())));
        submit(page, "document.querySelector('input[type=file]').form.submit();");
    }

    private static void open(Cdp page, String url) throws Exception {
        page.clearEvents();
        page.call("Page.navigate", Map.of("url", url));
        page.awaitEvent("Page.loadEventFired", LOAD);
    }

    private static void submit(Cdp page, String script) throws Exception {
        page.clearEvents();
        page.evaluate(script);
        page.awaitEvent("Page.loadEventFired", LOAD);
    }

    private static void screenshot(Cdp page, Path file) throws Exception {
        JsonNode shot = page.call("Page.captureScreenshot", Map.of("format", "png"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
        assertTrue(Files.size(file) > 1000, "the screenshot should be a real image");
    }

    private Process launch(Path chromium) throws IOException {
        List<String> command = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-port=0",
                "--window-size=1024,768", "about:blank");
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target", "kforge-smoke-chromium.log").toFile()).start();
    }

    /** Chromium writes the port it chose into DevToolsActivePort in its profile directory. */
    private int devToolsPort(Process browser) throws Exception {
        Path portFile = profile.resolve("DevToolsActivePort");
        for (int i = 0; i < 600 && browser.isAlive(); i++) {
            if (Files.exists(portFile)) {
                List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).trim());
                }
            }
            Thread.sleep(100); // chromium is still starting
        }
        throw new AssertionError("chromium did not open its DevTools port (alive: " + browser.isAlive() + ")");
    }

    private static URI pageTarget(int port) throws Exception {
        HttpRequest list = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                .timeout(Duration.ofSeconds(10)).build();
        String body = HttpClient.newHttpClient().send(list, HttpResponse.BodyHandlers.ofString()).body();
        for (JsonNode target : Json.mapper().readTree(body)) {
            if ("page".equals(target.path("type").asText())) {
                return URI.create(target.get("webSocketDebuggerUrl").asText());
            }
        }
        throw new AssertionError("chromium has no page target: " + body);
    }

    private static Optional<Path> findChromium() {
        try (Stream<String> dirs = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))) {
            return dirs.map(d -> Path.of(d, "chromium")).filter(Files::isExecutable)
                    .min(Comparator.comparing(Path::toString));
        }
    }
}

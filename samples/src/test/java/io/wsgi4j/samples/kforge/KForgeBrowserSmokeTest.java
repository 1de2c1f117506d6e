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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the running KForge in headless Chromium over the DevTools protocol through the whole story:
 * sign up, create a project, add a member, edit the wiki, file a ticket, upload and download a file,
 * meet the 404 page, log out. Every page is screenshot into {@code samples/target/screenshots/}
 * (a build artifact) and checked with axe-core for accessibility (labels, contrast, landmarks): any
 * violation fails the test with the rule ids and nodes. Chromium's output goes to
 * {@code samples/target/kforge-smoke-chromium.log}. Skipped when Debian's {@code chromium} is not
 * installed; when npm cannot install axe-core the story still runs and the test then reports itself
 * skipped, naming why. A second test uploads HTML and SVG with a script and checks that opening them
 * does not run it as the site.
 */
class KForgeBrowserSmokeTest {
    private static final Duration LOAD = Duration.ofSeconds(60);
    private static final Path SHOTS = Path.of("target", "screenshots");

    @TempDir
    Path data;

    @TempDir
    Path profile;

    @TempDir
    Path uploads;

    private final Map<String, List<String>> violations = new LinkedHashMap<>();
    private Optional<Axe> axe = Optional.empty();
    private int shot;

    @Test
    void signsUpCreatesAProjectAddsAMemberWritesFilesAndLogsOutOnAccessiblePages() throws Exception {
        Optional<Path> chromium = findChromium();
        Assumptions.assumeTrue(chromium.isPresent(),
                "chromium not installed: apt-get install -y chromium (Debian) to run the browser smoke test");
        List<String> noAxe = new ArrayList<>();
        axe = Axe.load(noAxe);
        Site site = Site.open(data);
        site.signUp("bob", "Bob Builder", "bob-secret-1");
        var app = KForge.pipeline(site, KForge.sessionStore(data), false, LogSink.of(System.out));
        Path notes = Files.writeString(uploads.resolve("notes.txt"), "uploaded through Chromium\n");
        try (HttpServer server = HttpServer.make("127.0.0.1", 0, app).start()) {
            String base = "http://127.0.0.1:" + server.port();
            Process browser = launch(chromium.get());
            try (Cdp page = Cdp.connect(pageTarget(devToolsPort(browser)))) {
                page.call("Page.enable", Map.of());
                story(page, base, notes);
            } finally {
                stop(browser);
            }
        }
        assertTrue(violations.values().stream().allMatch(List::isEmpty), () -> "accessibility violations (axe-core):\n"
                + violations.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                        .map(e -> e.getKey() + ":\n  " + String.join("\n  ", e.getValue()))
                        .collect(java.util.stream.Collectors.joining("\n")));
        Assumptions.assumeTrue(axe.isPresent(), () -> "the story passed, but the accessibility check did not run: "
                + String.join("; ", noAxe));
    }

    private void story(Cdp page, String base, Path notes) throws Exception {
        open(page, base + "/");
        look(page, "home");

        open(page, base + "/signup");
        look(page, "signup");
        submit(page, "document.querySelector('#name').value = 'alice';"
                + "document.querySelector('#fullName').value = 'Alice Liddell';"
                + "document.querySelector('#password').value = 'alice-secret';"
                + "document.querySelector('#password').form.submit();");
        assertEquals("/persons/alice/", path(page));
        look(page, "person");

        open(page, base + "/projects/");
        look(page, "projects");
        submit(page, "document.querySelector('#name').value = 'demo';"
                + "document.querySelector('#title').value = 'Demo project';"
                + "document.querySelector('#name').form.submit();");
        assertEquals("/projects/demo/", path(page));
        assertTrue(text(page).contains("1 member."), text(page));
        submit(page, "document.querySelector('#person').value = 'bob';"
                + "document.querySelector('#role').value = 'Developer';"
                + "document.querySelector('#person').form.submit();");
        assertEquals("/projects/demo/", path(page));
        assertTrue(text(page).contains("2 members."), text(page));
        assertTrue(text(page).contains("bob: Developer"), text(page));
        look(page, "project");

        open(page, base + "/projects/demo/wiki/FrontPage/edit");
        look(page, "wiki-edit");
        submit(page, "document.querySelector('#text').value = '= Welcome\\n\\nWe **build** things:\\n* one\\n"
                + "* two\\n\\nNo <script>alert(1)</script> here.';"
                + "document.querySelector('#text').form.submit();");
        assertEquals("/projects/demo/wiki/FrontPage", path(page));
        assertEquals(2, page.evaluate("document.querySelectorAll('#page ul li').length").asInt());
        assertEquals(0, page.evaluate("document.querySelectorAll('#page script').length").asInt());
        assertTrue(page.evaluate("document.querySelector('#page').textContent").asText()
                .contains("No <script>alert(1)</script> here."));
        assertEquals("/projects/demo/", page.evaluate("new URL(document.querySelector("
                + "'nav a[href=\"/projects/demo/\"]').href).pathname").asText(), "the wiki links back to its project");
        look(page, "wiki-page");
        open(page, base + "/projects/demo/wiki/FrontPage/history");
        assertTrue(text(page).matches("(?s).*Revision 1 by alice, \\d{1,2} \\w{3} \\d{4}, \\d\\d:\\d\\d UTC.*"),
                text(page));
        look(page, "wiki-history");

        open(page, base + "/projects/demo/tickets/");
        look(page, "tickets");
        submit(page, "document.querySelector('#title').value = 'The kettle leaks';"
                + "document.querySelector('#description').value = 'Drips on the floor.';"
                + "document.querySelector('#title').form.submit();");
        assertEquals("/projects/demo/tickets/1", path(page));
        look(page, "ticket");

        open(page, base + "/projects/demo/files/");
        look(page, "files");
        uploadThroughTheForm(page, notes.toAbsolutePath());
        assertEquals("/projects/demo/files/", path(page));
        assertTrue(text(page).contains("notes.txt (26 bytes)"), text(page));
        look(page, "files-uploaded");
        JsonNode download = page.call("Runtime.evaluate", Map.of("expression",
                "fetch('/projects/demo/files/notes.txt').then(r => r.text())", "awaitPromise", true,
                "returnByValue", true));
        assertEquals("uploaded through Chromium\n", download.path("result").path("value").asText());

        open(page, base + "/no/such/page");
        assertEquals("Page not found", page.evaluate("document.querySelector('h1').textContent").asText());
        assertTrue(page.evaluate("!!document.querySelector('main a[href=\"/\"]')").asBoolean(), "a way back home");
        look(page, "not-found");

        open(page, base + "/logout");
        look(page, "logout");
        submit(page, "document.querySelector('main form').submit();");
        assertEquals("/", path(page));
        assertTrue(page.evaluate("!!document.querySelector('nav a[href=\"/login\"]')").asBoolean(),
                "logged out: the navigation offers to log in");
        open(page, base + "/login");
        look(page, "login");

        if (axe.isPresent()) { // the control: the checker must see a field without a label
            page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input id=\"bare\">');true");
            List<String> found = axe.get().check(page);
            assertTrue(found.stream().anyMatch(v -> v.startsWith("label ")), () -> "axe missed an unlabelled input: "
                    + found);
        }
    }

    /** Keeps a screenshot of the page and runs the accessibility check on it. */
    private void look(Cdp page, String name) throws Exception {
        String file = String.format("%02d-%s.png", ++shot, name);
        screenshot(page, SHOTS.resolve(file));
        if (axe.isPresent()) {
            violations.put(name + " (" + path(page) + ")", axe.get().check(page));
        }
    }

    private static String path(Cdp page) throws Exception {
        return page.evaluate("location.pathname").asText();
    }

    private static String text(Cdp page) throws Exception {
        return page.evaluate("document.body.innerText").asText();
    }

    /**
     * A Developer uploads an HTML page and an SVG image with a script; an
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
                stop(browser);
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
        JsonNode shot = page.call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
        assertTrue(Files.size(file) > 1000, "the screenshot should be a real image");
    }

    /**
     * Ends Chromium and every process it started, and waits for all of them: its renderer and helper
     * processes outlive a killed parent for a moment and keep writing into the profile directory,
     * which JUnit then fails to delete.
     */
    private void stop(Process browser) throws Exception {
        List<ProcessHandle> all = new java.util.ArrayList<>(browser.descendants().toList());
        all.add(browser.toHandle());
        for (ProcessHandle p : all) {
            p.destroyForcibly();
        }
        for (ProcessHandle p : all) {
            p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        for (String link : List.of("SingletonSocket", "SingletonLock", "SingletonCookie")) {
            Files.deleteIfExists(profile.resolve(link)); // links to chromium's own temp dir
        }
    }

    private Process launch(Path chromium) throws IOException {
        List<String> command = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-crash-reporter", "--user-data-dir=" + profile, "--remote-debugging-port=0",
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

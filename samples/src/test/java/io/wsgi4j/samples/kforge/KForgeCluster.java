// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import io.wsgi4j.testing.contract.NginxProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * KForge processes and one nginx in front of them, started from the commands and nginx blocks of
 * docs/DEPLOYING.md: each command as written, except that it listens on a free port (the document's
 * port is then replaced by the real one in the upstream block), keeps its data in the test's
 * directory and its sessions in the test's PostgreSQL. nginx adds the backend that answered to each
 * response ({@code X-Backend}), which is the only line not from the document.
 */
final class KForgeCluster implements AutoCloseable {
    private static final List<String> PREFIX = List.of("java", "-cp", "samples/target/wsgi4j-samples.jar",
            KForgeServer.class.getName());
    private static final String READY = "KForge ready at ";

    /** The two ways the document puts KForge behind nginx: its snippet names. */
    enum Transport {
        HTTP("kforge-http-processes", "nginx-http-upstream", "nginx-http-location"),
        FASTCGI("kforge-fastcgi-processes", "nginx-fastcgi-upstream", "nginx-fastcgi-location");

        final String processes;
        final String upstream;
        final String location;

        Transport(String processes, String upstream, String location) {
            this.processes = processes;
            this.upstream = upstream;
            this.location = location;
        }
    }

    private final List<Process> processes = new ArrayList<>();
    private final List<Path> outputs = new ArrayList<>();
    private final List<String> backends = new ArrayList<>();
    private NginxProcess nginx;

    private KForgeCluster() {}

    static KForgeCluster start(Transport transport, Path data, String jdbcUrl) throws Exception {
        KForgeCluster cluster = new KForgeCluster();
        try {
            List<String> documented = new ArrayList<>();
            for (String line : DocSnippets.commands(transport.processes)) {
                documented.add(cluster.launch(line, data, jdbcUrl));
            }
            String upstream = DocSnippets.block(transport.upstream);
            for (int i = 0; i < documented.size(); i++) {
                String server = cluster.awaitReady(i);
                if (!upstream.contains("server " + documented.get(i) + ";")) {
                    throw new AssertionError("the upstream block " + transport.upstream + " does not name "
                            + documented.get(i) + ", where the document's command " + (i + 1) + " listens");
                }
                upstream = upstream.replace("server " + documented.get(i) + ";", "server " + server + ";");
                cluster.backends.add(server);
            }
            cluster.nginx = NginxProcess.start(DocSnippets.block(transport.location)
                    + "add_header X-Backend $upstream_addr always;\n", upstream);
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    /** Starts one documented command; returns the address the document gave it. */
    private String launch(String line, Path data, String jdbcUrl) throws IOException {
        List<String> words = DocSnippets.words(line);
        if (words.size() < PREFIX.size() || !words.subList(0, PREFIX.size()).equals(PREFIX)) {
            throw new AssertionError("expected a command starting " + String.join(" ", PREFIX) + ", got: " + line);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-XX:TieredStopAtLevel=1", "-Dkforge.pbkdf2.iterations=1000", KForgeServer.class.getName()));
        String address = null;
        for (int i = PREFIX.size(); i < words.size(); i++) {
            String option = words.get(i);
            String value = i + 1 < words.size() ? words.get(i + 1) : "";
            switch (option) {
                case "--port" -> {
                    address = "127.0.0.1:" + value;
                    argv.addAll(List.of(option, "0"));
                    i++;
                }
                case "--fastcgi" -> {
                    address = value;
                    argv.addAll(List.of(option, "127.0.0.1:0"));
                    i++;
                }
                case "--data" -> {
                    argv.addAll(List.of(option, data.toString()));
                    i++;
                }
                case "--sessions" -> {
                    argv.addAll(List.of(option, jdbcUrl));
                    i++;
                }
                default -> argv.add(option); // anything else runs as the document wrote it
            }
        }
        if (address == null) {
            throw new AssertionError("the command names no --port or --fastcgi: " + line);
        }
        Path output = Files.createTempFile("kforge-cluster-", ".out");
        outputs.add(output);
        // output goes to a file: reading a pipe of a process that exits can fail with "Stream closed"
        processes.add(new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(output.toFile()).start());
        return address;
    }

    /** Waits for process i's ready line; returns the host:port it listens on. */
    private String awaitReady(int i) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            for (String l : Files.readAllLines(outputs.get(i))) {
                if (l.startsWith(READY)) {
                    String port = l.replaceAll(".*:(\\d+)/?$", "$1");
                    return "127.0.0.1:" + port;
                }
            }
            if (!processes.get(i).isAlive()) {
                throw new AssertionError("KForge " + i + " exited (" + processes.get(i).exitValue()
                        + ") before it was ready:\n" + output(i));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("KForge " + i + " not ready within 120 s:\n" + output(i));
    }

    /** The base URL of nginx. */
    String url() {
        return "http://127.0.0.1:" + nginx.port();
    }

    /** The backends' addresses, as nginx's {@code $upstream_addr} names them. */
    List<String> backends() {
        return backends;
    }

    /** The backend that answered a response (the last one nginx tried). */
    static String backendOf(HttpResponse<?> response) {
        String tried = response.headers().firstValue("X-Backend").orElseThrow(
                () -> new AssertionError("no X-Backend header: nginx answered without a backend"));
        return tried.substring(tried.lastIndexOf(',') + 1).strip();
    }

    /** Sends SIGTERM to process i and waits for it; returns its exit status. */
    int terminate(int i) throws InterruptedException {
        Process p = processes.get(i);
        p.destroy();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            throw new AssertionError("KForge " + i + " did not exit within 90 s of SIGTERM");
        }
        return p.exitValue();
    }

    /** What process i printed. */
    String output(int i) {
        try {
            return Files.readString(outputs.get(i));
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    /** What every process printed, each under its address, then nginx's error log: for failure messages. */
    String logs() {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < processes.size(); i++) {
            all.append("--- KForge ").append(i).append(" (").append(backends().get(i)).append(")\n").append(output(i));
        }
        return all.append("--- nginx\n").append(nginxLog()).toString();
    }

    /** nginx's error log. */
    String nginxLog() {
        return nginx == null ? "" : nginx.log();
    }

    @Override
    public void close() throws InterruptedException, IOException {
        if (nginx != null) {
            nginx.close();
        }
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        for (Path o : outputs) {
            Files.deleteIfExists(o);
        }
    }
}

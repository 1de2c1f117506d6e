// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.contract;

import io.wsgi4j.testing.contract.ContractTransport;
import io.wsgi4j.testing.contract.GatewayContract;
import io.wsgi4j.testing.contract.NginxProcess;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The gateway contract through a real CGI path: nginx hands each request to Debian's fcgiwrap,
 * which executes the launcher script {@code samples/src/main/cgi/wsgi4j.cgi} as a CGI program; the
 * script starts a JVM running {@code CgiGateway} with ContractApp for that one request.
 */
class CgiNginxContractTest extends GatewayContract {
    private static final Path FCGIWRAP = Path.of("/usr/sbin/fcgiwrap");

    @Override
    protected ContractTransport openTransport() throws Exception {
        List<AutoCloseable> alsoClose = new java.util.ArrayList<>();
        NginxProcess nginx = startBehindFcgiwrap(alsoClose);
        return new NginxTransport(nginx, "", null, alsoClose);
    }

    /**
     * Starts fcgiwrap and an nginx that runs ContractApp as a CGI program through it, at the root;
     * {@code alsoClose} receives what stops fcgiwrap. Skips the calling test where nginx, fcgiwrap
     * or the launcher is missing.
     */
    static NginxProcess startBehindFcgiwrap(List<AutoCloseable> alsoClose) throws Exception {
        NginxProcess.assumeInstalled();
        Assumptions.assumeTrue(Files.isExecutable(FCGIWRAP), "fcgiwrap not installed: apt-get install fcgiwrap");
        Path launcher = Path.of("src/main/cgi/wsgi4j.cgi").toAbsolutePath();
        Assumptions.assumeTrue(Files.isExecutable(launcher), "the CGI launcher is missing or not executable: " + launcher);
        Path socket = Files.createTempDirectory("wsgi4j-cgi-").resolve("fcgiwrap.sock");
        ProcessBuilder pb = new ProcessBuilder(FCGIWRAP.toString(), "-c", "4", "-s", "unix:" + socket);
        pb.environment().clear(); // a CGI program sees only what the web server passes, not this JVM's environment
        pb.environment().put("PATH", "/usr/bin:/bin");
        Process fcgiwrap = pb.redirectErrorStream(true)
                .redirectOutput(socket.resolveSibling("fcgiwrap.log").toFile())
                .start();
        alsoClose.add(() -> {
            fcgiwrap.descendants().forEach(ProcessHandle::destroy); // its prefork children outlive it otherwise
            fcgiwrap.destroy();
            fcgiwrap.waitFor(10, TimeUnit.SECONDS);
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(socket) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        return NginxProcess.start(""
                + "location / {\n"
                + "  fastcgi_pass unix:" + socket + ";\n"
                + "  fastcgi_read_timeout 120s;\n"
                + "  include fastcgi_params;\n"
                + "  fastcgi_param SCRIPT_FILENAME " + launcher + ";\n"
                + "  fastcgi_param SCRIPT_NAME \"\";\n"
                + "  fastcgi_param PATH_INFO $uri;\n"
                + "  fastcgi_param JAVA " + java + ";\n"
                + "  fastcgi_param WSGI4J_CLASSPATH " + classPathJar(socket.getParent()) + ";\n"
                + "  fastcgi_param WSGI4J_APP io.wsgi4j.testing.contract.ContractApp::APP;\n"
                + "}\n", "");
    }

    /**
     * A jar holding only a manifest whose {@code Class-Path} is this JVM's class path, for the CGI
     * program's JVM: nginx refuses a configuration parameter longer than 4 KiB, and the class path
     * itself is longer.
     */
    private static Path classPathJar(Path dir) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH,
                Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .map(entry -> Path.of(entry).toUri().toString()) // a directory's URI ends in '/', as it must
                        .collect(Collectors.joining(" ")));
        Path jar = dir.resolve("classpath.jar");
        try (OutputStream out = Files.newOutputStream(jar)) {
            new JarOutputStream(out, manifest).finish(); // the manifest is the whole jar
        }
        return jar;
    }

    @Override
    @Test
    @Disabled("CGI: each request runs in its own short-lived JVM, so this test cannot see the app's close() count")
    public void abandonedUploadClosesTheBodyAndTheGatewayKeepsServing() {
    }

    @Override
    @Test
    @Disabled("CGI via fcgiwrap: fcgiwrap collects the CGI program's output in libfcgi's stream buffer and passes"
            + " it on when the program exits, so chunks cannot arrive one by one; CgiGatewayTest shows that the"
            + " gateway itself flushes each chunk to stdout")
    public void streamedChunksArriveOneByOne() {
    }

    @Override
    @Test
    @Disabled("CGI: 200 requests at once start 200 JVMs; that is a load test of the machine, not of the contract")
    public void twoHundredConcurrentRequestsAllGetTheirOwnResponse() {
    }
}

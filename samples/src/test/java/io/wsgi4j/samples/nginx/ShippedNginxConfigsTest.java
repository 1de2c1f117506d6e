// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.testing.contract.NginxProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every nginx config shipped in samples/src/main/nginx passes {@code nginx -t} exactly as written,
 * with the files beside it (fastcgi_params), the way its header comment says to start it. Skipped
 * when nginx is not installed.
 */
class ShippedNginxConfigsTest {
    private static final Path DIR = Path.of("src/main/nginx").toAbsolutePath();

    static List<Path> configs() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void passesNginxConfigTestAsShipped(Path config, @TempDir Path prefix) throws Exception {
        NginxProcess.assumeInstalled();
        // -p and -e keep nginx's own files (the default error log, temp paths) out of system directories
        Process p = new ProcessBuilder(NginxProcess.binary(), "-t", "-p", prefix + "/",
                "-e", prefix.resolve("error.log").toString(), "-c", config.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "nginx -t did not finish");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "nginx -t -c " + config + " failed:\n" + output);
    }
}

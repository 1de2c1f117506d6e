// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.files;

import io.wsgi4j.testing.TestClient;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link StaticFilesTest} under {@code LANG=C}, where file names can only be ASCII:
 * prints the JVM's file-name encoding, then the status of each request for a name outside it.
 */
public final class PlatformNamesChild {
    private PlatformNamesChild() {}

    public static void main(String[] args) throws Exception {
        Path root = Files.createDirectories(Path.of(args[0]));
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("a.txt"), "ascii");
        System.out.println("encoding=" + System.getProperty("sun.jnu.encoding"));
        TestClient direct = TestClient.of(StaticFiles.of(root)).allowErrors();
        TestClient indexed = TestClient.of(StaticFiles.builder(root).indexFiles("\u00edndice.html").build())
                .allowErrors();
        for (String target : new String[] {"/caf%C3%A9.txt", "/docs/caf%C3%A9/x.txt", "/a.txt"}) {
            System.out.println(target + " " + status(direct, target));
        }
        System.out.println("/docs/ " + status(indexed, "/docs/"));
    }

    private static int status(TestClient client, String target) {
        return client.get(target).send().status();
    }
}

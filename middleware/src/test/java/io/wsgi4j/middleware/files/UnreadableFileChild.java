// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.files;

import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by {@link StaticFilesTest}, in a child JVM without the capabilities that let root read any file
 * when the test runs as root: prints whether {@code locked.txt} (mode 000) is readable, then the
 * status of a GET and a HEAD for it and whether anything went to wsgi.errors.
 */
public final class UnreadableFileChild {
    private UnreadableFileChild() {}

    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        System.out.println("readable=" + Files.isReadable(root.resolve("locked.txt")));
        TestClient client = TestClient.of(StaticFiles.of(root)).allowErrors();
        for (String method : new String[] {"GET", "HEAD"}) {
            TestResponse r = client.request(method, "/locked.txt").send();
            System.out.println(method + " " + r.status() + " errors=" + !r.errors().isEmpty());
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.samples.kforge.ServiceHarness;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilesAppTest {
    @TempDir
    Path dir;

    private TestClient client;

    @BeforeEach
    void mountAnywhere() throws IOException {
        client = TestClient.of(ServiceHarness.mount("/dl", FilesApp.open(dir), null));
    }

    private TestResponse upload(String filename, String content) {
        String b = "b0undary";
        String body = "--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: text/plain\r\n\r\n" + content + "\r\n--" + b + "--\r\n";
        return client.post("/dl/").body(body.getBytes(StandardCharsets.UTF_8), "multipart/form-data; boundary=" + b)
                .send();
    }

    @Nested
    class UploadAndDownload {
        @Test
        void storesAnUploadAndListsIt() throws IOException {
            assertEquals(303, upload("a.txt", "alpha").status());

            assertEquals("alpha", Files.readString(dir.resolve("a.txt")));
            TestResponse list = client.get("/dl/").header("Accept", "application/json").send();
            assertEquals("a.txt", list.json().get(0).get("name").asText());
            assertEquals(5, list.json().get(0).get("size").asLong());
        }

        /** An uploaded HTML or SVG file must not run as the site (stored XSS). */
        @ParameterizedTest(name = "{0} downloads instead of rendering")
        @CsvSource({"report.html", "pic.svg"})
        void servesUploadedActiveContentAsASandboxedAttachment(String name) {
            upload(name, "<script>document.title='pwned'</script>");

            TestResponse r = client.get("/dl/" + name).send();
            assertEquals(200, r.status());
            assertEquals("attachment; filename=\"" + name + "\"", r.header("Content-Disposition"));
            assertEquals("nosniff", r.header("X-Content-Type-Options"));
            assertEquals("sandbox", r.header("Content-Security-Policy"));
        }

        @Test
        void replacesAFileOfTheSameName() {
            upload("a.txt", "first");
            upload("a.txt", "second");

            assertEquals("second", client.get("/dl/a.txt").send().text());
        }

        @Test
        void servesByteRanges() {
            upload("digits.txt", "0123456789");

            TestResponse r = client.get("/dl/digits.txt").header("Range", "bytes=-3").send();

            assertEquals(206, r.status());
            assertArrayEquals("789".getBytes(StandardCharsets.US_ASCII), r.bytes());
        }

        @ParameterizedTest(name = "\"{0}\"")
        @CsvSource({"'C:\\Users\\me\\notes.txt'", "'../notes.txt'", "'/etc/notes.txt'"})
        void keepsOnlyTheBaseNameOfAPath(String filename) {
            upload(filename, "x");

            assertTrue(Files.exists(dir.resolve("notes.txt")));
            assertTrue(Files.notExists(dir.resolveSibling("notes.txt")));
            assertEquals(200, client.get("/dl/notes.txt").send().status());
        }
    }

    @Nested
    class BadInput {
        @ParameterizedTest(name = "\"{0}\"")
        @CsvSource({".hidden", "'a b.txt'", "'dir/'", "''", "'../.profile'"})
        void refusesNamesThatAreNotPlain(String filename) {
            String shown = filename;
            TestResponse r = upload(filename, "x");

            assertEquals(400, r.status(), () -> shown + ": " + r.text());
        }

        @Test
        void refusesAFormWithoutAFile() {
            assertEquals(400, client.post("/dl/").form("other", "x").send().status());
        }

        @Test
        void neverServesTemporaryFiles() throws IOException {
            Files.writeString(dir.resolve(".tmp-123.part"), "half");

            assertEquals(404, client.get("/dl/.tmp-123.part").send().status());
            assertTrue(!client.get("/dl/").send().text().contains(".tmp-"));
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormDataTest {
    @TempDir
    Path tmp;

    @Test
    void closeDeletesSpooledFilesAndMayBeRepeated() throws IOException {
        Path spool = Files.createFile(tmp.resolve("spool"));
        Upload u = new Upload("f", "a", "text/plain", 0, null, spool);
        FormData form = new FormData(Params.EMPTY, Map.of("f", List.of(u)), List.of(spool));
        form.close();
        assertFalse(Files.exists(spool));
        form.close();
    }

    @Test
    void fieldsAndFilesAreReadByName() {
        Upload u = new Upload("doc", "a.txt", "text/plain", 0, new byte[0], null);
        FormData form = new FormData(Params.of("title", "Hi"), Map.of("doc", List.of(u)), List.of());
        assertEquals("Hi", form.field("title"));
        assertEquals(u, form.file("doc"));
        assertNull(form.file("title"));
        assertEquals(List.of(), form.files("nothing"));
        assertTrue(form.fileNames().contains("doc"));
        assertEquals("FormData{title=[Hi]} files [doc]", form.toString());
    }

    @Test
    void theEmptyFormHasNothing() {
        assertTrue(FormData.EMPTY.fields().isEmpty());
        assertTrue(FormData.EMPTY.fileNames().isEmpty());
        FormData.EMPTY.close();
    }
}

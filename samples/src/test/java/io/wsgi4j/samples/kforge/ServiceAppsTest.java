// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.samples.kforge.domain.Service;
import io.wsgi4j.samples.kforge.files.FilesApp;
import io.wsgi4j.samples.kforge.tickets.TicketsApp;
import io.wsgi4j.samples.kforge.wiki.WikiApp;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceAppsTest {
    @TempDir
    Path root;

    @Test
    void opensEachProjectsServiceOnceInItsOwnDirectory() {
        ServiceApps apps = new ServiceApps(root);

        assertInstanceOf(WikiApp.class, apps.app("p1", Service.WIKI));
        assertInstanceOf(TicketsApp.class, apps.app("p1", Service.TICKETS));
        assertInstanceOf(FilesApp.class, apps.app("p1", Service.FILES));
        assertSame(apps.app("p1", Service.WIKI), apps.app("p1", Service.WIKI));
        assertNotSame(apps.app("p1", Service.WIKI), apps.app("p2", Service.WIKI));
        assertTrue(Files.isDirectory(root.resolve("p2").resolve("wiki")));
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import io.wsgi4j.Application;
import io.wsgi4j.samples.kforge.domain.Service;
import io.wsgi4j.samples.kforge.files.FilesApp;
import io.wsgi4j.samples.kforge.tickets.TicketsApp;
import io.wsgi4j.samples.kforge.wiki.WikiApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service applications of every project, opened on first use and kept: KForge's plugin registry.
 *
 * <p>Each project's service gets its own directory, {@code <root>/<project>/<service>/}, and its own
 * application instance; the application is told nothing else about the project.
 *
 * @since 0.1
 */
public final class ServiceApps {
    private final Path root;
    private final Map<String, Application> apps = new ConcurrentHashMap<>();

    /**
     * Creates the registry over a directory.
     *
     * @param root the directory that holds one directory per project
     * @since 0.1
     */
    public ServiceApps(Path root) {
        this.root = root;
    }

    /**
     * Returns the application of a project's service, opening it on first use.
     *
     * @param project the project name (already checked to exist)
     * @param service the service
     * @return the application, the same instance on every call
     * @throws UncheckedIOException when the service's data cannot be loaded
     * @since 0.1
     */
    public Application app(String project, Service service) {
        return apps.computeIfAbsent(project + "/" + service.segment(), key -> {
            Path dir = root.resolve(project).resolve(service.segment());
            try {
                return switch (service) {
                    case WIKI -> WikiApp.open(dir);
                    case TICKETS -> TicketsApp.open(dir);
                    case FILES -> FilesApp.open(dir);
                };
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the " + service.segment() + " of project " + project, e);
            }
        });
    }

    @Override
    public String toString() {
        return "ServiceApps[" + root + "]";
    }
}

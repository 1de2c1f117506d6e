// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.files;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.PercentCodec;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.files.StaticFiles;
import io.wsgi4j.middleware.request.Forms;
import io.wsgi4j.middleware.request.Upload;
import io.wsgi4j.middleware.routing.Router;
import io.wsgi4j.middleware.files.AtomicFiles;
import io.wsgi4j.samples.kforge.store.RecordLocks;
import io.wsgi4j.samples.kforge.web.Html;
import io.wsgi4j.samples.kforge.web.Page;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Files: upload with a multipart form, list, and download with byte ranges and conditional GET
 * (the downloads are {@link StaticFiles}, so they can go out with zero copies).
 *
 * <p>An ordinary wsgi4j application that knows nothing of projects or access control. URLs below
 * its mount point: {@code /} lists files (GET) or stores the multipart field {@code file} (POST,
 * replacing a file of the same name atomically); {@code /{name}} downloads. File names are kept to
 * letters, digits, {@code .}, {@code _} and {@code -}, not starting with a dot. Downloads are
 * {@linkplain StaticFiles.Builder#userContent() user content}: sandboxed, never sniffed, and sent as
 * attachments unless they are plain images or text, so an uploaded page cannot run as the site.
 *
 * @since 0.1
 */
public final class FilesApp implements Application {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Path dir;
    private final Router router;

    private FilesApp(Path dir, Application downloads) {
        this.dir = dir;
        this.router = Router.builder()
                .get("index", "/", Application.named("FilesApp::index", this::index))
                .post("upload", "/", Application.named("FilesApp::upload", this::upload))
                .fallback(downloads)
                .build();
    }

    /**
     * Opens the files of a directory, creating it when new and removing half-written uploads.
     *
     * @param dir the directory
     * @return the application
     * @throws IOException when the directory cannot be created or read
     * @since 0.1
     */
    public static FilesApp open(Path dir) throws IOException {
        Files.createDirectories(dir);
        // another KForge process may be writing an upload here right now: clean up while none is
        RecordLocks.of(dir).withEverything(() -> AtomicFiles.deleteLeftovers(dir));
        return new FilesApp(dir, StaticFiles.builder(dir).userContent().build());
    }

    /**
     * Tells whether an uploaded file name is acceptable as it is.
     *
     * @param name the name, without any directory part
     * @return true for names such as {@code notes-1.2.txt}
     * @since 0.1
     */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        if (environ.pathInfo().isEmpty()) {
            return Page.redirect(startResponse, PercentCodec.encodePath(environ.scriptName() + "/"));
        }
        return router.call(environ, startResponse);
    }

    private Iterable<byte[]> index(Environ environ, StartResponse startResponse) throws IOException {
        String base = environ.scriptName();
        List<FileInfo> files = list();
        StringBuilder html = new StringBuilder("<ul>\n");
        for (FileInfo f : files) {
            html.append("<li>").append(Html.link(base + "/" + f.name(), f.name())).append(" (")
                    .append(Html.count(f.size(), "byte")).append(")</li>\n");
        }
        html.append("</ul>\n<h2>Upload</h2>\n").append(Html.uploadForm(environ, base + "/",
                Html.input("File", "file", "file", "") + Html.submit("Upload")));
        return Page.of(environ, "Files", html.toString()).data(files).send(startResponse);
    }

    private Iterable<byte[]> upload(Environ environ, StartResponse startResponse) throws IOException {
        Upload upload = Forms.parse(environ).file("file");
        if (upload == null) {
            return Page.of(environ, "Not uploaded", "<p>The form needs a file in the field <code>file</code>.</p>")
                    .status(400).send(startResponse);
        }
        String name = baseName(upload.filename());
        if (!isValidName(name)) {
            return Page.of(environ, "Not uploaded", "<p>The file name " + Html.escape(name) + " is not allowed:"
                    + " use letters, digits, '.', '_' and '-', not starting with a dot.</p>")
                    .status(400).send(startResponse);
        }
        try (InputStream in = upload.open()) {
            RecordLocks.of(dir).withRecord(name, () -> AtomicFiles.write(dir.resolve(name), in));
        }
        return Page.redirect(startResponse, PercentCodec.encodePath(environ.scriptName() + "/"));
    }

    private List<FileInfo> list() throws IOException {
        List<FileInfo> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (isValidName(name) && Files.isRegularFile(f)) {
                    out.add(new FileInfo(name, Files.size(f)));
                }
            }
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    private static String baseName(String filename) {
        String n = filename == null ? "" : filename;
        return n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1);
    }

    /**
     * A stored file, as the listing shows it.
     *
     * @param name the file name
     * @param size its size in bytes
     * @since 0.1
     */
    public record FileInfo(String name, long size) {}

    @Override
    public String toString() {
        return "FilesApp[" + dir + "]";
    }
}

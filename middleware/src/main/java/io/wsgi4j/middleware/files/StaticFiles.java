// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.files;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.NotFound;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.compress.AcceptEncoding;
import io.wsgi4j.middleware.internal.BuilderCode;
import io.wsgi4j.middleware.internal.TextAnswer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Serves the files under a directory: GET and HEAD, with Content-Type by extension, ETag and
 * Last-Modified, conditional requests, byte ranges and index files; bodies go through
 * {@code wsgi.file_wrapper}, so a server can send them with zero copies.
 *
 * <pre>{@code
 * Application files = StaticFiles.builder(Path.of("public")).cacheControl("max-age=3600").build();
 * Pipeline.builder().map("/static", files).run(app);
 * }</pre>
 *
 * <p>Safety: a path is refused with 400 when it holds a {@code .} or {@code ..} segment, a backslash,
 * NUL or another control character, or bytes that are not strict UTF-8 (overlong forms); a raw
 * target that encodes a slash ({@code %2F}), which no file name holds, is the "not mine" 404, so that
 * a cascade's next application may take it; the path is resolved one segment at
 * a time under the root, so no segment can make it absolute; the real path (symbolic links followed)
 * must stay under the real root, else the file does not exist for this application; a file asked for
 * with a trailing slash does not exist either (as for {@code open(2)}). Dot files are
 * hidden unless {@link Builder#hiddenFiles allowed}. A missing file answers the "not mine" 404
 * ({@link NotFound#INSTANCE}) so a cascade can continue; an existing file with another method answers
 * 405, and one the server's user may not read 403. With {@link Builder#precompressed} a {@code .gz} sibling is sent to clients that prefer gzip.
 * For a directory of files users uploaded, {@link Builder#userContent()} makes sure none runs as the site.
 *
 * @since 0.1
 */
public final class StaticFiles implements Application {
    private static final String BAD_PATH = "the path holds a dot segment, a backslash, a control character or"
            + " bytes that are not UTF-8";

    /** The files tried for a directory unless the builder says otherwise: {@code index.html}. @since 0.2 */
    public static final List<String> DEFAULT_INDEX_FILES = List.of("index.html");
    /** The most ranges one request may ask for unless the builder says otherwise. @since 0.2 */
    public static final int DEFAULT_MAX_RANGES = 16;

    private final FileLookup lookup;
    private final boolean allowHidden;
    private final boolean redirectDirectories;
    private final boolean precompressed;
    private final FileResponder responder;
    private final String description;

    StaticFiles(Builder b, Path realRoot) {
        this.lookup = new FileLookup(realRoot, List.copyOf(b.indexFiles));
        this.allowHidden = b.allowHidden;
        this.redirectDirectories = b.redirectDirectories;
        this.precompressed = b.precompressed;
        this.responder = new FileResponder(b.mediaTypes, b.maxRanges, b.cacheControl, b.userContent);
        this.description = b.toString();
    }

    /**
     * Serves {@code root} with the defaults of {@link Builder}.
     *
     * @throws NullPointerException if {@code root} is null
     * @throws IllegalArgumentException if {@code root} is not an existing directory
     * @since 0.2
     */
    public static StaticFiles of(Path root) {
        return builder(root).build();
    }

    /**
     * A builder serving {@code root} (which must be an existing directory when {@code build} runs).
     *
     * @throws NullPointerException if {@code root} is null
     * @since 0.1
     */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        String pathInfo = environ.pathInfo();
        SafePath.Verdict verdict = SafePath.check(pathInfo, allowHidden);
        if (verdict == SafePath.Verdict.BAD) {
            return TextAnswer.send(startResponse, 400, BAD_PATH);
        }
        if (verdict == SafePath.Verdict.HIDDEN || !SafePath.rawTargetIsSafe(environ.rawTarget())) {
            // an encoded slash names no file (no file name holds a slash), and PATH_INFO, where it is
            // decoded, would name another one: not mine, so that a cascade's next application (a router
            // whose argument may hold one) still gets the request
            return NotFound.INSTANCE.call(environ, startResponse);
        }
        FileLookup.Found found = lookup.find(pathInfo);
        if (found != null && found.attrs().isDirectory()) {
            if (redirectDirectories && !pathInfo.endsWith("/")) {
                return FileResponder.redirectToSlash(environ, startResponse);
            }
            found = lookup.index(found.path());
        } else if (found != null && pathInfo.endsWith("/")) {
            found = null; // "a.txt/" names a directory that does not exist, not the file a.txt under a second URL
        }
        if (found == null || !found.attrs().isRegularFile()) {
            return NotFound.INSTANCE.call(environ, startResponse);
        }
        String name = found.path().getFileName().toString();
        if (precompressed && AcceptEncoding.prefers(environ.header("Accept-Encoding"), "gzip")) {
            FileLookup.Found gz = lookup.sibling(found.path(), ".gz");
            if (gz != null) {
                return responder.respond(environ, startResponse, gz.path(), gz.attrs(), name, "gzip", true);
            }
        }
        return responder.respond(environ, startResponse, found.path(), found.attrs(), name, null, precompressed);
    }

    /** The builder code that made this application, e.g. {@code StaticFiles.of(Path.of("public"))}. */
    @Override
    public String toString() {
        return description;
    }

    /**
     * Configures a {@link StaticFiles}. Defaults: index file {@code index.html}, dot files hidden,
     * {@link MediaTypes#defaults()}, at most {@link #DEFAULT_MAX_RANGES} ranges per request, no Cache-Control, directories
     * without a trailing slash redirected (301) to it.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final Path root;
        private List<String> indexFiles = DEFAULT_INDEX_FILES;
        private boolean allowHidden;
        private boolean redirectDirectories = true;
        private boolean precompressed;
        private MediaTypes mediaTypes = MediaTypes.defaults();
        private int maxRanges = DEFAULT_MAX_RANGES;
        private String cacheControl;
        private boolean userContent;

        private Builder(Path root) {
            this.root = java.util.Objects.requireNonNull(root, "root");
        }

        /**
         * The files tried, in order, for a directory; none to serve no directory at all.
         *
         * @throws IllegalArgumentException if a name is empty, {@code .}, {@code ..} or holds a slash,
         *     backslash or NUL
         * @since 0.1
         */
        public Builder indexFiles(String... names) {
            for (String name : names) {
                if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                        || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("index file must be a plain file name, got \"" + name
                            + "\" (write \"index.html\", not a path)");
                }
            }
            this.indexFiles = List.of(names);
            return this;
        }

        /** Whether files and directories whose name starts with a dot are served (default false). @since 0.1 */
        public Builder hiddenFiles(boolean allow) {
            this.allowHidden = allow;
            return this;
        }

        /** Whether a directory requested without a trailing slash is redirected to it (default true). @since 0.1 */
        public Builder redirectDirectories(boolean redirect) {
            this.redirectDirectories = redirect;
            return this;
        }

        /**
         * Whether to send {@code name.gz}, when it exists next to {@code name}, to clients that prefer
         * gzip (default false): with the original's Content-Type, {@code Content-Encoding: gzip}, its own
         * ETag, and {@code Vary: Accept-Encoding} on every file response.
         *
         * @since 0.1
         */
        public Builder precompressed(boolean use) {
            this.precompressed = use;
            return this;
        }

        /** The content-type table (default {@link MediaTypes#defaults()}). @since 0.1 */
        public Builder mediaTypes(MediaTypes types) {
            this.mediaTypes = java.util.Objects.requireNonNull(types, "types");
            return this;
        }

        /**
         * Adds or overrides one extension's content type.
         *
         * @throws IllegalArgumentException as {@link MediaTypes#with} does
         * @since 0.1
         */
        public Builder mediaType(String extension, String contentType) {
            this.mediaTypes = mediaTypes.with(extension, contentType);
            return this;
        }

        /**
         * The most ranges one Range header may ask for (default 16); a header with more is ignored
         * and the whole file is sent.
         *
         * @throws IllegalArgumentException if {@code max} is not in 1..1000
         * @since 0.1
         */
        public Builder maxRanges(int max) {
            if (max < 1 || max > 1000) {
                throw new IllegalArgumentException("maxRanges must be 1..1000, got " + max);
            }
            this.maxRanges = max;
            return this;
        }

        /**
         * A Cache-Control value for every file response, e.g. {@code "public, max-age=3600"}.
         *
         * @throws IllegalArgumentException if it is not a valid header value
         * @since 0.1
         */
        public Builder cacheControl(String value) {
            Header.of("Cache-Control", value);
            this.cacheControl = value;
            return this;
        }

        /**
         * Serves the directory as files users uploaded, so none can run as this site: every response
         * carries {@code X-Content-Type-Options: nosniff} and {@code Content-Security-Policy: sandbox},
         * and only plain images and text are shown inline; HTML, SVG, XML, JavaScript, PDF and unknown
         * types are sent as {@code Content-Disposition: attachment} (see {@link UserContent}).
         *
         * <p>{@code StaticFiles.builder(uploads).userContent().build()}
         *
         * @since 0.2
         */
        public Builder userContent() {
            this.userContent = true;
            return this;
        }

        /**
         * The application.
         *
         * @throws IllegalArgumentException if the root is not an existing directory
         * @since 0.1
         */
        public StaticFiles build() {
            Path real;
            try {
                real = root.toRealPath();
            } catch (IOException e) {
                throw new IllegalArgumentException("static files root must be an existing directory, got \""
                        + root + "\" (" + e + ")", e);
            }
            if (!Files.isDirectory(real)) {
                throw new IllegalArgumentException("static files root must be a directory, got the file \""
                        + root + "\"");
            }
            return new StaticFiles(this, real);
        }

        /** The builder code: options that differ from the defaults, a changed content type as {@code .mediaType}. */
        @Override
        public String toString() {
            BuilderCode code = BuilderCode.of("StaticFiles", root)
                    .option("indexFiles", indexFiles, DEFAULT_INDEX_FILES)
                    .option("hiddenFiles", allowHidden, false)
                    .option("redirectDirectories", redirectDirectories, true)
                    .option("precompressed", precompressed, false);
            mediaTypes.changes().forEach((extension, type) -> code.call("mediaType", extension, type));
            return code.option("maxRanges", maxRanges, DEFAULT_MAX_RANGES)
                    .option("cacheControl", cacheControl, null)
                    .flag("userContent", userContent)
                    .toString();
        }
    }
}

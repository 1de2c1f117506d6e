// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Builds a pipeline the way it reads: middleware outermost first ({@code use}), URL-prefix mounts
 * ({@code map}, each with its own stack if wanted), and the application at the end ({@code run}).
 *
 * <pre>{@code
 * Application app = Pipeline.builder()
 *         .use(accessLog)
 *         .use(errors)
 *         .map("/static", files)
 *         .map("/api", api -> api.use(auth).run(apiApp))
 *         .run(home);
 * System.out.println(app);   // prints the stack as the code above reads
 * }</pre>
 *
 * <p>With mounts, {@code run}'s application answers what no mount matches (a {@link UrlMap} with it
 * as fallback). The result is an ordinary {@link Application}.
 *
 * @since 0.1
 */
public final class Pipeline implements Application {
    private static final String HEAD = "Pipeline.builder()";

    private final Application app;
    private final String description;

    private Pipeline(Application app, String description) {
        this.app = app;
        this.description = description;
    }

    /** An empty builder. @since 0.1 */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        return app.call(environ, startResponse);
    }

    /** The stack, one builder call per line. @since 0.1 */
    @Override
    public String toString() {
        return description;
    }

    /**
     * Appends one builder call on a line of its own, indented by four spaces; the lines of a part that
     * spans several (a nested pipeline, router or map) are indented with it.
     */
    static StringBuilder appendLine(StringBuilder b, String call) {
        return b.append("\n    ").append(call.replace("\n", "\n    "));
    }

    /**
     * Collects the stages of a {@link Pipeline}.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final List<Middleware> middleware = new ArrayList<>();
        private final List<String> lines = new ArrayList<>();
        private final UrlMap.Builder map = UrlMap.builder();
        private boolean mapped;

        private Builder() {}

        /** Adds a middleware inside those added before it. @since 0.1 */
        public Builder use(Middleware m) {
            middleware.add(Objects.requireNonNull(m, "middleware"));
            lines.add(".use(" + m + ")");
            return this;
        }

        /** Mounts {@code app} at {@code prefix}; see {@link UrlMap}. @since 0.1 */
        public Builder map(String prefix, Application app) {
            map.mount(prefix, app);
            mapped = true;
            lines.add(".map(" + Headers.quote(prefix) + ", " + app + ")");
            return this;
        }

        /**
         * Mounts a sub-pipeline at {@code prefix}, built by {@code stack} (which must call {@code run}).
         *
         * @throws IllegalStateException if {@code stack} never called {@code run}
         * @throws IllegalArgumentException if the prefix does not start with {@code /}, or is mounted twice
         * @since 0.1
         */
        public Builder map(String prefix, Consumer<Builder> stack) {
            Builder inner = new Builder();
            stack.accept(inner);
            if (inner.result == null) {
                throw new IllegalStateException("the stack mapped at \"" + prefix + "\" never called run(app)");
            }
            map.mount(prefix, inner.result);
            mapped = true;
            String stages = inner.result.description.substring(HEAD.length()); // ".use(..)...run(..)" lines
            lines.add(".map(" + Headers.quote(prefix) + ", b -> b" + stages + ")");
            return this;
        }

        private Pipeline result;

        /**
         * Ends the pipeline with {@code app} and returns it. The builder stays usable: another
         * {@code run} builds another pipeline from the stages added so far, printed with its own
         * application only.
         *
         * @since 0.1
         */
        public Pipeline run(Application app) {
            Objects.requireNonNull(app, "app");
            Application inner = mapped ? map.fallback(app).build() : app;
            for (int i = middleware.size() - 1; i >= 0; i--) {
                inner = middleware.get(i).wrap(inner);
            }
            // the run line belongs to this pipeline, not to the builder's stages: a second run must not
            // print the first one's application as well
            StringBuilder b = new StringBuilder(HEAD);
            for (String line : lines) {
                appendLine(b, line);
            }
            appendLine(b, ".run(" + app + ")");
            result = new Pipeline(inner, b.toString());
            return result;
        }
    }
}

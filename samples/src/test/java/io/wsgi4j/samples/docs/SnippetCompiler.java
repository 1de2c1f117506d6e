// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.docs;

import java.io.File;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles wrapped document blocks with the JDK's compiler ({@code javax.tools}) against this test's
 * class path, for Java 17, and reports each error, and each use of a deprecated API, at its place in the
 * document.
 */
final class SnippetCompiler {
    private SnippetCompiler() {}

    /**
     * Compiles {@code snippets} together (one document's blocks share a package) into {@code out}.
     *
     * @return one message per error or deprecated use, each starting with {@code DOC:LINE:} (the document's
     *     line; the block's first line when it is in the wrapping), empty when all compiled cleanly
     */
    static List<String> compile(List<JavaSnippet> snippets, Path out) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this runtime (java.home="
                    + System.getProperty("java.home") + "); run the tests on a JDK, not a JRE");
        }
        Map<JavaFileObject, JavaSnippet> files = new IdentityHashMap<>();
        for (JavaSnippet s : snippets) {
            URI uri = URI.create("string:///" + s.packageName().replace('.', '/') + "/" + s.className() + ".java");
            files.put(new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return s.source();
                }
            }, s);
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of("--release", "17", "-Xlint:deprecation", "-proc:none", "-implicit:none",
                "-encoding", "UTF-8",
                "-classpath", classPath(), "-d", out.toString());
        StringWriter noise = new StringWriter();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            javac.getTask(noise, fm, diagnostics, options, null, files.keySet()).call();
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            // a deprecated call is reported too: a reader copies the docs, so they show the current API
            boolean deprecated = d.getCode() != null && d.getCode().contains("deprecated");
            if (d.getKind() != Diagnostic.Kind.ERROR && !deprecated) {
                continue;
            }
            JavaSnippet s = d.getSource() == null ? null : files.get(d.getSource());
            if (s == null) {
                errors.add("(no document): " + d.getMessage(Locale.ROOT));
                continue;
            }
            int line = s.docLine(d.getLineNumber());
            String place = line < 0
                    ? s.block().where() + ": (in the " + s.shape().name().toLowerCase(Locale.ROOT)
                            + " wrapping or the given declarations, line " + d.getLineNumber() + " of the wrapped file)"
                    : s.block().doc() + ":" + line + ":";
            errors.add(place + " " + d.getMessage(Locale.ROOT) + "\n    in the java block at " + s.block().where()
                    + " (compiled as " + s.shape().name().toLowerCase(Locale.ROOT) + ")");
        }
        return errors;
    }

    /** Surefire runs tests from a manifest-only jar; the real class path is in this property. */
    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path", "") + File.pathSeparator;
    }
}

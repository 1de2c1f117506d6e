// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed form: its text fields and, for multipart/form-data, its uploaded files.
 *
 * <pre>{@code
 * FormData form = Forms.parse(environ);
 * String title = form.field("title");
 * Upload attachment = form.file("attachment");
 * }</pre>
 *
 * <p>{@link #close()} deletes the temporary files of spooled uploads. {@link RequestScope} calls it when
 * the response ends; without it, the files go when this object is garbage-collected.
 *
 * @since 0.1
 */
public final class FormData implements AutoCloseable {
    /** A form without fields or files. @since 0.1 */
    public static final FormData EMPTY = new FormData(Params.EMPTY, Map.of(), List.of());

    private static final Cleaner CLEANER = Cleaner.create();

    private final Params fields;
    private final Map<String, List<Upload>> files;
    private final Cleaner.Cleanable cleanup;

    FormData(Params fields, Map<String, List<Upload>> files, List<Path> tempFiles) {
        this.fields = fields;
        Map<String, List<Upload>> copy = new LinkedHashMap<>();
        files.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.files = Collections.unmodifiableMap(copy);
        // the action must not refer to this object, or it would never become unreachable
        this.cleanup = tempFiles.isEmpty() ? null : CLEANER.register(this, new Delete(List.copyOf(tempFiles)));
    }

    /** The text fields (for multipart, the parts without a file name). @since 0.1 */
    public Params fields() {
        return fields;
    }

    /** The first value of text field {@code name}, or null. @since 0.1 */
    public String field(String name) {
        return fields.first(name);
    }

    /** The first file uploaded as {@code name}, or null. @since 0.1 */
    public Upload file(String name) {
        List<Upload> list = files.get(name);
        return list == null ? null : list.get(0);
    }

    /** Every file uploaded as {@code name}, in order; empty when none. @since 0.1 */
    public List<Upload> files(String name) {
        return files.getOrDefault(name, List.of());
    }

    /** The field names that carried files, in order. @since 0.1 */
    public Set<String> fileNames() {
        return files.keySet();
    }

    /** Deletes the temporary files of spooled uploads; safe to call more than once. @since 0.1 */
    @Override
    public void close() {
        if (cleanup != null) {
            cleanup.clean();
        }
    }

    /** Like {@code FormData{title=[Hi]} files [attachment]}. @since 0.1 */
    @Override
    public String toString() {
        return "FormData" + fields + (files.isEmpty() ? "" : " files " + files.keySet());
    }

    private record Delete(List<Path> paths) implements Runnable {
        @Override
        public void run() {
            for (Path p : paths) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // nothing useful to do: the file is in the temp directory, the OS cleans it eventually
                }
            }
        }
    }

    /** Collects the parts of a form while it is parsed. */
    static final class Builder {
        final Params.Builder fields = new Params.Builder();
        final Map<String, List<Upload>> files = new LinkedHashMap<>();
        final List<Path> tempFiles = new ArrayList<>();
        int parts;

        void addFile(Upload u) {
            files.computeIfAbsent(u.name(), k -> new ArrayList<>(1)).add(u);
        }

        FormData build() {
            return new FormData(fields.build(), files, tempFiles);
        }

        /** Deletes what was spooled so far, when parsing fails half-way. */
        void abandon() {
            new Delete(tempFiles).run();
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgi4j.middleware.files.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A directory of JSON records, one file per id, written atomically; several processes may share the
 * directory.
 *
 * <p>Concurrency design: the files are the only truth, so every process sees every other's writes.
 * Readers never lock: they read the record's file, and since each write replaces the file with an
 * atomic rename ({@link AtomicFiles}), a reader gets a whole old or a whole new record, never a mix.
 * Writers take the id's {@link RecordLocks lock} (held across threads and processes; writes to
 * different records run in parallel), read the current record from its file, compute the new one,
 * and write it; the write is durable when {@code change} returns. Reading the file on every access
 * costs a system call and a parse per record (the operating system caches the bytes), which is the
 * price of having no cache to go stale when another process writes.
 *
 * <p>{@code JsonStore<Person> persons = JsonStore.open(dir.resolve("persons"), Person.class, mapper);}
 *
 * @param <T> the record type
 * @since 0.1
 */
public final class JsonStore<T> {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");

    private final Path dir;
    private final Class<T> type;
    private final ObjectMapper mapper;
    private final RecordLocks locks;

    private JsonStore(Path dir, Class<T> type, ObjectMapper mapper, RecordLocks locks) {
        this.dir = dir;
        this.type = type;
        this.mapper = mapper;
        this.locks = locks;
    }

    /**
     * Opens a store on a directory, creating it if needed, removing temporary files a crash left
     * (while no write is in progress in any process), and checking that every record parses.
     *
     * @param dir the directory
     * @param type the record class
     * @param mapper the Jackson mapper that reads and writes records
     * @param <T> the record type
     * @return the store
     * @throws IOException when the directory cannot be read or a record file does not parse (the
     *     message names the file; atomic writes never leave one half-written, so this means the
     *     file was damaged from outside)
     * @since 0.1
     */
    public static <T> JsonStore<T> open(Path dir, Class<T> type, ObjectMapper mapper) throws IOException {
        Files.createDirectories(dir);
        RecordLocks locks = RecordLocks.of(dir);
        JsonStore<T> store = new JsonStore<>(dir, Objects.requireNonNull(type, "type"),
                Objects.requireNonNull(mapper, "mapper"), locks);
        locks.withEverything(() -> AtomicFiles.deleteLeftovers(dir));
        for (String id : store.ids()) {
            store.read(id);
        }
        return store;
    }

    /**
     * Tells whether a text can be an id: letters, digits, {@code _} and {@code -}, 1 to 100
     * characters, starting with a letter or digit.
     *
     * @param id the candidate
     * @return true when {@link #put} would accept it
     * @since 0.1
     */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /**
     * Returns a record as its file holds it now.
     *
     * @param id the id
     * @return the record, or empty when there is none (or the id is malformed)
     * @throws UncheckedIOException when the file cannot be read or parsed
     * @since 0.1
     */
    public Optional<T> get(String id) {
        if (!isValidId(id)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(read(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns every record, ordered by id.
     *
     * @return a snapshot list
     * @throws UncheckedIOException when the directory or a file cannot be read
     * @since 0.1
     */
    public List<T> all() {
        List<T> out = new ArrayList<>();
        for (String id : ids()) {
            get(id).ifPresent(out::add); // a record another process removed meanwhile is skipped
        }
        return out;
    }

    /**
     * Returns every id, in order.
     *
     * @return a snapshot list
     * @throws UncheckedIOException when the directory cannot be listed
     * @since 0.1
     */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String id = name.substring(0, name.length() - ".json".length());
                if (isValidId(id)) {
                    ids.add(id);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        ids.sort(null);
        return ids;
    }

    /**
     * Stores a new record unless one with this id exists (in this process or any other).
     *
     * @param id the id
     * @param record the record
     * @return true when stored, false when the id was taken (nothing written)
     * @throws IllegalArgumentException when the id is malformed
     * @throws UncheckedIOException when the disk refuses
     * @since 0.1
     */
    public boolean create(String id, T record) {
        Objects.requireNonNull(record, "record");
        boolean[] created = {false};
        change(id, current -> {
            created[0] = current == null;
            return created[0] ? record : null;
        });
        return created[0];
    }

    /**
     * Changes an existing record.
     *
     * @param id the id
     * @param change computes the new record from the current one
     * @return the new record
     * @throws NoSuchElementException when there is no record with this id
     * @throws UncheckedIOException when the disk refuses
     * @since 0.1
     */
    public T update(String id, UnaryOperator<T> change) {
        return change(id, current -> {
            if (current == null) {
                throw new NoSuchElementException("no " + type.getSimpleName() + " \"" + id + "\" in " + dir);
            }
            return change.apply(current);
        });
    }

    /**
     * Creates or replaces a record.
     *
     * @param id the id
     * @param record the record
     * @return the record
     * @throws UncheckedIOException when the disk refuses
     * @since 0.1
     */
    public T put(String id, T record) {
        Objects.requireNonNull(record, "record");
        return change(id, current -> record);
    }

    /**
     * Runs a change under the id's lock (no other thread or process changes the record meanwhile):
     * {@code fn} sees the current record (null when absent) and returns the new one to write, or
     * null to write nothing.
     *
     * @param id the id
     * @param fn the change
     * @return what {@code fn} returned, or the current record when it returned null
     * @throws IllegalArgumentException when the id is malformed
     * @throws UncheckedIOException when the disk refuses; the old record stays
     * @since 0.1
     */
    public T change(String id, Function<T, T> fn) {
        if (!isValidId(id)) {
            throw new IllegalArgumentException("id must be 1-100 letters, digits, '_' or '-', got \"" + id + "\"");
        }
        try {
            return locks.withRecord(id, () -> {
                T current = read(id);
                T next = fn.apply(current);
                if (next == null) {
                    return current;
                }
                AtomicFiles.write(file(id), mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(next));
                return next;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + type.getSimpleName() + " \"" + id + "\" to " + dir, e);
        }
    }

    /** The record in the id's file, or null when there is no file. */
    private T read(String id) throws IOException {
        Path f = file(id);
        byte[] json;
        try {
            json = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            return mapper.readValue(json, type);
        } catch (IOException e) {
            throw new IOException("cannot load " + f + " as " + type.getSimpleName() + ": " + e.getMessage()
                    + "; repair or remove the file", e);
        }
    }

    private Path file(String id) {
        return dir.resolve(id + ".json");
    }

    @Override
    public String toString() {
        return "JsonStore[" + type.getSimpleName() + " in " + dir + "]";
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgi4j.middleware.files.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A directory of JSON records, one file per id, held in memory and written through atomically.
 *
 * <p>Concurrency design: readers never lock; they read immutable records from a concurrent map.
 * Writers lock the id they change (one lock per id, so writes to different records run in
 * parallel), compute the new record from the current one, write the file with {@link AtomicFiles}
 * and only then publish the record to the map. So a reader never sees a record that is not on disk,
 * and a write that returned is durable. Records must be immutable (Java records are).
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
    private final ConcurrentSkipListMap<String, T> records = new ConcurrentSkipListMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    private JsonStore(Path dir, Class<T> type, ObjectMapper mapper) {
        this.dir = dir;
        this.type = type;
        this.mapper = mapper;
    }

    /**
     * Opens a store on a directory, creating it if needed, removing temporary files a crash left,
     * and loading every record.
     *
     * @param dir the directory
     * @param type the record class
     * @param mapper the Jackson mapper that reads and writes records
     * @param <T> the record type
     * @return the loaded store
     * @throws IOException when the directory cannot be read or a record file does not parse (the
     *     message names the file; atomic writes never leave one half-written, so this means the
     *     file was damaged from outside)
     * @since 0.1
     */
    public static <T> JsonStore<T> open(Path dir, Class<T> type, ObjectMapper mapper) throws IOException {
        JsonStore<T> store = new JsonStore<>(dir, Objects.requireNonNull(type, "type"),
                Objects.requireNonNull(mapper, "mapper"));
        Files.createDirectories(dir);
        AtomicFiles.deleteLeftovers(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String id = name.substring(0, name.length() - ".json".length());
                if (!ID.matcher(id).matches()) {
                    continue;
                }
                try {
                    store.records.put(id, mapper.readValue(f.toFile(), type));
                } catch (IOException e) {
                    throw new IOException("cannot load " + f + " as " + type.getSimpleName() + ": " + e.getMessage()
                            + "; repair or remove the file", e);
                }
            }
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
     * Returns a record.
     *
     * @param id the id
     * @return the record, or empty when there is none
     * @since 0.1
     */
    public Optional<T> get(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(records.get(id));
    }

    /**
     * Returns every record, ordered by id.
     *
     * @return a snapshot list
     * @since 0.1
     */
    public List<T> all() {
        return new ArrayList<>(records.values());
    }

    /**
     * Returns every id, in order.
     *
     * @return a snapshot list
     * @since 0.1
     */
    public List<String> ids() {
        return new ArrayList<>(records.keySet());
    }

    /**
     * Stores a new record unless one with this id exists.
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
     * Runs a change under the id's lock: {@code fn} sees the current record (null when absent) and
     * returns the new one to write, or null to write nothing.
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
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            T current = records.get(id);
            T next = fn.apply(current);
            if (next == null) {
                return current;
            }
            byte[] json = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(next);
            AtomicFiles.write(dir.resolve(id + ".json"), json);
            records.put(id, next);
            return next;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + type.getSimpleName() + " \"" + id + "\" to " + dir, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "JsonStore[" + type.getSimpleName() + " in " + dir + ", " + records.size() + " records]";
    }
}

// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import io.wsgi4j.middleware.internal.BuilderCode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Keeps sessions in one database table, so that several processes behind a load balancer share them:
 * a person logged in through one process is logged in on all, and a logout on one ends the session
 * on all.
 *
 * <pre>{@code
 * PGSimpleDataSource db = new PGSimpleDataSource();
 * db.setURL("jdbc:postgresql://127.0.0.1:5432/app");
 * Sessions.builder(JdbcSessionStore.of(db, Duration.ofDays(14))).build()
 * }</pre>
 *
 * <p>The table (created when missing, named {@value #DEFAULT_TABLE} unless {@link #withTable} says
 * otherwise):
 * <pre>
 * CREATE TABLE wsgi4j_sessions (id VARCHAR(43) PRIMARY KEY, data BYTEA NOT NULL, written_at BIGINT NOT NULL)
 * </pre>
 * {@code BYTEA} is PostgreSQL's binary type; on another database create the table yourself with its
 * binary type (for example {@code VARBINARY} or {@code BLOB}) and the store uses it as it is.
 *
 * <p>Each call takes a connection from the {@link DataSource} and gives it back, so a pooling data
 * source (HikariCP, the driver's own) makes it cheap; every statement is a single-row update, safe for
 * concurrent use by any number of threads and processes without locks. A session not written for
 * {@code retention} reads as nothing; rows older than that are deleted by a purge that a write runs at
 * most once a minute per process, so the table does not grow without bound and no thread is started.
 *
 * @since 0.2
 */
public final class JdbcSessionStore implements SessionStore {
    /** The table name used unless {@link #withTable} names another. @since 0.2 */
    public static final String DEFAULT_TABLE = "wsgi4j_sessions";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final long PURGE_EVERY_MILLIS = 60_000;

    private final DataSource dataSource;
    private final Duration retention;
    private final String table;
    private final Clock clock;
    private final AtomicLong nextPurge = new AtomicLong();
    private final String select;
    private final String update;
    private final String insert;
    private final String delete;
    private final String purge;

    private JdbcSessionStore(DataSource dataSource, Duration retention, String table, Clock clock) {
        this.dataSource = dataSource;
        this.retention = retention;
        this.table = table;
        this.clock = clock;
        this.select = "SELECT data, written_at FROM " + table + " WHERE id = ?";
        this.update = "UPDATE " + table + " SET data = ?, written_at = ? WHERE id = ?";
        this.insert = "INSERT INTO " + table + " (id, data, written_at) VALUES (?, ?, ?)";
        this.delete = "DELETE FROM " + table + " WHERE id = ?";
        this.purge = "DELETE FROM " + table + " WHERE written_at < ?";
    }

    /**
     * A store in the table {@value #DEFAULT_TABLE} of {@code dataSource}, creating the table when it is
     * missing; sessions not written for {@code retention} are forgotten.
     *
     * @throws IllegalArgumentException if retention is under one second
     * @throws IOException if the database cannot be reached or the table cannot be created
     * @since 0.2
     */
    public static JdbcSessionStore of(DataSource dataSource, Duration retention) throws IOException {
        return new JdbcSessionStore(Objects.requireNonNull(dataSource, "dataSource"), checked(retention),
                DEFAULT_TABLE, Clock.systemUTC()).createTable();
    }

    /**
     * The same store on another table (created when missing), for several applications in one database.
     *
     * @throws IllegalArgumentException if {@code table} is not a plain SQL identifier (letters, digits,
     *     underscore, not starting with a digit, at most 63 characters)
     * @throws IOException if the table cannot be created
     * @since 0.2
     */
    public JdbcSessionStore withTable(String table) throws IOException {
        if (table == null || !IDENTIFIER.matcher(table).matches()) {
            throw new IllegalArgumentException("a session table name must be a plain SQL identifier"
                    + " (letters, digits, underscore, at most 63 characters), got " + table);
        }
        return new JdbcSessionStore(dataSource, retention, table, clock).createTable();
    }

    /** The same store reading time from {@code clock} (for tests of expiry). @since 0.2 */
    public JdbcSessionStore withClock(Clock clock) {
        return new JdbcSessionStore(dataSource, retention, table, Objects.requireNonNull(clock, "clock"));
    }

    private static Duration checked(Duration retention) {
        if (retention.getSeconds() < 1) {
            throw new IllegalArgumentException("a session store needs a retention of at least one second, got "
                    + retention);
        }
        return retention;
    }

    private JdbcSessionStore createTable() throws IOException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table
                    + " (id VARCHAR(43) PRIMARY KEY, data BYTEA NOT NULL, written_at BIGINT NOT NULL)");
        } catch (SQLException e) {
            // processes started together race to create it: PostgreSQL's IF NOT EXISTS is not atomic
            // and one of them fails on a duplicate catalog entry, though the table is then there
            if (!tableExists()) {
                throw failure("create the session table " + table, e);
            }
        }
        return this;
    }

    private boolean tableExists() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** @since 0.2 */
    @Override
    public byte[] read(String key) throws IOException {
        if (!SessionIds.isWellFormed(key)) {
            return null; // never issued by a server-side store: no query for it
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(select)) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next() || r.getLong(2) < oldestKept()) {
                    return null;
                }
                return r.getBytes(1);
            }
        } catch (SQLException e) {
            throw failure("read a session", e);
        }
    }

    /** @since 0.2 */
    @Override
    public String write(String key, byte[] data) throws IOException {
        Objects.requireNonNull(data, "data");
        long now = clock.millis();
        purgeIfDue(now);
        try (Connection c = dataSource.getConnection()) {
            if (updated(c, key, data, now)) {
                return key;
            }
            // none, or deleted meanwhile (a logout elsewhere): not revived, the data gets a new id
            String id = SessionIds.next();
            try (PreparedStatement s = c.prepareStatement(insert)) {
                s.setString(1, id);
                s.setBytes(2, data);
                s.setLong(3, now);
                s.executeUpdate();
            }
            return id;
        } catch (SQLException e) {
            throw failure("write a session", e);
        }
    }

    /** @since 0.2 */
    @Override
    public String update(String key, byte[] data) throws IOException {
        Objects.requireNonNull(data, "data");
        long now = clock.millis();
        purgeIfDue(now);
        try (Connection c = dataSource.getConnection()) {
            return updated(c, key, data, now) ? key : null;
        } catch (SQLException e) {
            throw failure("update a session", e);
        }
    }

    /** Updates the row of {@code key}; false when there is none (or the key is not one this store issues). */
    private boolean updated(Connection c, String key, byte[] data, long now) throws SQLException {
        if (!SessionIds.isWellFormed(key)) {
            return false;
        }
        try (PreparedStatement s = c.prepareStatement(update)) {
            s.setBytes(1, data);
            s.setLong(2, now);
            s.setString(3, key);
            return s.executeUpdate() == 1;
        }
    }

    /** @since 0.2 */
    @Override
    public void delete(String key) throws IOException {
        if (!SessionIds.isWellFormed(key)) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(delete)) {
            s.setString(1, key);
            s.executeUpdate();
        } catch (SQLException e) {
            throw failure("delete a session", e);
        }
    }

    /**
     * Deletes every session not written for the retention period now, and returns how many.
     *
     * @throws IOException if the database cannot be changed
     * @since 0.2
     */
    public int purgeExpired() throws IOException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(purge)) {
            s.setLong(1, oldestKept());
            return s.executeUpdate();
        } catch (SQLException e) {
            throw failure("purge expired sessions", e);
        }
    }

    private void purgeIfDue(long now) throws IOException {
        long due = nextPurge.get();
        if (now >= due && nextPurge.compareAndSet(due, now + PURGE_EVERY_MILLIS)) {
            purgeExpired(); // one writer per minute and process pays for it; the others go on
        }
    }

    private long oldestKept() {
        return clock.millis() - retention.toMillis();
    }

    private IOException failure(String what, SQLException e) {
        return new IOException("could not " + what + " in table " + table + ": " + e.getMessage(), e);
    }

    /** The factory call that made it. @since 0.2 */
    @Override
    public String toString() {
        return "JdbcSessionStore.of(dataSource, " + BuilderCode.literal(retention) + ")"
                + (table.equals(DEFAULT_TABLE) ? "" : ".withTable(\"" + table + "\")");
    }
}

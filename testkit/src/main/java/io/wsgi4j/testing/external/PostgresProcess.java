// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.external;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: a new cluster in a temporary directory, listening on a free
 * loopback port with trust authentication, stopped and deleted by {@link #close()}. Uses the
 * installed server binaries (Debian's {@code postgresql} package); tests call
 * {@link #assumeInstalled()} first so that they skip, with a message, where there are none.
 *
 * <pre>{@code
 * try (PostgresProcess db = PostgresProcess.start()) {
 *     String url = db.jdbcUrl();   // jdbc:postgresql://127.0.0.1:PORT/postgres?user=postgres
 * }
 * }</pre>
 *
 * <p>PostgreSQL refuses to run as root; when the tests run as root (a CI container), the server runs
 * as the {@code postgres} system user through {@code runuser}.
 *
 * @since 0.2
 */
public final class PostgresProcess implements AutoCloseable {
    private static final String[] BIN_DIRS = {"/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin",
        "/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/14/bin", "/usr/local/pgsql/bin"};

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asRoot;

    private PostgresProcess(Path bin, Path dir, int port, boolean asRoot) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asRoot = asRoot;
    }

    /** The directory holding initdb and pg_ctl, or null when PostgreSQL is not installed. @since 0.2 */
    public static Path binaries() {
        for (String d : BIN_DIRS) {
            Path p = Path.of(d);
            if (Files.isExecutable(p.resolve("initdb")) && Files.isExecutable(p.resolve("pg_ctl"))) {
                return p;
            }
        }
        return null;
    }

    /** Skips the calling test when the PostgreSQL server binaries are not installed. @since 0.2 */
    public static void assumeInstalled() {
        org.junit.jupiter.api.Assumptions.assumeTrue(binaries() != null,
                "PostgreSQL server not installed: apt-get install postgresql (looked in " + String.join(", ", BIN_DIRS)
                        + ")");
    }

    /**
     * Creates and starts a new cluster; returns once it accepts connections.
     *
     * @throws IllegalStateException if PostgreSQL is not installed (call {@link #assumeInstalled()} first)
     * @throws IOException if the cluster cannot be created or started; the message carries its log
     * @since 0.2
     */
    public static PostgresProcess start() throws IOException, InterruptedException {
        Path bin = binaries();
        if (bin == null) {
            throw new IllegalStateException("PostgreSQL not installed; call PostgresProcess.assumeInstalled() first");
        }
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("wsgi4j-pg-");
        if (asRoot) {
            run(List.of("chown", "postgres:postgres", dir.toString()), dir);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PostgresProcess pg = new PostgresProcess(bin, dir, port, asRoot);
        try {
            pg.command(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
                    "-A", "trust", "-E", "UTF8", "--no-sync"));
            pg.command(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "60",
                    "-l", dir.resolve("log").toString(), "-o",
                    "-p " + port + " -h 127.0.0.1 -k " + dir + " -c fsync=off -c max_connections=200", "start"));
        } catch (IOException e) {
            pg.close();
            throw e;
        }
        return pg;
    }

    /** The loopback port the server listens on. @since 0.2 */
    public int port() {
        return port;
    }

    /** A JDBC URL of the {@code postgres} database as the {@code postgres} user. @since 0.2 */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    private void command(List<String> argv) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asRoot) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(argv);
        run(full, dir);
    }

    private static void run(List<String> argv, Path dir) throws IOException, InterruptedException {
        Path out = Files.createTempFile("wsgi4j-pg-cmd-", ".log");
        try {
            Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", argv) + " did not finish within 120 s");
            }
            if (p.exitValue() != 0) {
                String log = Files.readString(out);
                Path serverLog = dir.resolve("log");
                if (Files.exists(serverLog)) {
                    log += "\n--- server log ---\n" + Files.readString(serverLog);
                }
                throw new IOException(String.join(" ", argv) + " exited " + p.exitValue() + ":\n" + log);
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Stops the server (fast shutdown) and deletes its directory. @since 0.2 */
    @Override
    public void close() throws IOException {
        try {
            if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                command(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast",
                        "-w", "stop"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}

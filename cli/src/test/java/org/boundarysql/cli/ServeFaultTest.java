/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.adapter.TestCatalog;
import org.boundarysql.server.BoundaryServer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real {@code serve} command in its own JVM under faults: SIGTERM while a VAS computation
 * runs and clients query, and kill -9 inside the write of a sample file or of the driver jar,
 * then a restart.
 */
class ServeFaultTest {
  /** Tries at killing a writer inside its write: one whose write wins the race is tried again. */
  private static final int MAX_KILL_ATTEMPTS = 5;

  @TempDir static Path dir;
  static Path catalog;
  static TestCatalog tiny;

  @BeforeAll static void writeCatalog() throws Exception {
    catalog = Files.createDirectories(dir.resolve("catalog"));
    tiny = new TestCatalog(catalog, "tiny", 600, 3, 5, Map.of());
    new TestCatalog(catalog, "big", 200_000, 10, 11, Map.of());
    Class.forName(BoundaryServer.REMOTE_DRIVER);
  }

  /** SIGTERM during a VAS computation beside busy clients: the JVM exits within 5 s. */
  @Test @Timeout(60) void sigtermEndsTheProcessWithinFiveSeconds() throws Exception {
    ServeChild child = ServeChild.start(catalog, dir.resolve("home-term"), "--query-timeout",
        "600",
        "--sample-budget", "100000");
    List<Thread> clients = new ArrayList<>();
    try {
      clients.add(client(child.url(), "select count(*) from big.items"
          + " tablesample boundary('vas', 0.5)"));
      for (int i = 0; i < 4; i++) {
        clients.add(client(child.url(), "select count(*) from tiny.items where label = " + i % 3));
      }
      assertTrue(child.waitForLog("computing sample big vas", 20_000), child.stderr());
      long begin = System.nanoTime();
      child.terminate();
      boolean exited = child.process().waitFor(10, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - begin) / 1e9;
      System.out.printf("faults: SIGTERM to exit during a VAS computation: %.2f s%n", seconds);
      assertTrue(exited && seconds < 5, "exited " + exited + " after " + seconds + " s; "
          + child.stderr());
    } finally {
      child.process().destroyForcibly();
      clients.forEach(Thread::interrupt);
    }
  }

  /**
   * kill -9 inside the write of a sample file (as soon as its partial file is written to; again
   * with a new home if the write won the race), then a restart: the partial file is removed, no
   * sample file is taken for corrupt, and the sample is computed again whole.
   */
  @Test @Timeout(120) void killDuringASampleWriteLeavesTheCacheWhole() throws Exception {
    String sql = "select count(*) from big.items tablesample boundary('uniform', 0.9)";
    for (int attempt = 1; ; attempt++) {
      Path home = dir.resolve("home-kill-" + attempt);
      Path samples = Files.createDirectories(home.resolve("cache").resolve("big")
          .resolve("samples"));
      Path partial;
      try (PartialWatch watch = new PartialWatch(samples)) {
        ServeChild first = ServeChild.start(catalog, home);
        try {
          client(first.url(), sql);
          partial = watch.killWhileWriting(first.process(), 30_000);
        } finally {
          first.process().destroyForcibly();
        }
      }
      List<Path> left = files(samples);
      System.out.println("faults: attempt " + attempt + ", files after kill -9 at "
          + partial.getFileName() + ": " + left);
      if (!left.equals(List.of(partial))) {
        // The write finished before the kill (its sample file is there, its partial is not).
        assertTrue(attempt < MAX_KILL_ATTEMPTS, "every write finished before the kill: " + left);
        continue;
      }
      System.out.println("faults: kill -9 inside the sample write at attempt " + attempt
          + ", partial file of " + Files.size(partial) + " bytes");
      // The whole file holds 180,000 rows of 4 bytes after its header; a partial file that
      // long was killed after its last byte, before its rename (the machine was busy): try
      // again for a kill inside the write, and take that case if every attempt ends so.
      if (Files.size(partial) >= 4 * 180_000 && attempt < MAX_KILL_ATTEMPTS) {
        continue;
      }
      ServeChild second = ServeChild.start(catalog, home);
      try (Connection c = DriverManager.getConnection(second.url())) {
        assertEquals(180_000, count(c, sql)); // 0.9 of big's 200,000 items
        assertFalse(Files.exists(partial), "the dead writer's partial file is still there");
        assertEquals(1, files(samples).size(), files(samples).toString());
        assertTrue(files(samples).get(0).toString().endsWith(".sample"), files(samples).toString());
        assertFalse(second.stderr().contains("ignoring corrupt sample file"), second.stderr());
      } finally {
        second.process().destroyForcibly();
      }
      return;
    }
  }

  /**
   * kill -9 of {@code serve} inside its write of the driver jar (as soon as its partial jar is
   * written to), then a restart: the dead writer's partial jar is removed and the jar is whole.
   */
  @Test @Timeout(120) void killDuringTheDriverJarWriteLeavesNoPartialJar() throws Exception {
    for (int attempt = 1; ; attempt++) {
      Path home = Files.createDirectories(dir.resolve("home-driver-" + attempt));
      Path partial;
      try (PartialWatch watch = new PartialWatch(home)) {
        Process first = new ProcessBuilder(ServeChild.command(catalog, home))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
          partial = watch.killWhileWriting(first, 60_000);
        } finally {
          first.destroyForcibly();
        }
      }
      if (!Files.exists(partial)) {
        assertTrue(attempt < MAX_KILL_ATTEMPTS, "every jar write finished before the kill");
        continue;
      }
      Path jar = home.resolve(DriverJar.defaultPath().getFileName());
      assertFalse(Files.exists(jar), jar.toString());
      System.out.println("faults: kill -9 inside the driver jar write at attempt " + attempt
          + ", partial jar of " + Files.size(partial) + " bytes");
      ServeChild second = ServeChild.start(catalog, home);
      try {
        assertFalse(Files.exists(partial), "the dead writer's partial jar is still there");
        try (JarFile whole = new JarFile(jar.toFile())) {
          assertNotNull(whole.getEntry(BoundaryServer.REMOTE_DRIVER.replace('.', '/')
              + ".class"), jar.toString());
        }
      } finally {
        second.process().destroyForcibly();
      }
      return;
    }
  }

  private static List<Path> files(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.sorted().toList();
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
      assertTrue(rows.next(), sql);
      return rows.getLong(1);
    }
  }

  private static Thread client(String url, String sql) {
    Thread thread = new Thread(() -> {
      try (Connection c = DriverManager.getConnection(url)) {
        while (!Thread.currentThread().isInterrupted()) {
          try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            while (rows.next()) {
              rows.getObject(1);
            }
          }
        }
      } catch (SQLException e) {
        // the server stopped
      }
    }, "fault-client");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}

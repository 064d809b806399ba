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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real {@code serve} command in its own JVM under faults: SIGTERM while a VAS computation
 * runs and clients query, and kill -9 as a sample file is written, then a restart.
 */
class ServeFaultTest {
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
      child.process().destroy(); // SIGTERM
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
   * kill -9 right as a sample is written (its log line comes just before the write), then a
   * restart: the sample file is whole or absent, and the sample is read or computed again.
   */
  @Test @Timeout(60) void killDuringASampleWriteLeavesTheCacheWhole() throws Exception {
    Path home = dir.resolve("home-kill");
    String sql = "select id from big.fc2 tablesample boundary('uniform', 0.9)";
    ServeChild first = ServeChild.start(catalog, home);
    try {
      client(first.url(), sql);
      assertTrue(first.waitForLog("sampled big", 20_000), first.stderr());
      first.process().destroyForcibly(); // kill -9
      assertTrue(first.process().waitFor(10, TimeUnit.SECONDS));
    } finally {
      first.process().destroyForcibly();
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(home)) {
      files = walk.filter(Files::isRegularFile).filter(f -> f.toString().contains("samples"))
          .toList();
    }
    System.out.println("faults: sample files after kill -9: " + files);
    ServeChild second = ServeChild.start(catalog, home);
    try (Connection c = DriverManager.getConnection(second.url());
         Statement s = c.createStatement();
         ResultSet rows = s.executeQuery(sql)) {
      int count = 0;
      while (rows.next()) {
        count++;
      }
      assertEquals(180_000, count);
      assertFalse(second.stderr().contains("ignoring corrupt sample file"), second.stderr());
    } finally {
      second.process().destroyForcibly();
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

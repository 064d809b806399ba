/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.adapter.ComputationLog;
import org.boundarysql.adapter.JdbcRows;
import org.boundarysql.server.BoundaryServer;
import org.boundarysql.server.RemoteServer;
import org.boundarysql.task.ProgressListener;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Computations that take a while: two queries needing the same rows at once compute them once;
 * a statement that times out stops the model computing its rows within a second, and leaves no
 * rows and no partial file behind: a slow model (64 layers of 1024 × 1024) whose full layer
 * takes seconds, read through a server with a query timeout of one second.
 */
class OnDemandCancelTest {
  static final int ITEMS = 3000;
  static final int WIDTH = 1024;
  static final int DEPTH = 64;

  @TempDir Path tmp;

  @Test void aTimedOutStatementStopsTheModelWithinASecond() throws Exception {
    Path catalog = capture();
    Path cache = tmp.resolve("cache");
    try (ComputationLog log = new ComputationLog()) {
      // the model's throughput is measured once, by the first computation (kept with the rows)
      try (BoundaryServer patient = BoundaryServer.start(catalog, cache, "127.0.0.1", 0, null,
          new BoundaryServer.Limits(60, 3600)); Connection c = RemoteServer.connect(patient)) {
        assertEquals(1, JdbcRows.rows(c, "select avg_activation(activation) from slow.deep"
            + " where id = 0").size());
      }
      assertEquals(1, log.started("rows"));
      timesOut(catalog, cache, log);
    }
  }

  private static void timesOut(Path catalog, Path cache, ComputationLog log) throws Exception {
    try (BoundaryServer server = BoundaryServer.start(catalog, cache, "127.0.0.1", 0, null,
        new BoundaryServer.Limits(1, 3600)); Connection c = RemoteServer.connect(server)) {
      SQLException timedOut = assertThrows(SQLException.class,
          () -> JdbcRows.rows(c, "select avg_activation(activation) from slow.deep"));
      long failed = System.nanoTime();
      assertEquals("57014", timedOut.getSQLState(), timedOut.getMessage());
      assertTrue(ComputationLog.waitFor(() -> !log.running("rows"), 5000));
      assertEquals(1, log.stopped("rows"));
      assertEquals(2, log.started("rows"));
      assertTrue((System.nanoTime() - failed) / 1e9 < 1.0, "the model stopped within a second");
      try (Stream<Path> files = Files.walk(cache)) {
        List<String> left = files.map(f -> f.getFileName().toString())
            .filter(f -> f.endsWith(".rows") || f.endsWith(".partial")).toList();
        assertEquals(1, left.size(), "the first query's rows only: " + left);
      }
    }
  }

  /**
   * Two queries needing the same rows at the same time compute them once: the second waits
   * for the first's computation (the slow model takes a second or so for 1,500 rows).
   */
  @Test void twoQueriesNeedingTheSameRowsComputeThemOnce() throws Exception {
    Path catalog = capture();
    String url = "jdbc:boundary:catalog=" + catalog + ";cache=" + tmp.resolve("shared-cache");
    String query = "select avg_activation(activation) from slow.deep where id < 1500";
    try (ComputationLog log = new ComputationLog()) {
      try (Connection c = DriverManager.getConnection(url)) {
        JdbcRows.rows(c, "select avg_activation(activation) from slow.deep where id = 2999");
      }
      List<List<List<Object>>> answers = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        threads.add(new Thread(() -> {
          try (Connection c = DriverManager.getConnection(url)) {
            List<List<Object>> rows = JdbcRows.rows(c, query);
            synchronized (answers) {
              answers.add(rows);
            }
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        }));
      }
      threads.forEach(Thread::start);
      for (Thread thread : threads) {
        thread.join(120_000);
      }
      assertEquals(2, answers.size());
      assertEquals(answers.get(0), answers.get(1));
      assertEquals(2, log.started("rows"), "the first query's row, then the 1,500 rows once");
    }
  }

  /** An on-demand store of the slow model over random inputs; its latent layer is cheap. */
  private Path capture() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    float[][] rows = new float[ITEMS][];
    Random random = new Random(3);
    for (int i = 0; i < ITEMS; i++) {
      rows[i] = new float[WIDTH];
      for (int k = 0; k < WIDTH; k++) {
        rows[i][k] = random.nextFloat();
      }
    }
    TestModels.writeFloats(in.resolve("x.npy"), rows, WIDTH);
    TestModels.writeLabels(in.resolve("y.npy"), random.ints(ITEMS, 0, 3).toArray());
    TestModels.slow(WIDTH, DEPTH).write(in.resolve("slow.onnx"));
    Map<String, String> layers = new LinkedHashMap<>();
    layers.put("first", "/l0/Relu");
    layers.put("deep", "/l" + (DEPTH - 1) + "/Relu");
    layers.put("logits", "logits");
    Path catalog = tmp.resolve("catalog");
    Capture.run(new CaptureSpec(in.resolve("slow.onnx"), List.of(new CaptureSpec.Split("test",
        in.resolve("x.npy"), in.resolve("y.npy"))), null, layers, "first", "logits", null, 0,
        catalog.resolve("slow"), null, true), ProgressListener.NONE);
    return catalog;
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.adapter.CloseRows;
import org.boundarysql.adapter.JdbcRows;
import org.boundarysql.capture.Capture;
import org.boundarysql.capture.CaptureSpec;
import org.boundarysql.example.ExampleData;
import org.boundarysql.example.ExampleModels;
import org.boundarysql.example.OnnxExport;
import org.boundarysql.server.BoundaryServer;
import org.boundarysql.store.InputTransform;
import org.boundarysql.task.ProgressListener;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of {@code serve} inside its write of rows of an on-demand layer (as soon as a
 * partial segment is written to), then a restart: the dead writer's partial file is removed,
 * every segment left is whole, and the query answers as on a full capture of the same model.
 * The store: the example LeNet's ONNX export over the 10,000 real MNIST test images.
 */
class OnDemandFaultTest {
  private static final int MAX_KILL_ATTEMPTS = 5;
  private static final String QUERY = "select label, count(*) as items,"
      + " avg_activation(activation) as mean from lenet.conv1 group by label order by label";

  @TempDir Path dir;

  @Test @Timeout(300) void killDuringARowWriteLeavesTheCacheWhole() throws Exception {
    Path onDemand = capture(true);
    Path full = capture(false);
    Class.forName(BoundaryServer.REMOTE_DRIVER);
    List<List<Object>> expected;
    try (Connection c = DriverManager.getConnection("jdbc:boundary:catalog=" + full
        + ";cache=" + dir.resolve("full-cache"))) {
      expected = JdbcRows.rows(c, QUERY);
    }
    for (int attempt = 1; ; attempt++) {
      Path home = dir.resolve("home-" + attempt);
      ServeChild first = ServeChild.start(onDemand, home);
      Path partial;
      Path rows;
      try {
        // a first small computation makes the rows directory (and measures the model)
        try (Connection c = DriverManager.getConnection(first.url())) {
          JdbcRows.rows(c, "select avg_activation(activation) from lenet.conv1 where id = 3");
        }
        rows = rowsDirectory(home);
        try (PartialWatch watch = new PartialWatch(rows)) {
          Thread client = new Thread(() -> query(first.url()), "fault-client");
          client.setDaemon(true);
          client.start();
          partial = watch.killWhileWriting(first.process(), 60_000);
        }
      } finally {
        first.process().destroyForcibly();
      }
      if (!Files.exists(partial)) {
        assertTrue(attempt < MAX_KILL_ATTEMPTS, "every row write finished before the kill");
        continue;
      }
      System.out.println("faults: kill -9 inside a row segment write at attempt " + attempt
          + ", partial file of " + Files.size(partial) + " bytes");
      ServeChild second = ServeChild.start(onDemand, home);
      try (Connection c = DriverManager.getConnection(second.url())) {
        CloseRows.assertClose(expected, JdbcRows.rows(c, QUERY), 1e-5, QUERY);
        assertFalse(Files.exists(partial), "the dead writer's partial file is still there");
        int cached = 0;
        for (Path segment : segments(rows)) {
          cached += wholeSegmentRows(segment);
        }
        assertEquals(10_000, cached, "every conv1 row once, the first query's included");
      } finally {
        second.process().destroyForcibly();
      }
      return;
    }
  }

  private static void query(String url) {
    try (Connection c = DriverManager.getConnection(url)) {
      JdbcRows.rows(c, QUERY);
    } catch (SQLException e) {
      // the server was killed
    }
  }

  /** The 10,000 MNIST test images captured on demand (conv1 computed) or in full. */
  private Path capture(boolean onDemand) throws IOException {
    Path npy = dir.resolve("npy");
    if (!Files.exists(npy)) {
      OnnxExport.writeMnist(ExampleData.load(ExampleData.Dataset.MNIST, "test", null), npy);
    }
    Path catalog = dir.resolve(onDemand ? "on-demand" : "full");
    Map<String, String> layers = new LinkedHashMap<>();
    layers.put("conv1", OnnxExport.lenetValues().get("conv1"));
    layers.put("fc2", OnnxExport.lenetValues().get("fc2"));
    layers.put("logits", "logits");
    Capture.run(new CaptureSpec(ExampleModels.modelsDir().resolve("mnist_lenet.onnx"),
        List.of(new CaptureSpec.Split("test", npy.resolve("mnist_test_images.npy"),
            npy.resolve("mnist_test_labels.npy"))), ExampleData.MNIST_CLASSES, layers, "fc2",
        "logits", new InputTransform(1 / 255.0, new double[] {0}, new double[] {1}), 0,
        catalog.resolve("lenet"), null, onDemand), ProgressListener.NONE);
    return catalog;
  }

  private static Path rowsDirectory(Path home) throws IOException {
    try (Stream<Path> dirs = Files.list(home.resolve("cache").resolve("lenet")
        .resolve("rows"))) {
      return dirs.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  private static List<Path> segments(Path rows) throws IOException {
    try (Stream<Path> files = Files.list(rows)) {
      return files.filter(f -> f.toString().endsWith(".rows")).toList();
    }
  }

  /** The rows of a segment file, checked whole by its size (read by hand, as documented). */
  private static int wholeSegmentRows(Path segment) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment))
        .order(ByteOrder.LITTLE_ENDIAN);
    int width = bytes.getInt(12);
    int count = bytes.getInt(16);
    int ids = (24 + bytes.getInt(20) + 3) / 4 * 4;
    int data = (ids + 4 * count + 63) / 64 * 64;
    assertEquals(data + 4L * count * width, bytes.capacity(), segment + " is whole");
    return count;
  }
}

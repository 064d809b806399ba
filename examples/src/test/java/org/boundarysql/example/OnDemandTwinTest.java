/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.example;

import org.boundarysql.adapter.CloseRows;
import org.boundarysql.adapter.JdbcRows;
import org.boundarysql.capture.Capture;
import org.boundarysql.capture.CaptureSpec;
import org.boundarysql.server.BoundaryServer;
import org.boundarysql.server.RemoteServer;
import org.boundarysql.store.InputTransform;
import org.boundarysql.task.ProgressListener;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The README's queries Q1–Q7 (and the error estimates) answer on an on-demand capture of the
 * example LeNet's ONNX export as on a full capture of the same model and the same 10,000 real
 * MNIST test images, within 1e-5, embedded and remote. The two catalogs differ only in their
 * {@code mnist_lenet}; {@code mnist_lenet_epoch1} and {@code mnist_mlp} (Q6, Q7) are the
 * Deeplearning4j-built stores, shared.
 */
class OnDemandTwinTest {
  @TempDir static Path tmp;
  static Path full;
  static Path twin;
  static BoundaryServer server;

  @BeforeAll
  static void captureBothWays() throws IOException, SQLException {
    ExampleData.Split test = ExampleData.load(ExampleData.Dataset.MNIST, "test", null);
    Path npy = tmp.resolve("npy");
    OnnxExport.writeMnist(test, npy);
    full = Files.createDirectories(tmp.resolve("full"));
    twin = Files.createDirectories(tmp.resolve("twin"));
    Path model = ExampleModels.modelsDir().resolve(ExampleTwin.MODEL_FILE);
    for (Path catalog : List.of(full, twin)) {
      Capture.run(new CaptureSpec(model, List.of(new CaptureSpec.Split("test",
          npy.resolve("mnist_test_images.npy"), npy.resolve("mnist_test_labels.npy"))),
          ExampleData.MNIST_CLASSES, OnnxExport.lenetValues(), "fc2", ExampleModels.LOGITS,
          new InputTransform(1 / 255.0, new double[] {0}, new double[] {1}), 0,
          catalog.resolve("mnist_lenet"), null, catalog == twin), ProgressListener.NONE);
    }
    for (ExampleModels.Example example : List.of(ExampleModels.Example.MNIST_LENET_EPOCH1,
        ExampleModels.Example.MNIST_MLP)) {
      Path store = ExampleCatalog.buildStore(full.resolve(example.storeName()),
          example.description(), example.architecture(), ExampleData.MNIST_CLASSES,
          example.load(), List.of(test), null);
      Files.createSymbolicLink(twin.resolve(example.storeName()), store);
    }
    server = BoundaryServer.start(twin, tmp.resolve("served-cache"), "127.0.0.1", 0, null,
        BoundaryServer.Limits.DEFAULT);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Connection embedded(Path catalog) throws SQLException {
    return embedded(catalog, "cache-" + catalog.getFileName());
  }

  static Connection embedded(Path catalog, String cache) throws SQLException {
    return DriverManager.getConnection("jdbc:boundary:catalog=" + catalog + ";cache="
        + tmp.resolve(cache));
  }

  static List<String> queries() throws IOException {
    Path dir = ExampleModels.modelsDir().resolveSibling("queries");
    List<String> names = new ArrayList<>(List.of("q1", "q2", "q3", "q4", "q5", "q6", "q7",
        "error-estimates"));
    List<String> queries = new ArrayList<>();
    for (String name : names) {
      queries.add(Files.readString(dir.resolve(name + ".sql")).strip()
          .replaceFirst(";$", ""));
    }
    return queries;
  }

  /**
   * A scan stopped early computes the rows it reached: the first window of 4,096 of the
   * 10,000, not the layer; a full read of the layer then computes the rest.
   */
  @Test void aScanComputesTheRowsItReaches() throws Exception {
    try (Connection c = embedded(twin, "cache-limit")) {
      assertEquals(3, JdbcRows.rows(c, "select id, activation from mnist_lenet.conv1"
          + " fetch first 3 rows only").size());
      String cached = "select rows_cached from boundary.layers where store = 'mnist_lenet'"
          + " and layer = 'conv1'";
      assertEquals(List.of(List.of(4096)), JdbcRows.rows(c, cached));
      JdbcRows.rows(c, "select avg_activation(activation) from mnist_lenet.conv1");
      assertEquals(List.of(List.of(10_000)), JdbcRows.rows(c, cached));
    }
  }

  @Test void theReadmeQueriesAnswerAsOnTheFullCapture() throws Exception {
    try (Connection onFull = embedded(full); Connection onTwin = embedded(twin);
        Connection remote = RemoteServer.connect(server)) {
      for (String query : queries()) {
        List<List<Object>> expected = JdbcRows.rows(onFull, query);
        assertFalse(expected.isEmpty(), query);
        CloseRows.assertClose(expected, JdbcRows.rows(onTwin, query), 1e-5, "embedded " + query);
        CloseRows.assertClose(expected, JdbcRows.rows(remote, query), 1e-5, "remote " + query);
      }
    }
  }
}

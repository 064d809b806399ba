/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.adapter.JdbcRows;
import org.boundarysql.store.InputTransform;
import org.boundarysql.task.ProgressListener;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model trained and exported by PyTorch (in the test, {@code src/test/python/pytorch_model.py}
 * on the Python environment of {@code .ci/python-env}; its weights in an external
 * {@code .data} file, as the default exporter writes them), captured on demand: the sampled
 * answers on its on-demand layers equal PyTorch's own forward pass (forward hooks) within 1e-5,
 * row by row and as per-class means.
 */
class OnDemandPyTorchTest {
  @TempDir static Path tmp;
  static Path exported;
  static Map<String, float[][]> reference;

  @BeforeAll
  static void exportFromPyTorch() throws Exception {
    exported = PythonExports.run("pytorch_model.py", tmp.resolve("exported"));
    reference = PythonExports.readReferences(exported,
        List.of("conv1", "conv2", "hidden", "logits"));
  }

  @Test void sampledAnswersOnOnDemandLayersEqualPyTorch() throws Exception {
    JsonNode values = new ObjectMapper().readTree(exported.resolve("values.json").toFile());
    Map<String, String> layers = new LinkedHashMap<>();
    values.fields().forEachRemaining(e -> layers.put(e.getKey(), e.getValue().asText()));
    Path catalog = tmp.resolve("catalog");
    Capture.run(new CaptureSpec(exported.resolve("model.onnx"), List.of(new CaptureSpec.Split(
        "test", exported.resolve("images.npy"), exported.resolve("labels.npy"))), null, layers,
        "hidden", "logits", new InputTransform(1 / 255.0, new double[] {0}, new double[] {1}),
        0, catalog.resolve("torch"), null, true), ProgressListener.NONE);
    assertTrue(Files.isRegularFile(catalog.resolve("torch").resolve("model.onnx.data")),
        "the external weights are kept beside the model");
    try (Connection c = DriverManager.getConnection("jdbc:boundary:catalog=" + catalog
        + ";cache=" + tmp.resolve("cache"))) {
      assertEquals(List.of(List.of("conv1", "on demand"), List.of("conv2", "on demand")),
          JdbcRows.rows(c, "select layer, kind from boundary.layers where kind = 'on demand'"));
      for (String layer : List.of("conv1", "conv2")) {
        float[][] expected = reference.get(layer);
        List<List<Object>> rows = JdbcRows.rows(c, "select id, label, activation from torch."
            + layer + " tablesample boundary('maxmargin', 0.1) order by id");
        assertEquals(50, rows.size());
        Map<Integer, double[]> sums = new LinkedHashMap<>();
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        for (List<Object> row : rows) {
          int id = ((Number) row.get(0)).intValue();
          List<?> activation = (List<?>) row.get(2);
          float[] actual = new float[activation.size()];
          for (int k = 0; k < actual.length; k++) {
            actual[k] = ((Number) activation.get(k)).floatValue();
          }
          assertArrayEquals(expected[id], actual, 1e-5f, layer + " of item " + id);
          int label = ((Number) row.get(1)).intValue();
          double[] sum = sums.computeIfAbsent(label, l -> new double[actual.length]);
          for (int k = 0; k < actual.length; k++) {
            sum[k] += expected[id][k];
          }
          counts.merge(label, 1, Integer::sum);
        }
        List<List<Object>> means = JdbcRows.rows(c, "select label, avg_activation(activation)"
            + " from torch." + layer + " tablesample boundary('maxmargin', 0.1)"
            + " group by label order by label");
        for (List<Object> mean : means) {
          int label = ((Number) mean.get(0)).intValue();
          List<?> got = (List<?>) mean.get(1);
          for (int k = 0; k < got.size(); k++) {
            assertEquals(sums.get(label)[k] / counts.get(label),
                ((Number) got.get(k)).doubleValue(), 1e-5, layer + " mean of class " + label);
          }
        }
      }
      // the stored latent layer and logits of every item are PyTorch's too
      float[][] hidden = reference.get("hidden");
      List<List<Object>> some = JdbcRows.rows(c, "select id, activation from torch.hidden"
          + " where id in (0, 123, 499) order by id");
      for (List<Object> row : some) {
        int id = ((Number) row.get(0)).intValue();
        List<?> activation = (List<?>) row.get(1);
        for (int k = 0; k < activation.size(); k++) {
          assertEquals(hidden[id][k], ((Number) activation.get(k)).floatValue(), 1e-5);
        }
      }
    }
  }
}

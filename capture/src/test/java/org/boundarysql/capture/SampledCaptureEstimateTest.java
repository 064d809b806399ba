/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.adapter.JdbcRows;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.store.StoreManifest;
import org.boundarysql.task.ProgressListener;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The store a sampled capture writes is estimated with its recorded design and the population
 * of its latent store (which keeps the logits): the same answers as the same TABLESAMPLE over
 * the full capture of the same model and inputs.
 */
class SampledCaptureEstimateTest {
  @TempDir Path tmp;

  @Test void sampledCaptureAnswersAsTheTableSampleOfTheFullCapture() throws Exception {
    CaptureTest capture = new CaptureTest();
    capture.tmp = tmp;
    capture.writeInputs();
    Path model = capture.in.resolve("gemm.onnx");
    // a layer as wide as the logits after them: store.json, not the widths, says which is which
    Map<String, String> layers = CaptureTest.gemmLayers();
    layers.put("pre", "/fc1/Gemm_output_0");
    Capture.run(capture.gemmSpec(model, layers, 8, null), ProgressListener.NONE);
    Capture.run(capture.gemmSpec(model, layers, 8,
        SampleSpec.of(SamplingMethod.MARGIN_STRATIFIED, 0.25)), ProgressListener.NONE);
    for (String store : List.of("gemm", "gemm_margin_stratified_25", "gemm_latent")) {
      assertEquals("logits", StoreManifest.read(capture.out.resolve(store)).logitsLayer(),
          store);
    }
    String query = "select count(*), population_count(), estimate_basis(),"
        + " avg_activation_estimate(activation), avg_activation_low(activation),"
        + " avg_activation_high(activation, 0.8), argmax_dist_estimate(activation)"
        + " from %s where id >= 0";
    try (Connection c = DriverManager.getConnection("jdbc:boundary:catalog=" + capture.out
        + ";cache=" + tmp.resolve("cache-sql"))) {
      for (String layer : List.of("hidden", "logits", "pre")) {
        List<Object> sampled = JdbcRows.rows(c, String.format(query,
            "gemm_margin_stratified_25." + layer)).get(0);
        List<Object> full = JdbcRows.rows(c, String.format(query, "gemm." + layer
            + " tablesample boundary('margin_stratified', 0.25)")).get(0);
        assertEquals(List.of((long) CaptureTest.TEST_ITEMS + CaptureTest.TRAIN_ITEMS,
            "model_assisted"), sampled.subList(1, 3), layer);
        assertEquals(full, sampled, layer);
      }
    }
  }
}

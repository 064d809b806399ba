/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark;

import org.boundarysql.capture.Capture;
import org.boundarysql.capture.CaptureSpec;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.spark.capture.SparkCapture;
import org.boundarysql.store.InputTransform;
import org.boundarysql.store.Layer;
import org.boundarysql.store.NpyWriter;
import org.boundarysql.store.Store;
import org.boundarysql.task.ProgressListener;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sampled capture on Spark (ONNX Runtime on the executors) writes the stores the in-process
 * {@code Capture} writes for the same model, inputs and sample: the committed LeNet-5 ONNX
 * export on 300 random 28×28 inputs with random labels.
 */
class CaptureTest {
  private static final Path MODEL = Path.of("../examples/models/mnist_lenet.onnx");

  @Test void sameStoresAsInProcess() throws Exception {
    int n = 300;
    Random random = new Random(3);
    Path dir = Files.createTempDirectory("capture");
    List<Row> rows = new ArrayList<>();
    try (NpyWriter inputs = new NpyWriter(dir.resolve("x.npy"), n, new int[] {1, 28, 28});
        NpyWriter labels = new NpyWriter(dir.resolve("y.npy"), n, new int[] {1})) {
      for (int i = 0; i < n; i++) {
        float[] pixels = new float[28 * 28];
        for (int p = 0; p < pixels.length; p++) {
          pixels[p] = random.nextFloat();
        }
        int label = random.nextInt(10);
        inputs.writeRow(pixels);
        labels.writeRow(new float[] {label});
        rows.add(RowFactory.create((long) i, "test", label, pixels));
      }
    }
    Map<String, String> layers = new LinkedHashMap<>();
    layers.put("conv2", "/relu2/Relu_output_0");
    layers.put("fc2", "/fc2/Relu_output_0");
    layers.put("logits", "logits");
    SampleSpec sample = SampleSpec.of(SamplingMethod.MAXMARGIN, 0.1);
    Capture.run(new CaptureSpec(MODEL, List.of(new CaptureSpec.Split("test", dir.resolve("x.npy"),
        dir.resolve("y.npy"))), null, layers, "fc2", "logits", InputTransform.NONE, 0,
        dir.resolve("local/store"), sample), ProgressListener.NONE);

    Dataset<Row> inputs = TestSpark.SPARK.createDataFrame(rows, new StructType()
        .add("id", DataTypes.LongType).add("split", DataTypes.StringType)
        .add("label", DataTypes.IntegerType)
        .add("input", DataTypes.createArrayType(DataTypes.FloatType, false))).repartition(2);
    SparkCapture.run(TestSpark.SPARK, inputs, new SparkCapture.Spec(MODEL, layers, "fc2",
        "logits", sample), dir.resolve("work").toString(), dir.resolve("spark/store"));

    compare(dir.resolve("local/store_maxmargin_10"), dir.resolve("spark/store_maxmargin_10"));
    compare(dir.resolve("local/store_latent"), dir.resolve("spark/store_latent"));
  }

  /** The same items and, layer by layer, the same activations (to ONNX Runtime's rounding). */
  private static void compare(Path expected, Path actual) throws Exception {
    assertEquals(Files.readString(expected.resolve("items.csv")),
        Files.readString(actual.resolve("items.csv")), "items of " + actual);
    Store e = Store.open(expected, Files.createTempDirectory("c"));
    Store a = Store.open(actual, Files.createTempDirectory("c"));
    assertEquals(e.manifest(), a.manifest());
    for (Layer layer : e.layers()) {
      Layer other = a.layer(layer.name()).orElseThrow();
      float[] x = new float[layer.width()];
      float[] y = new float[layer.width()];
      for (int row = 0; row < layer.rows(); row++) {
        layer.read(row, x);
        other.read(row, y);
        assertArrayEquals(x, y, 1e-5f, layer.name() + " row " + row);
      }
    }
  }
}

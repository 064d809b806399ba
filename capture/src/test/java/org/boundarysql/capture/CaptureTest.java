/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.materialize.SampledStore;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.store.InputTransform;
import org.boundarysql.store.Items;
import org.boundarysql.store.Layer;
import org.boundarysql.store.NpyDtype;
import org.boundarysql.store.Store;
import org.boundarysql.task.ProgressListener;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Captures small models built in test code and checks the stores against hand computations. */
class CaptureTest {
  static final int TEST_ITEMS = 37;
  static final int TRAIN_ITEMS = 11;

  @TempDir Path tmp;
  Path in;
  Path out;
  float[][] test;
  float[][] train;
  int[] testLabels;
  int[] trainLabels;

  @BeforeEach
  void writeInputs() throws IOException {
    in = Files.createDirectories(tmp.resolve("in"));
    out = Files.createDirectories(tmp.resolve("out"));
    test = rows(TEST_ITEMS, 4, 11);
    train = rows(TRAIN_ITEMS, 4, 12);
    testLabels = labels(TEST_ITEMS, 13);
    trainLabels = labels(TRAIN_ITEMS, 14);
    TestModels.writeFloats(in.resolve("x_test.npy"), test, 4);
    TestModels.writeFloats(in.resolve("x_train.npy"), train, 4);
    TestModels.writeLabels(in.resolve("y_test.npy"), testLabels);
    Files.writeString(in.resolve("y_train.csv"), "label\n" + String.join("\n",
        Arrays.stream(trainLabels).mapToObj(Integer::toString).toList()) + "\n");
    TestModels.gemm("batch").write(in.resolve("gemm.onnx"));
  }

  static float[][] rows(int n, int width, long seed) {
    float[][] rows = new float[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = TestModels.randoms(width, seed * 1000 + i);
    }
    return rows;
  }

  static int[] labels(int n, long seed) {
    return new Random(seed).ints(n, 0, 3).toArray();
  }

  static Map<String, String> gemmLayers() {
    Map<String, String> layers = new LinkedHashMap<>();
    layers.put("hidden", "/fc1/Relu_output_0");
    layers.put("logits", "logits");
    return layers;
  }

  CaptureSpec gemmSpec(Path model, Map<String, String> layers, int batch, SampleSpec sample) {
    return new CaptureSpec(model, List.of(
        new CaptureSpec.Split("test", in.resolve("x_test.npy"), in.resolve("y_test.npy")),
        new CaptureSpec.Split("train", in.resolve("x_train.npy"), in.resolve("y_train.csv"))),
        null, layers, "hidden", "logits", null, batch, out.resolve("gemm"), sample);
  }

  static float[] row(Layer layer, int row) {
    float[] values = new float[layer.width()];
    layer.read(row, values);
    return values;
  }

  static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      best = v[i] > v[best] ? i : best;
    }
    return best;
  }

  static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5, what + "[" + i + "]");
    }
  }

  @Test
  void gemmActivationsEqualHandComputationAcrossSplitsAndBatches() throws IOException {
    Capture.Report report = Capture.run(gemmSpec(in.resolve("gemm.onnx"), gemmLayers(), 8,
        null), ProgressListener.NONE);
    assertEquals(TEST_ITEMS + TRAIN_ITEMS, report.items());
    Store store = Store.open(out.resolve("gemm"), tmp.resolve("cache"));
    assertEquals("hidden", store.manifest().latentLayer());
    assertEquals(List.of("0", "1", "2"), store.manifest().classes());
    Items items = store.items();
    assertEquals(TEST_ITEMS + TRAIN_ITEMS, items.size());
    for (int i = 0; i < items.size(); i++) {
      boolean isTest = i < TEST_ITEMS;
      float[] x = isTest ? test[i] : train[i - TEST_ITEMS];
      assertEquals(i, items.id(i));
      assertEquals(isTest ? "test" : "train", items.split(i));
      assertEquals(isTest ? testLabels[i] : trainLabels[i - TEST_ITEMS], items.label(i));
      float[] logits = TestModels.gemmLogits(x);
      assertEquals(argmax(logits), items.predicted(i), "prediction of item " + i);
      assertClose(TestModels.gemmHidden(x), row(store.layer("hidden").orElseThrow(), i),
          "hidden of item " + i);
      assertClose(logits, row(store.layer("logits").orElseThrow(), i), "logits of item " + i);
    }
    assertTrue(Files.readString(out.resolve("gemm").resolve(Capture.PROVENANCE))
        .contains("modelSha256"));
    assertOnlyStores("gemm");
  }

  @Test
  void convActivationsOfUint8InputsScaledAndNormalisedEqualHandComputation() throws IOException {
    int n = 9;
    byte[] pixels = new byte[n * 16];
    new Random(21).nextBytes(pixels);
    TestModels.write(in.resolve("images.npy"), NpyDtype.UINT8, n, new long[] {1, 4, 4},
        java.nio.ByteBuffer.wrap(pixels));
    TestModels.writeLabels(in.resolve("labels.npy"), labels(n, 22));
    TestModels.conv().write(in.resolve("conv.onnx"));
    Map<String, String> layers = new LinkedHashMap<>();
    layers.put("relu", "/relu/Relu_output_0");
    layers.put("pool", "/pool/MaxPool_output_0");
    layers.put("flat", "/flatten/Flatten_output_0");
    layers.put("logits", "logits");
    Capture.run(new CaptureSpec(in.resolve("conv.onnx"), List.of(new CaptureSpec.Split("test",
        in.resolve("images.npy"), in.resolve("labels.npy"))), List.of("a", "b", "c"), layers,
        "flat", "logits", new InputTransform(1 / 255.0, new double[] {0.5},
        new double[] {0.25}), 4, out.resolve("conv"), null), ProgressListener.NONE);
    Store store = Store.open(out.resolve("conv"), tmp.resolve("cache"));
    assertArrayEquals(new int[] {2, 4, 4}, store.manifest().layer("relu").orElseThrow().shape());
    assertArrayEquals(new int[] {2, 2, 2}, store.manifest().layer("pool").orElseThrow().shape());
    assertEquals(List.of("a", "b", "c"), store.manifest().classes());
    for (int i = 0; i < n; i++) {
      float[] image = new float[16];
      for (int p = 0; p < 16; p++) {
        image[p] = (float) (((pixels[i * 16 + p] & 0xff) / 255.0 - 0.5) / 0.25);
      }
      assertClose(TestModels.convRelu(image), row(store.layer("relu").orElseThrow(), i),
          "relu of item " + i);
      assertArrayEquals(TestModels.convPool(image), row(store.layer("pool").orElseThrow(), i),
          1e-5f, "pool of item " + i);
      assertClose(TestModels.convPool(image), row(store.layer("flat").orElseThrow(), i),
          "flat of item " + i);
      assertClose(TestModels.convLogits(image), row(store.layer("logits").orElseThrow(), i),
          "logits of item " + i);
    }
  }

  @Test
  void float64InputsAreConverted() throws IOException {
    java.nio.ByteBuffer data = java.nio.ByteBuffer.allocate(TEST_ITEMS * 4 * 8)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (float[] r : test) {
      for (float v : r) {
        data.putDouble(v);
      }
    }
    TestModels.write(in.resolve("x_test.npy"), NpyDtype.FLOAT64, TEST_ITEMS,
        new long[] {4}, data.flip());
    Capture.run(new CaptureSpec(in.resolve("gemm.onnx"), List.of(new CaptureSpec.Split("test",
        in.resolve("x_test.npy"), in.resolve("y_test.npy"))), null, gemmLayers(), "hidden",
        "logits", null, 0, out.resolve("gemm"), null), ProgressListener.NONE);
    Store store = Store.open(out.resolve("gemm"), tmp.resolve("cache"));
    assertClose(TestModels.gemmLogits(test[5]), row(store.layer("logits").orElseThrow(), 5),
        "logits of item 5");
  }

  @Test
  void externalWeightsBesideTheModelAreLoaded() throws IOException {
    Files.write(in.resolve("external.onnx"),
        TestModels.externalWeights(in, "weights.bin").toByteArray());
    Capture.run(gemmSpec(in.resolve("external.onnx"), gemmLayers(), 0, null),
        ProgressListener.NONE);
    Store store = Store.open(out.resolve("gemm"), tmp.resolve("cache"));
    assertClose(TestModels.gemmLogits(test[3]), row(store.layer("logits").orElseThrow(), 3),
        "logits of item 3");
  }

  @Test
  void aModelWithAFixedBatchOfOneRunsWithBatchOne() throws IOException {
    TestModels.gemm(1L).write(in.resolve("fixed.onnx"));
    Capture.run(gemmSpec(in.resolve("fixed.onnx"), gemmLayers(), 1, null),
        ProgressListener.NONE);
    Store store = Store.open(out.resolve("gemm"), tmp.resolve("cache"));
    assertClose(TestModels.gemmLogits(train[2]),
        row(store.layer("logits").orElseThrow(), TEST_ITEMS + 2), "logits of train item 2");
  }

  /**
   * For a ranking and for a probability design, whose sampled store's items also carry each
   * item's stratum and inclusion probability.
   */
  @ParameterizedTest
  @ValueSource(strings = {"maxmargin", "margin_stratified"})
  void sampledCaptureWritesWhatMaterializeWritesFromAFullCapture(String method)
      throws IOException {
    SampleSpec sample = SampleSpec.of(SamplingMethod.forName(method), 0.25);
    String name = "gemm_" + method + "_25";
    Capture.Report full = Capture.run(gemmSpec(in.resolve("gemm.onnx"), gemmLayers(), 8, null),
        ProgressListener.NONE);
    Store store = Store.open(out.resolve("gemm"), tmp.resolve("cache"));
    Path materialized = tmp.resolve("materialized");
    SampledStore.materialize(store, sample, tmp.resolve("cache"), materialized,
        name, ProgressListener.NONE);
    Capture.Report sampled = Capture.run(gemmSpec(in.resolve("gemm.onnx"), gemmLayers(), 8,
        sample), ProgressListener.NONE);
    assertEquals(List.of(out.resolve(name), out.resolve("gemm_latent")),
        sampled.stores().stream().map(Capture.Written::store).toList());
    int k = sampled.stores().get(0).items();
    assertEquals(Math.round(0.25 * (TEST_ITEMS + TRAIN_ITEMS)), k, 1);
    assertEquals(TEST_ITEMS + TRAIN_ITEMS + k, sampled.modelItems());
    assertEquals(TEST_ITEMS + TRAIN_ITEMS, full.modelItems());
    for (String directory : List.of(name, "gemm_latent")) {
      for (String file : List.of("items.csv", "hidden.npy")) {
        assertArrayEquals(Files.readAllBytes(materialized.resolve(directory).resolve(file)),
            Files.readAllBytes(out.resolve(directory).resolve(file)), directory + "/" + file);
      }
    }
    assertArrayEquals(Files.readAllBytes(materialized.resolve(name)
        .resolve("logits.npy")), Files.readAllBytes(out.resolve(name)
        .resolve("logits.npy")));
    assertTrue(Files.readString(out.resolve(name).resolve("sample.json"))
        .contains(method + " fraction=0.25"));
    assertTrue(sampled.stores().get(0).bytes() < full.stores().get(0).bytes());
    assertEquals(method.equals("margin_stratified"), Files.readString(out.resolve(name)
        .resolve("items.csv")).startsWith("id,split,label,predicted,stratum,"
            + "inclusion_probability\n"));
  }

  /** Asserts that the output directory holds exactly the given stores and nothing else. */
  void assertOnlyStores(String... names) throws IOException {
    try (Stream<Path> entries = Files.list(out)) {
      assertEquals(List.of(names), entries.map(p -> p.getFileName().toString()).sorted()
          .toList());
    }
  }
}

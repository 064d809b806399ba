/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.ondemand.ComputeBudgetException;
import org.boundarysql.ondemand.OnDemandLayers;
import org.boundarysql.ondemand.RowCache;
import org.boundarysql.store.Layer;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.Store;
import org.boundarysql.store.StoreFormatException;
import org.boundarysql.task.ProgressListener;

import ai.onnx.proto.OnnxMl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rows of on-demand layers computed with ONNX Runtime through {@link OnnxRowComputer}: equal to
 * hand computations, only the rows asked for (counted in the cache's files, read by hand), the
 * other layers of the demand in the same run, reused, invalidated with the store, and refused
 * with the reason when the model or the inputs changed or the budget is too small.
 */
class OnDemandRowsTest {
  @TempDir Path tmp;
  OnDemandStores stores;
  Store twin;
  LayerSpec relu;
  LayerSpec pool;

  @BeforeEach
  void capture() throws IOException {
    stores = new OnDemandStores(tmp, 5);
    Capture.run(stores.spec("conv.onnx", "twin", true), ProgressListener.NONE);
    twin = open();
    relu = twin.manifest().onDemandLayer("relu").orElseThrow();
    pool = twin.manifest().onDemandLayer("pool").orElseThrow();
  }

  Store open() {
    return Store.open(stores.catalog.resolve("twin"), tmp.resolve("cache").resolve("twin"));
  }

  OnDemandLayers layers(Store store) {
    return RowCache.of(tmp.resolve("cache"), 1L << 30).layers(store);
  }

  /** Store rows held by the cache's segment files of a layer, read from the files by hand. */
  TreeSet<Integer> cachedRows(String layer) throws IOException {
    TreeSet<Integer> rows = new TreeSet<>();
    Path directory = tmp.resolve("cache").resolve("twin").resolve("rows");
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith(layer + "-")
          && f.toString().endsWith(".rows")).toList()) {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file))
            .order(ByteOrder.LITTLE_ENDIAN);
        int count = bytes.getInt(16);
        int ids = (24 + bytes.getInt(20) + 3) / 4 * 4;
        for (int i = 0; i < count; i++) {
          assertTrue(rows.add(bytes.getInt(ids + 4 * i)), "row " + i + " cached twice");
        }
      }
    }
    return rows;
  }

  void assertRows(Layer computed, String layer, int... rows) {
    float[] values = new float[computed.width()];
    for (int row : rows) {
      computed.read(row, values);
      assertArrayEquals(stores.expected(layer, row), values, 1e-5f, layer + " of row " + row);
    }
  }

  @Test void computesTheRowsAskedForWithTheDemandsOtherLayersOnce() throws IOException {
    OnDemandLayers layers = layers(twin);
    int[] asked = {1, 4, 6, 250, 599};
    Layer computed = layers.rows(List.of(relu, pool), relu, asked, Double.POSITIVE_INFINITY);
    assertRows(computed, "relu", asked);
    assertEquals(new TreeSet<>(List.of(1, 4, 6, 250, 599)), cachedRows("relu"));
    assertEquals(cachedRows("relu"), cachedRows("pool"), "pool came along in the same run");
    long segments = segmentFiles();
    assertRows(layers.rows(List.of(relu, pool), pool, new int[] {4, 599},
        Double.POSITIVE_INFINITY), "pool", 4, 599);
    assertEquals(segments, segmentFiles(), "cached rows are read, not computed");
    Layer all = layers.rows(List.of(relu), relu, null, Double.POSITIVE_INFINITY);
    assertRows(all, "relu", IntStream.range(0, OnDemandStores.ITEMS).toArray());
    assertEquals(OnDemandStores.ITEMS, cachedRows("relu").size(), "each row once");
    assertEquals(OnDemandStores.ITEMS, layers.cachedRows(relu, null));
    assertEquals(5, layers.cachedRows(pool, null));
  }

  /** A store captured again from other inputs has other rows: the old ones are removed. */
  @Test void theCacheIsInvalidatedWhenTheInputsOrTheModelChange() throws IOException {
    layers(twin).rows(List.of(relu), relu, new int[] {2, 3}, Double.POSITIVE_INFINITY);
    List<Path> before = rowDirectories();
    stores.writeImages(6);
    Capture.run(stores.spec("conv.onnx", "twin", true), ProgressListener.NONE);
    Store recaptured = open();
    Layer computed = layers(recaptured).rows(List.of(relu), relu, new int[] {2, 3},
        Double.POSITIVE_INFINITY);
    assertRows(computed, "relu", 2, 3);
    List<Path> after = rowDirectories();
    assertEquals(1, after.size());
    assertFalse(before.equals(after), "a new fingerprint");
  }

  @Test void aChangedOrMissingModelOrInputIsRefusedWithTheReason() throws IOException {
    Path dir = stores.catalog.resolve("twin");
    Path model = dir.resolve("model.onnx");
    byte[] original = Files.readAllBytes(model);
    TestModels.gemm("batch").write(model);
    String message = assertThrows(StoreFormatException.class, () -> layers(twin).rows(
        List.of(relu), relu, new int[] {1}, Double.POSITIVE_INFINITY)).getMessage();
    assertTrue(message.contains("model.onnx: changed since the store was captured"), message);
    Files.delete(model);
    message = assertThrows(StoreFormatException.class, () -> layers(twin).rows(
        List.of(relu), relu, new int[] {1}, Double.POSITIVE_INFINITY)).getMessage();
    assertTrue(message.contains("model.onnx: missing"), message);
    Files.write(model, original);
    Path inputs = dir.resolve("input_image.npy");
    byte[] bytes = Files.readAllBytes(inputs);
    bytes[bytes.length - 1] ^= 1;
    Files.write(inputs, bytes);
    message = assertThrows(StoreFormatException.class, () -> layers(open()).rows(
        List.of(relu), relu, new int[] {1}, Double.POSITIVE_INFINITY)).getMessage();
    assertTrue(message.contains("input_image.npy: changed since the store was captured"),
        message);
    Files.write(inputs, Arrays.copyOf(bytes, bytes.length - 16));
    message = assertThrows(StoreFormatException.class, () -> layers(open()).rows(
        List.of(relu), relu, new int[] {1}, Double.POSITIVE_INFINITY)).getMessage();
    assertTrue(message.contains("input_image.npy"), message);
  }

  @Test void aComputationOverTheBudgetIsRefusedBeforeItStarts() throws IOException {
    OnDemandLayers layers = layers(twin);
    ComputeBudgetException refused = assertThrows(ComputeBudgetException.class,
        () -> layers.rows(List.of(relu), relu, null, 1e-9));
    assertTrue(refused.getMessage().contains("computing relu of store twin for 600 items would"
        + " take about"), refused.getMessage());
    assertTrue(refused.getMessage().contains("TABLESAMPLE BOUNDARY"), refused.getMessage());
    assertTrue(refused.estimateSeconds() > 0);
    assertEquals(0, cachedRows("relu").size());
    layers.rows(List.of(relu), relu, new int[] {7}, Double.POSITIVE_INFINITY);
    assertRows(layers.rows(List.of(relu), relu, new int[] {7}, 1e-9), "relu", 7);
  }

  /**
   * A model exported with a fixed batch of 1 computes its rows one item at a time: the
   * pre-activation of the Gemm model's hidden layer, against a hand computation.
   */
  @Test void aModelWithAFixedBatchOfOneComputesItemByItem() throws IOException {
    Path in = tmp.resolve("fixed");
    Files.createDirectories(in);
    float[][] x = CaptureTest.rows(9, 4, 17);
    TestModels.writeFloats(in.resolve("x.npy"), x, 4);
    TestModels.writeLabels(in.resolve("y.npy"), CaptureTest.labels(9, 18));
    TestModels.gemm(1L).write(in.resolve("fixed.onnx"));
    Map<String, String> layers = new LinkedHashMap<>(CaptureTest.gemmLayers());
    layers.put("pre", "/fc1/Gemm_output_0");
    Capture.run(new CaptureSpec(in.resolve("fixed.onnx"), List.of(new CaptureSpec.Split("test",
        in.resolve("x.npy"), in.resolve("y.npy"))), null, layers, "hidden", "logits", null, 1,
        tmp.resolve("fixed-out").resolve("g"), null, true), ProgressListener.NONE);
    Store store = Store.open(tmp.resolve("fixed-out").resolve("g"), tmp.resolve("c2"));
    LayerSpec pre = store.manifest().onDemandLayer("pre").orElseThrow();
    Layer computed = RowCache.of(tmp.resolve("c2"), 1L << 30).layers(store)
        .rows(List.of(pre), pre, new int[] {0, 3, 8}, Double.POSITIVE_INFINITY);
    for (int row : new int[] {0, 3, 8}) {
      float[] expected = new float[3];
      for (int j = 0; j < 3; j++) {
        double sum = TestModels.B1[j];
        for (int i = 0; i < 4; i++) {
          sum += x[row][i] * TestModels.W1[i * 3 + j];
        }
        expected[j] = (float) sum;
      }
      float[] values = new float[3];
      computed.read(row, values);
      assertArrayEquals(expected, values, 1e-5f, "pre of row " + row);
    }
  }

  /**
   * A model whose batch axis is declared dynamic but whose graph reshapes to a batch of 1 (as
   * some exporters write it): a batch of 2 fails, so its rows are computed one at a time.
   */
  @Test void aDynamicBatchAxisThatIsNotFallsBackToOneItemAtATime() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("reshaped"));
    float[][] x = CaptureTest.rows(7, 4, 19);
    TestModels.writeFloats(in.resolve("x.npy"), x, 4);
    TestModels.writeLabels(in.resolve("y.npy"), CaptureTest.labels(7, 20));
    OnnxMl.TensorProto shape = OnnxMl.TensorProto.newBuilder().setName("one_row")
        .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber()).addDims(2)
        .addInt64Data(1).addInt64Data(4).build();
    new ModelBuilder("reshaped")
        .input(ModelBuilder.value("x", TestModels.FLOAT, "batch", 4L))
        .initializer(shape)
        .weights("fc1.weight", TestModels.W1, 4, 3).weights("fc1.bias", TestModels.B1, 3)
        .node("Reshape", List.of("x", "one_row"), "/reshape/Reshape_output_0")
        .node("Gemm", List.of("/reshape/Reshape_output_0", "fc1.weight", "fc1.bias"), "pre")
        .node("Relu", List.of("pre"), "hidden")
        .output(ModelBuilder.value("hidden", TestModels.FLOAT, "batch", 3L))
        .write(in.resolve("reshaped.onnx"));
    Map<String, String> layers = new LinkedHashMap<>();
    layers.put("pre", "pre");
    layers.put("hidden", "hidden");
    Capture.run(new CaptureSpec(in.resolve("reshaped.onnx"), List.of(new CaptureSpec.Split(
        "test", in.resolve("x.npy"), in.resolve("y.npy"))), null, layers, "hidden", "hidden",
        null, 1, tmp.resolve("reshaped-out").resolve("r"), null, true), ProgressListener.NONE);
    Store store = Store.open(tmp.resolve("reshaped-out").resolve("r"), tmp.resolve("c3"));
    LayerSpec pre = store.manifest().onDemandLayer("pre").orElseThrow();
    OnDemandLayers computed = RowCache.of(tmp.resolve("c3"), 1L << 30).layers(store);
    Layer rows = computed.rows(List.of(pre), pre, null, Double.POSITIVE_INFINITY);
    assertEquals(1, computed.throughput().batch());
    for (int row = 0; row < 7; row++) {
      float[] values = new float[3];
      rows.read(row, values);
      for (int j = 0; j < 3; j++) {
        double sum = TestModels.B1[j];
        for (int i = 0; i < 4; i++) {
          sum += x[row][i] * TestModels.W1[i * 3 + j];
        }
        assertEquals(sum, values[j], 1e-5, "pre of row " + row);
      }
    }
  }

  /** The model is cut to what the values need: the Relu's cut has no pooling nor Gemm. */
  @Test void theModelIsCutToTheNodesTheValuesNeed() {
    OnnxMl.ModelProto cut = ModelCut.of(TestModels.conv().build(),
        List.of("/relu/Relu_output_0"));
    assertEquals(List.of("Conv", "Relu"), cut.getGraph().getNodeList().stream()
        .map(OnnxMl.NodeProto::getOpType).toList());
    assertEquals(List.of("conv.bias", "conv.weight"), cut.getGraph().getInitializerList()
        .stream().map(OnnxMl.TensorProto::getName).sorted().toList());
    assertEquals(List.of("image"), cut.getGraph().getInputList().stream()
        .map(OnnxMl.ValueInfoProto::getName).toList());
  }

  private long segmentFiles() throws IOException {
    try (Stream<Path> files = Files.walk(tmp.resolve("cache"))) {
      return files.filter(f -> f.toString().endsWith(".rows")).count();
    }
  }

  private List<Path> rowDirectories() throws IOException {
    try (Stream<Path> dirs = Files.list(tmp.resolve("cache").resolve("twin").resolve("rows"))) {
      return new ArrayList<>(dirs.sorted().toList());
    }
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.store.Layer;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.ModelInput;
import org.boundarysql.store.NpyDtype;
import org.boundarysql.store.NpyHeader;
import org.boundarysql.store.Store;
import org.boundarysql.store.StoreManifest;
import org.boundarysql.task.ProgressListener;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code capture --on-demand}: the store keeps the latent layer and logits of every item
 * (checked against hand computations), a byte copy of the model, the inputs as given (uint8
 * kept, splits one after another, big-endian values turned little-endian, checked against the
 * bytes written by the test) with digests computed here, and declares the other layers.
 */
class OnDemandCaptureTest {
  @TempDir Path tmp;

  static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test void keepsLatentLayerLogitsModelAndInputsAsGiven() throws Exception {
    OnDemandStores stores = new OnDemandStores(tmp, 3);
    Capture.Report report = Capture.run(stores.spec("conv.onnx", "twin", true),
        ProgressListener.NONE);
    Path dir = stores.catalog.resolve("twin");
    StoreManifest manifest = StoreManifest.read(dir);
    assertEquals(List.of("flat", "logits"), manifest.layers().stream().map(LayerSpec::name)
        .toList());
    assertEquals(List.of(new LayerSpec("relu", new int[] {2, 4, 4}, "/relu/Relu_output_0"),
        new LayerSpec("pool", new int[] {2, 2, 2}, "/pool/MaxPool_output_0")),
        manifest.onDemandLayers());
    byte[] model = Files.readAllBytes(stores.in.resolve("conv.onnx"));
    assertArrayEquals(model, Files.readAllBytes(dir.resolve("model.onnx")));
    assertEquals(sha256(model), manifest.modelFile().model().sha256());
    ModelInput input = manifest.inputs().get(0);
    assertEquals("image", input.name());
    assertEquals(NpyDtype.UINT8, input.dtype());
    assertArrayEquals(new int[] {1, 4, 4}, input.shape());
    assertEquals(OnDemandStores.TRANSFORM, input.transform());
    byte[] inputs = Files.readAllBytes(dir.resolve(input.file().file()));
    byte[] header = NpyHeader.bytes(NpyDtype.UINT8, new long[] {OnDemandStores.ITEMS, 1, 4, 4});
    assertArrayEquals(header, Arrays.copyOf(inputs, header.length));
    assertArrayEquals(stores.pixels, Arrays.copyOfRange(inputs, header.length, inputs.length));
    assertEquals(sha256(inputs), input.file().sha256());
    Store store = Store.open(dir, tmp.resolve("cache"));
    for (int i = 0; i < OnDemandStores.ITEMS; i += 37) {
      for (String layer : List.of("flat", "logits")) {
        assertArrayEquals(stores.expected(layer, i), row(store.layer(layer).orElseThrow(), i),
            1e-5f, layer + " of item " + i);
      }
      assertEquals(CaptureTest.argmax(stores.expected("logits", i)),
          store.items().predicted(i));
      assertEquals(i < OnDemandStores.TEST_ITEMS ? "test" : "train", store.items().split(i));
    }
    assertEquals(Files.size(dir.resolve("flat.npy")) + Files.size(dir.resolve("logits.npy"))
        + Files.size(dir.resolve("model.onnx")) + inputs.length
        + Files.size(dir.resolve("items.csv")) + Files.size(dir.resolve("store.json")),
        report.bytes());
  }

  /** Big-endian float inputs are kept as little-endian values, the same numbers. */
  @Test void bigEndianInputsAreKeptLittleEndian() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    float[][] rows = CaptureTest.rows(6, 4, 9);
    ByteBuffer big = ByteBuffer.allocate(6 * 4 * 4).order(ByteOrder.BIG_ENDIAN);
    for (float[] r : rows) {
      for (float v : r) {
        big.putFloat(v);
      }
    }
    byte[] bigBytes = big.array();
    byte[] header = NpyHeader.bytes(NpyDtype.FLOAT32, new long[] {6, 4});
    String text = new String(header, StandardCharsets.ISO_8859_1)
        .replace("'<f4'", "'>f4'");
    Files.write(in.resolve("x.npy"), concat(text.getBytes(
        StandardCharsets.ISO_8859_1), bigBytes));
    TestModels.writeLabels(in.resolve("y.npy"), new int[] {0, 1, 2, 0, 1, 2});
    TestModels.gemm("batch").write(in.resolve("gemm.onnx"));
    Capture.run(new CaptureSpec(in.resolve("gemm.onnx"), List.of(new CaptureSpec.Split("test",
        in.resolve("x.npy"), in.resolve("y.npy"))), null, CaptureTest.gemmLayers(), "hidden",
        "logits", null, 0, tmp.resolve("out").resolve("g"), null, true), ProgressListener.NONE);
    Store store = Store.open(tmp.resolve("out").resolve("g"), tmp.resolve("cache"));
    float[] values = new float[4];
    for (int i = 0; i < 6; i++) {
      store.inputs().get(0).read(i, values);
      assertArrayEquals(rows[i], values, "input of item " + i);
    }
    assertTrue(store.manifest().onDemandLayers().isEmpty(), "hidden is the latent layer");
  }

  @Test void refusesASampleWithOnDemandAndSplitsOfTwoTypesBeforeWriting() throws IOException {
    OnDemandStores stores = new OnDemandStores(tmp, 4);
    CaptureSpec spec = stores.spec("conv.onnx", "twin", true);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new CaptureSpec(spec.model(),
        spec.splits(), spec.classes(), spec.layers(), spec.latent(), spec.logits(),
        spec.transform(), 0, spec.out(), SampleSpec.of(SamplingMethod.UNIFORM, 0.5), true))
        .getMessage()
        .contains("--on-demand and --sample exclude each other"));
    float[][] floats = new float[OnDemandStores.TRAIN_ITEMS][16];
    TestModels.writeFloats(stores.in.resolve("train_images.npy"), floats, 1, 4, 4);
    String message = assertThrows(IllegalArgumentException.class,
        () -> Capture.run(spec, ProgressListener.NONE)).getMessage();
    assertTrue(message.contains("holds float32 values") && message.contains("uint8"), message);
    try (Stream<Path> written = Files.list(stores.catalog)) {
      assertEquals(List.of(), written.toList());
    }
  }

  static float[] row(Layer layer, int row) {
    float[] values = new float[layer.width()];
    layer.read(row, values);
    return values;
  }

  static byte[] concat(byte[] a, byte[] b) {
    return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
  }
}

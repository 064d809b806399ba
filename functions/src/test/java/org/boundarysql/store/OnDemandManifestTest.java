/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests the part of {@code store.json} a store that keeps its model has: hand-written files
 * read, written back alike, and the declarations that cannot work refused with the reason; and
 * the inputs read as stored and as fed.
 */
class OnDemandManifestTest {
  static final String SHA = "ab".repeat(32);
  static final String MANIFEST = """
      {"model": "lenet.onnx", "classes": ["a", "b"], "latentLayer": "fc",
       "layers": [{"name": "fc", "shape": [2], "value": "/fc/Relu_output_0"},
                  {"name": "conv", "shape": [2, 2, 2], "value": "/relu/Relu_output_0",
                   "onDemand": true}],
       "modelFile": {"file": "model.onnx", "sha256": "%s",
                     "externalData": [{"file": "model.onnx.data", "sha256": "%s"}]},
       "inputs": [{"name": "image", "file": "input_image.npy", "sha256": "%s",
                   "dtype": "uint8", "shape": [1, 2, 3],
                   "transform": {"scale": 0.5, "mean": [1], "std": [2]}}]}
      """.formatted(SHA, SHA, SHA);

  @TempDir Path dir;

  Path store(String manifest) throws IOException {
    Path store = Files.createDirectories(dir.resolve("s"));
    Files.writeString(store.resolve("store.json"), manifest);
    Files.writeString(store.resolve("items.csv"), "id,split,label,predicted\n0,t,0,1\n1,t,1,1\n");
    NpyBytes.write(store.resolve("fc.npy"), "<f4", 2, 2);
    return store;
  }

  @Test void declaresOnDemandLayersModelAndInputsAndWritesThemBack() throws IOException {
    StoreManifest manifest = StoreManifest.read(store(MANIFEST));
    assertEquals(List.of(new LayerSpec("fc", new int[] {2}, "/fc/Relu_output_0")),
        manifest.layers());
    assertEquals(List.of(new LayerSpec("conv", new int[] {2, 2, 2}, "/relu/Relu_output_0")),
        manifest.onDemandLayers());
    assertEquals(new ModelFile(new StoredFile("model.onnx", SHA),
        List.of(new StoredFile("model.onnx.data", SHA))), manifest.modelFile());
    ModelInput input = manifest.inputs().get(0);
    assertEquals("image", input.name());
    assertEquals(NpyDtype.UINT8, input.dtype());
    assertArrayEquals(new int[] {1, 2, 3}, input.shape());
    assertEquals(new InputTransform(0.5, new double[] {1}, new double[] {2}), input.transform());
    Path copy = Files.createDirectories(dir.resolve("copy"));
    manifest.write(copy);
    assertEquals(manifest, StoreManifest.read(copy));
    assertTrue(manifest.layer("conv").isEmpty(), "on-demand layers are not stored ones");
  }

  @Test void refusesDeclarationsThatCannotBeComputed() throws IOException {
    String noValue = MANIFEST.replace("\"value\": \"/relu/Relu_output_0\",", "");
    assertTrue(assertThrows(StoreFormatException.class, () -> StoreManifest.read(store(noValue)))
        .getMessage().contains("on-demand layer \"conv\" needs the \"value\""));
    String latentOnDemand = MANIFEST.replace("\"latentLayer\": \"fc\"",
        "\"latentLayer\": \"conv\"");
    assertTrue(assertThrows(StoreFormatException.class,
        () -> StoreManifest.read(store(latentOnDemand))).getMessage()
        .contains("latentLayer \"conv\" is not among the stored layers"));
    String noModel = MANIFEST.replaceAll("\"modelFile\": \\{[^}]*\\[[^]]*\\]\\},", "");
    assertTrue(assertThrows(StoreFormatException.class, () -> StoreManifest.read(store(noModel)))
        .getMessage().contains("needs \"modelFile\" and \"inputs\""), noModel);
    String badDtype = MANIFEST.replace("\"uint8\"", "\"complex64\"");
    assertTrue(assertThrows(StoreFormatException.class, () -> StoreManifest.read(store(badDtype)))
        .getMessage().contains("dtype \"complex64\""));
    String outside = MANIFEST.replace("\"input_image.npy\"", "\"../elsewhere.npy\"");
    assertTrue(assertThrows(StoreFormatException.class, () -> StoreManifest.read(store(outside)))
        .getMessage().contains("inside the store"));
  }

  /** Inputs read as stored (uint8 as numbers) and as fed ((x * 0.5 - 1) / 2), by hand. */
  @Test void inputsAreReadAsStoredAndAsFed() throws IOException {
    Path store = store(MANIFEST);
    byte[] pixels = {0, 1, 2, (byte) 200, (byte) 255, 7, 9, 8, 7, 6, 5, 4};
    Files.write(store.resolve("input_image.npy"), concat(
        NpyHeader.bytes(NpyDtype.UINT8, new long[] {2, 1, 2, 3}), pixels));
    Store opened = Store.open(store, dir.resolve("cache"));
    InputLayer input = opened.inputs().get(0);
    float[] raw = new float[6];
    float[] fed = new float[6];
    input.readRaw(1, raw);
    input.read(1, fed);
    for (int i = 0; i < 6; i++) {
      int pixel = pixels[6 + i] & 0xff;
      assertEquals(pixel, raw[i]);
      assertEquals((pixel * 0.5 - 1) / 2, fed[i], 1e-6);
      assertEquals(fed[i], input.value(1, i));
    }
  }

  /** An input file that no longer matches its declaration fails when read, naming it. */
  @Test void inputsThatNoLongerMatchAreRefused() throws IOException {
    Path store = store(MANIFEST);
    Files.write(store.resolve("input_image.npy"), concat(
        NpyHeader.bytes(NpyDtype.UINT8, new long[] {3, 1, 2, 3}), new byte[18]));
    Store opened = Store.open(store, dir.resolve("cache"));
    String message = assertThrows(StoreFormatException.class, opened::inputs).getMessage();
    assertTrue(message.contains("input_image.npy: has 3 rows but items.csv has 2"), message);
    Files.write(store.resolve("input_image.npy"), concat(
        NpyHeader.bytes(NpyDtype.FLOAT32, new long[] {2, 1, 2, 3}), new byte[48]));
    message = assertThrows(StoreFormatException.class,
        () -> Store.open(store, dir.resolve("cache")).inputs()).getMessage();
    assertTrue(message.contains("holds float32 rows of shape [1, 2, 3] but store.json declares"
        + " uint8 [1, 2, 3]"), message);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
  }
}

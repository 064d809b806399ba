/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.store.InputTransform;
import org.boundarysql.store.NpyDtype;
import org.boundarysql.task.ProgressListener;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad models, inputs and options: each gets a clear message, and nothing is left in --out. */
class CaptureErrorsTest {
  @TempDir Path tmp;
  Path in;
  Path out;

  @BeforeEach
  void writeInputs() throws IOException {
    in = Files.createDirectories(tmp.resolve("in"));
    out = Files.createDirectories(tmp.resolve("out"));
    TestModels.writeFloats(in.resolve("x.npy"), CaptureTest.rows(20, 4, 1), 4);
    TestModels.writeLabels(in.resolve("y.npy"), CaptureTest.labels(20, 2));
    TestModels.gemm("batch").write(in.resolve("gemm.onnx"));
  }

  CaptureSpec spec(String model, String inputs, String labels, Map<String, String> layers,
      InputTransform transform, int batch) {
    return new CaptureSpec(in.resolve(model), List.of(new CaptureSpec.Split("test",
        in.resolve(inputs), in.resolve(labels))), null, layers, "hidden", "logits", transform,
        batch, out.resolve("store"), null);
  }

  CaptureSpec gemm(Map<String, String> layers) {
    return spec("gemm.onnx", "x.npy", "y.npy", layers, null, 0);
  }

  /** Runs the capture, expects it to fail, checks that --out is empty; returns the message. */
  String failure(CaptureSpec spec) throws IOException {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Capture.run(spec, ProgressListener.NONE));
    try (Stream<Path> entries = Files.list(out)) {
      assertEquals(List.of(), entries.toList(), "nothing written for: " + e.getMessage());
    }
    return e.getMessage();
  }

  static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "'" + part + "' not in: " + message);
    }
  }

  @Test
  void anUnknownValueNameListsTheNearestNames() throws IOException {
    Map<String, String> layers = CaptureTest.gemmLayers();
    layers.put("hidden", "/fc1/Relu_output");
    assertContains(failure(gemm(layers)), "layer hidden", "no value named '/fc1/Relu_output'",
        "nearest: /fc1/Relu_output_0, /fc1/Gemm_output_0", "--list");
  }

  @Test
  void aNonFloatValueIsRefusedByName() throws IOException {
    Map<String, String> layers = CaptureTest.gemmLayers();
    layers.put("pred", "pred");
    assertContains(failure(gemm(layers)), "layer pred", "'pred' (ArgMax) is int64",
        "only float32");
  }

  @Test
  void labelsOfAnotherCountAreRefused() throws IOException {
    TestModels.writeLabels(in.resolve("y19.npy"), CaptureTest.labels(19, 2));
    assertContains(failure(spec("gemm.onnx", "x.npy", "y19.npy", CaptureTest.gemmLayers(),
        null, 0)), "y19.npy holds 19 labels but", "x.npy holds 20 items");
  }

  @Test
  void labelsOutsideTheClassesAreRefused() throws IOException {
    TestModels.writeLabels(in.resolve("y5.npy"), new int[] {0, 1, 2, 5, 0, 1, 2, 0, 1, 2, 0, 1,
        2, 0, 1, 2, 0, 1, 2, 0});
    assertContains(failure(spec("gemm.onnx", "x.npy", "y5.npy", CaptureTest.gemmLayers(),
        null, 0)), "label of item 3", "is 5, not a class index in [0, 3)");
  }

  @Test
  void channelsLastImagesForAChannelsFirstModelAreRefusedWithTheTranspose() throws IOException {
    TestModels.conv().write(in.resolve("conv.onnx"));
    TestModels.writeFloats(in.resolve("nhwc.npy"), CaptureTest.rows(20, 16, 3), 4, 4, 1);
    Map<String, String> layers = new LinkedHashMap<>();
    layers.put("hidden", "/relu/Relu_output_0");
    layers.put("logits", "logits");
    assertContains(failure(spec("conv.onnx", "nhwc.npy", "y.npy", layers, null, 0)),
        "nhwc.npy has rows of shape [4, 4, 1]", "input 'image' is [batch, 1, 4, 4]",
        "channels-last (NHWC)", "x.transpose(0, 3, 1, 2)");
  }

  @Test
  void uint8InputsNeedAScale() throws IOException {
    TestModels.write(in.resolve("x8.npy"), NpyDtype.UINT8, 20, new long[] {4},
        ByteBuffer.allocate(80));
    assertContains(failure(spec("gemm.onnx", "x8.npy", "y.npy", CaptureTest.gemmLayers(), null,
        0)), "x8.npy holds uint8 values", "--scale 1/255");
  }

  @Test
  void aFixedBatchOfOneAsksForADynamicAxisOrBatchOne() throws IOException {
    TestModels.gemm(1L).write(in.resolve("fixed.onnx"));
    assertContains(failure(spec("fixed.onnx", "x.npy", "y.npy", CaptureTest.gemmLayers(), null,
        0)), "fixed batch size of 1", "[1, 4]", "dynamic_axes={'x': {0: 'batch'}}",
        "--batch 1");
  }

  @Test
  void missingExternalWeightsAreNamed() throws IOException {
    Files.write(in.resolve("external.onnx"),
        TestModels.externalWeights(in, "weights.bin").toByteArray());
    Files.delete(in.resolve("weights.bin"));
    assertContains(failure(spec("external.onnx", "x.npy", "y.npy", CaptureTest.gemmLayers(),
        null, 0)), "keeps the weights of 'fc1.weight' in an external file 'weights.bin'",
        "copy it beside the model");
  }

  @Test
  void aFileThatIsNoModelIsRefused() throws IOException {
    Files.writeString(in.resolve("bad.onnx"), "not a model");
    assertContains(failure(spec("bad.onnx", "x.npy", "y.npy", CaptureTest.gemmLayers(), null,
        0)), "bad.onnx: not an ONNX model");
  }

  @Test
  void aDirectoryThatIsNoStoreIsNotReplaced() throws IOException {
    Files.writeString(Files.createDirectories(out.resolve("store")).resolve("notes.txt"), "x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Capture.run(gemm(CaptureTest.gemmLayers()), ProgressListener.NONE));
    assertContains(e.getMessage(), "exists and is not a store");
    assertEquals("x", Files.readString(out.resolve("store").resolve("notes.txt")));
  }

  @Test
  void aFailureWhileWritingLeavesNothing() throws IOException {
    Map<String, String> layers = CaptureTest.gemmLayers();
    layers.put("weights", "fc1.weight");
    assertContains(failure(gemm(layers)), "layer weights", "'fc1.weight'");
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.store.InputTransform;
import org.boundarysql.store.NpyDtype;
import org.boundarysql.store.StoreManifest;
import org.boundarysql.task.ProgressListener;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Two stores of the test convolutional model ({@link TestModels#conv()}) over the same uint8
 * images in two splits: one captured in full, one on demand, in one catalog; and each item's
 * layers computed by hand, for the tests to compare with.
 */
final class OnDemandStores {
  static final int TEST_ITEMS = 400;
  static final int TRAIN_ITEMS = 200;
  static final int ITEMS = TEST_ITEMS + TRAIN_ITEMS;
  static final InputTransform TRANSFORM = new InputTransform(1 / 255.0, new double[] {0.5},
      new double[] {0.25});

  final Path in;
  final Path catalog;
  final byte[] pixels = new byte[ITEMS * 16];
  final int[] labels;

  OnDemandStores(Path dir, long seed) throws IOException {
    in = Files.createDirectories(dir.resolve("in"));
    catalog = Files.createDirectories(dir.resolve("catalog"));
    Random random = new Random(seed);
    labels = random.ints(ITEMS, 0, 3).toArray();
    writeImages(seed);
    TestModels.writeLabels(in.resolve("test_labels.npy"),
        Arrays.copyOfRange(labels, 0, TEST_ITEMS));
    TestModels.writeLabels(in.resolve("train_labels.npy"),
        Arrays.copyOfRange(labels, TEST_ITEMS, ITEMS));
    TestModels.conv().write(in.resolve("conv.onnx"));
  }

  /** Writes other images (from {@code seed}), the same labels. */
  void writeImages(long seed) throws IOException {
    new Random(seed * 31 + 7).nextBytes(pixels);
    TestModels.write(in.resolve("test_images.npy"), NpyDtype.UINT8, TEST_ITEMS,
        new long[] {1, 4, 4}, ByteBuffer.wrap(pixels, 0, TEST_ITEMS * 16).slice());
    TestModels.write(in.resolve("train_images.npy"), NpyDtype.UINT8, TRAIN_ITEMS,
        new long[] {1, 4, 4}, ByteBuffer.wrap(pixels, TEST_ITEMS * 16, TRAIN_ITEMS * 16).slice());
  }

  /** The layers captured: relu [2, 4, 4], pool [2, 2, 2], flat [8] (latent), logits [3]. */
  static Map<String, String> layers() {
    Map<String, String> layers = new LinkedHashMap<>();
    layers.put("relu", "/relu/Relu_output_0");
    layers.put("pool", "/pool/MaxPool_output_0");
    layers.put("flat", "/flatten/Flatten_output_0");
    layers.put("logits", "logits");
    return layers;
  }

  /** The capture of the model {@code model} (in {@link #in}) into {@code catalog/name}. */
  CaptureSpec spec(String model, String name, boolean onDemand) {
    return new CaptureSpec(in.resolve(model), List.of(
        new CaptureSpec.Split("test", in.resolve("test_images.npy"),
            in.resolve("test_labels.npy")),
        new CaptureSpec.Split("train", in.resolve("train_images.npy"),
            in.resolve("train_labels.npy"))), List.of("a", "b", "c"), layers(), "flat",
        "logits", TRANSFORM, 0, catalog.resolve(name), null, onDemand);
  }

  /**
   * Captures the full store {@code catalog/whole} and the on-demand one {@code catalog/twin},
   * and gives the full store the on-demand one's inputs (files and declaration), as the
   * example's full stores keep theirs: the model-assisted estimates of both then have the same
   * auxiliaries (the inputs' principal component scores among them).
   */
  OnDemandStores capture() throws IOException {
    Capture.run(spec("conv.onnx", "whole", false), ProgressListener.NONE);
    Capture.run(spec("conv.onnx", "twin", true), ProgressListener.NONE);
    Path twin = catalog.resolve("twin");
    Path whole = catalog.resolve("whole");
    ObjectMapper json = new ObjectMapper();
    JsonNode inputs = json.readTree(twin.resolve(StoreManifest.FILE_NAME).toFile())
        .path("inputs");
    for (JsonNode input : inputs) {
      String file = input.path("file").asText();
      Files.copy(twin.resolve(file), whole.resolve(file));
    }
    ObjectNode manifest = (ObjectNode) json.readTree(whole.resolve(StoreManifest.FILE_NAME)
        .toFile());
    manifest.set("inputs", inputs);
    json.writerWithDefaultPrettyPrinter().writeValue(whole.resolve(StoreManifest.FILE_NAME)
        .toFile(), manifest);
    return this;
  }

  /** Item {@code i}'s image as the model is fed it. */
  float[] image(int i) {
    float[] image = new float[16];
    for (int p = 0; p < 16; p++) {
      image[p] = (float) (((pixels[i * 16 + p] & 0xff) / 255.0 - 0.5) / 0.25);
    }
    return image;
  }

  /** Item {@code i}'s values of a layer, computed by hand. */
  float[] expected(String layer, int i) {
    return switch (layer) {
      case "relu" -> TestModels.convRelu(image(i));
      case "pool", "flat" -> TestModels.convPool(image(i));
      case "logits" -> TestModels.convLogits(image(i));
      default -> throw new IllegalArgumentException(layer);
    };
  }
}

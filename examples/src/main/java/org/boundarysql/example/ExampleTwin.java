/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.example;

import org.boundarysql.capture.Capture;
import org.boundarysql.capture.CaptureSpec;
import org.boundarysql.task.ProgressBars;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The on-demand twin of {@code mnist_lenet}: the example LeNet exported to ONNX
 * ({@code examples/models/mnist_lenet.onnx}) captured {@code --on-demand} over the same
 * 70,000 MNIST items in the same order (test split first), so it keeps the model, the images
 * (uint8, scaled by 1/255 when fed) and every item's {@code fc2} and {@code logits}; its
 * {@code conv1}, {@code conv2}, {@code pool2} and {@code fc1} are computed when read.
 */
public final class ExampleTwin {
  /** The twin's store name. */
  public static final String STORE = "mnist_lenet_ondemand";
  /** The ONNX model it keeps. */
  static final String MODEL_FILE = "mnist_lenet.onnx";
  /** Bumped when the twin's capture changes, so that older twins are rebuilt. */
  static final String VERSION = "1";

  private ExampleTwin() {
  }

  /**
   * Builds the twin in {@code catalogDir} unless it is there from the same model; data from
   * {@code dataDir} or the data cache.
   */
  public static Path build(Path catalogDir, Path dataDir) {
    return CapturedExample.build(catalogDir, STORE, work -> {
      Path model = work.resolve(MODEL_FILE);
      copyModel(model);
      return MODEL_FILE + " sha256=" + sha256(model) + " twin=" + VERSION;
    }, (work, store) -> {
      OnnxExport.writeMnist(work, dataDir);
      Capture.run(spec(work.resolve(MODEL_FILE), work, store), ProgressBars.onStandardError());
    });
  }

  /** The capture of the twin: MNIST arrays in {@code npy}, written to {@code store}. */
  static CaptureSpec spec(Path model, Path npy, Path store) {
    Map<String, String> layers = new LinkedHashMap<>(OnnxExport.lenetValues());
    List<CaptureSpec.Split> splits = List.of(
        new CaptureSpec.Split("test", npy.resolve("mnist_test_images.npy"),
            npy.resolve("mnist_test_labels.npy")),
        new CaptureSpec.Split("train", npy.resolve("mnist_train_images.npy"),
            npy.resolve("mnist_train_labels.npy")));
    return new CaptureSpec(model, splits, ExampleData.MNIST_CLASSES, layers,
        ExampleModels.Architecture.LENET.latentLayer(), ExampleModels.LOGITS,
        ExampleData.PIXELS_FED, 0, store, null,
        true);
  }

  /** Copies the committed ONNX model (from the models directory or the class path). */
  private static void copyModel(Path target) throws IOException {
    Path dir = ExampleModels.modelsDir();
    if (dir != null && Files.isRegularFile(dir.resolve(MODEL_FILE))) {
      Files.copy(dir.resolve(MODEL_FILE), target, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try (InputStream in = ExampleTwin.class.getResourceAsStream(
        "/org/boundarysql/example/models/" + MODEL_FILE)) {
      if (in == null) {
        throw new IllegalStateException(MODEL_FILE + " is neither in the models directory nor"
            + " on the class path");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return ExampleCatalog.sha256(in);
    }
  }
}

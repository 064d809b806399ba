/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.example;

import org.boundarysql.capture.Capture;
import org.boundarysql.capture.CaptureSpec;
import org.boundarysql.store.InputTransform;
import org.boundarysql.store.Layer;
import org.boundarysql.store.Store;
import org.boundarysql.task.ProgressListener;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The example LeNet exported to ONNX and captured with ONNX Runtime gives Deeplearning4j's
 * activations (within 1e-4) and predictions on the first real MNIST test images; the committed
 * {@code mnist_lenet.onnx} is the export of the committed weights.
 */
class OnnxExportTest {
  static final int N = 300;

  @TempDir Path tmp;

  @Test
  void onnxRuntimeCaptureEqualsDeeplearning4j() throws IOException {
    MultiLayerNetwork net = ExampleModels.Example.MNIST_LENET.load();
    Path model = tmp.resolve("mnist_lenet.onnx");
    Files.write(model, OnnxExport.lenet(net).toByteArray());
    ExampleData.Split test = ExampleData.load(ExampleData.Dataset.MNIST, "test", null).head(N);
    OnnxExport.writeMnist(test, tmp);
    Capture.run(new CaptureSpec(model, List.of(new CaptureSpec.Split("test",
        tmp.resolve("mnist_test_images.npy"), tmp.resolve("mnist_test_labels.npy"))),
        ExampleData.MNIST_CLASSES, OnnxExport.lenetValues(), "fc2", ExampleModels.LOGITS,
        new InputTransform(InputTransform.parseScale("1/255"), new double[] {0},
            new double[] {1}), 64, tmp.resolve("onnx_lenet"), null), ProgressListener.NONE);
    Store store = Store.open(tmp.resolve("onnx_lenet"), tmp.resolve("cache"));
    ExampleCatalog.Batch dl4j = ExampleCatalog.forward(net, ExampleModels.Architecture.LENET,
        test.images());
    List<ExampleModels.LayerSpec> layers = ExampleModels.Architecture.LENET.layers();
    for (int l = 0; l < layers.size(); l++) {
      Layer layer = store.layer(layers.get(l).name()).orElseThrow();
      assertArrayEquals(layers.get(l).shape(), store.manifest().layer(layer.name())
          .orElseThrow().shape(), layer.name());
      float[] row = new float[layer.width()];
      double worst = 0;
      for (int i = 0; i < N; i++) {
        layer.read(i, row);
        float[] expected = dl4j.layers().get(l)[i];
        for (int k = 0; k < row.length; k++) {
          worst = Math.max(worst, Math.abs(expected[k] - row[k]));
        }
      }
      assertEquals(0, worst, 1e-4, layer.name() + ": largest difference");
    }
    for (int i = 0; i < N; i++) {
      assertEquals(dl4j.predicted()[i], store.items().predicted(i), "prediction of item " + i);
      assertEquals(test.labels()[i], store.items().label(i), "label of item " + i);
    }
  }

  @Test
  void theCommittedModelIsTheExportOfTheCommittedWeights() throws IOException {
    Path committed = ExampleModels.modelsDir().resolve("mnist_lenet.onnx");
    assertArrayEquals(OnnxExport.lenet(ExampleModels.Example.MNIST_LENET.load()).toByteArray(),
        Files.readAllBytes(committed), "run OnnxExport to write " + committed + " again");
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A store shaped like the example {@code mnist_lenet} store (layers conv2 16×10×10, fc2 84 as the
 * latent layer, logits 10; test items first, then train items), filled with seeded random
 * class-dependent ReLU activations. The benchmark runs on it when no example catalog exists,
 * and its tests write a small one.
 */
public final class SyntheticStore {
  /** The layers the benchmark's queries read, as in the example LeNet-5 store. */
  static final List<LayerSpec> LAYERS = List.of(new LayerSpec("conv2", new int[] {16, 10, 10}),
      new LayerSpec("fc2", new int[] {84}), new LayerSpec("logits", new int[] {10}));
  private static final int CLASSES = 10;
  /** Share of misclassified items, about LeNet-5's on MNIST. */
  static final double LENET_ERROR_RATE = 0.012;

  private SyntheticStore() {
  }

  /**
   * Writes the store into {@code directory}: {@code test} items with ids 0.. then {@code train}
   * items, a share {@code errorRate} of them misclassified, layers of the given widths scaled
   * down by {@code widthDivisor} (1 for the real shapes; tests use a larger one).
   */
  public static Path write(Path directory, int test, int train, int widthDivisor,
      double errorRate, long seed) throws IOException {
    List<LayerSpec> layers = new ArrayList<>();
    for (LayerSpec layer : LAYERS) {
      int width = Math.max(CLASSES, layer.width() / widthDivisor);
      layers.add(new LayerSpec(layer.name(), layer.name().equals("conv2") && widthDivisor == 1
          ? layer.shape() : new int[] {width}));
    }
    List<String> classes = new ArrayList<>();
    for (int c = 0; c < CLASSES; c++) {
      classes.add(String.valueOf(c));
    }
    StoreManifest manifest = new StoreManifest("synthetic LeNet-5 on MNIST", classes, "fc2",
        layers);
    SplittableRandom random = new SplittableRandom(seed);
    float[][] centres = new float[layers.size() * CLASSES][];
    for (int l = 0; l < layers.size(); l++) {
      for (int c = 0; c < CLASSES; c++) {
        float[] centre = new float[layers.get(l).width()];
        for (int i = 0; i < centre.length; i++) {
          centre[i] = (float) (random.nextDouble() * 2.5 - 1);
        }
        centres[l * CLASSES + c] = centre;
      }
    }
    int items = test + train;
    try (StoreWriter writer = new StoreWriter(directory, manifest, items)) {
      float[][] rows = new float[layers.size()][];
      for (int l = 0; l < layers.size(); l++) {
        rows[l] = new float[layers.get(l).width()];
      }
      for (int item = 0; item < items; item++) {
        int label = random.nextInt(CLASSES);
        int predicted = random.nextDouble() < errorRate
            ? (label + 1 + random.nextInt(CLASSES - 1)) % CLASSES : label;
        // A misclassified item lies between its class and the predicted one.
        double blend = label == predicted ? 0.1 * random.nextDouble()
            : 0.5 + 0.3 * random.nextDouble();
        writer.writeItem(item, item < test ? "test" : "train", label, predicted);
        for (int l = 0; l < layers.size(); l++) {
          float[] own = centres[l * CLASSES + label];
          float[] other = centres[l * CLASSES + predicted];
          float[] row = rows[l];
          for (int i = 0; i < row.length; i++) {
            double value = (1 - blend) * own[i] + blend * other[i] + 0.6 * gaussian(random);
            row[i] = (float) Math.max(0, value);
          }
          writer.writeActivation(layers.get(l).name(), row);
        }
      }
    }
    return directory;
  }

  /** A standard normal number (Box–Muller; SplittableRandom has no nextGaussian in Java 17). */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.sample.Draw;
import org.boundarysql.sample.LatentSpace;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.StoreManifest;
import org.boundarysql.store.StoreWriter;
import org.boundarysql.task.ProgressListener;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A store written by a test from seeded random numbers, whose values the test keeps in memory
 * to compute expected answers with plain loops.
 */
public final class TestCatalog {
  public final int items;
  public final int classes;
  public final long[] ids;
  public final String[] splits;
  public final int[] labels;
  public final int[] predicted;
  public final Map<String, float[][]> layers = new LinkedHashMap<>();

  /**
   * Writes store {@code name} into {@code catalog}: {@code items} items of {@code classes}
   * classes (ids shuffled, about 20% misclassified), latent layer "fc2" of 8 neurons whose
   * values depend on the label, and layers of the given shapes.
   */
  public TestCatalog(Path catalog, String name, int items, int classes, long seed,
      Map<String, int[]> extraLayers) throws IOException {
    this.items = items;
    this.classes = classes;
    Random random = new Random(seed);
    ids = new long[items];
    splits = new String[items];
    labels = new int[items];
    predicted = new int[items];
    List<Long> shuffled = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      shuffled.add(1000L + 7L * i);
    }
    java.util.Collections.shuffle(shuffled, random);
    for (int i = 0; i < items; i++) {
      ids[i] = shuffled.get(i);
      splits[i] = i % 5 == 0 ? "train" : "test";
      labels[i] = random.nextInt(classes);
      predicted[i] = random.nextDouble() < 0.8 ? labels[i] : random.nextInt(classes);
    }
    Map<String, int[]> shapes = new LinkedHashMap<>();
    shapes.put("fc2", new int[] {8});
    shapes.putAll(extraLayers);
    List<LayerSpec> specs = new ArrayList<>();
    shapes.forEach((layer, shape) -> specs.add(new LayerSpec(layer, shape)));
    List<String> classNames = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      classNames.add("c" + c);
    }
    StoreManifest manifest = new StoreManifest(name, classNames, "fc2", specs);
    for (LayerSpec spec : specs) {
      float[][] values = new float[items][spec.width()];
      for (int i = 0; i < items; i++) {
        for (int n = 0; n < spec.width(); n++) {
          float signal = n % classes == labels[i] ? 2f : 0f;
          values[i][n] = Math.max(0f, (float) random.nextGaussian() + signal);
        }
      }
      layers.put(spec.name(), values);
    }
    try (StoreWriter writer = new StoreWriter(catalog.resolve(name), manifest, items)) {
      for (int i = 0; i < items; i++) {
        writer.writeItem(ids[i], splits[i], labels[i], predicted[i]);
        for (Map.Entry<String, float[][]> layer : layers.entrySet()) {
          writer.writeActivation(layer.getKey(), layer.getValue()[i]);
        }
      }
    }
  }

  /**
   * The ids of the sample the sampler itself picks from the values this test wrote (latent
   * layer fc2, labels, predictions), without the store reader, the cache or SQL.
   */
  public SortedSet<Long> sampleIds(String method, double fraction, double j, long seed) {
    SortedSet<Long> sampled = new TreeSet<>();
    for (int row : draw(method, fraction, j, seed).rows()) {
      sampled.add(ids[row]);
    }
    return sampled;
  }

  /** The draw (rows, strata, inclusion probabilities) the sampler itself makes, as above. */
  public Draw draw(String method, double fraction, double j, long seed) {
    float[][] latent = layers.get("fc2");
    double[][] points = new double[items][latent[0].length];
    for (int i = 0; i < items; i++) {
      for (int n = 0; n < points[i].length; n++) {
        points[i][n] = latent[i][n];
      }
    }
    return new SampleSpec(SamplingMethod.forName(method), fraction, j, seed).draw(
        new LatentSpace(points, labels, predicted, classes), ProgressListener.NONE);
  }

  /** Row of an item id. */
  public int row(long id) {
    for (int i = 0; i < items; i++) {
      if (ids[i] == id) {
        return i;
      }
    }
    throw new IllegalArgumentException("no id " + id);
  }
}

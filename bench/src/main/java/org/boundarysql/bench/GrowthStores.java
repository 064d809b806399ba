/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.store.Items;
import org.boundarysql.store.Layer;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.Store;
import org.boundarysql.store.StoreDirectory;
import org.boundarysql.store.StoreManifest;
import org.boundarysql.store.StoreWriter;
import org.boundarysql.task.ProgressListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The stores of the growth curve, written once into a directory: a source store's items tiled
 * to N items (item i is source row i mod n, copy k = i / n, its id k·stride + the source id),
 * with the latent layer, the logits and the widest other layer that keeps the whole curve
 * within a disk budget. The first copy is the source's values; later copies move every value
 * that is not zero by Gaussian noise of a tenth of its unit's spread (a layer without negative
 * values stays so), so that no two items are alike.
 */
final class GrowthStores {
  /** Bumped when the content changes, so that older stores are written again. */
  private static final String VERSION = "growth v2";
  /** File in each growth store naming what it was written from. */
  private static final String MARKER = ".growth-source";
  /** Noise of this share of a unit's standard deviation. */
  private static final double NOISE = 0.1;
  /** Standard normal draws the noise takes values from, by a random index. */
  private static final float[] NORMALS = normals(1 << 16);
  /** Items generated at once, in parallel, before they are written in order. */
  private static final int BATCH = 1 << 14;

  private GrowthStores() {
  }

  /** One growth store: its name and number of items. */
  record Plan(String name, int items) {
    static Plan of(int items) {
      return new Plan("growth_" + shortCount(items), items);
    }
  }

  /** 70000 as "70k", 20000000 as "20m". */
  static String shortCount(long n) {
    return n % 1_000_000 == 0 ? n / 1_000_000 + "m" : n % 1_000 == 0 ? n / 1_000 + "k"
        : String.valueOf(n);
  }

  /**
   * The layers of the growth stores: the latent layer, the logits and the widest other layer
   * of the source whose rows, with theirs and the items', keep {@code totalItems} items (the
   * whole curve) within {@code budgetBytes}.
   */
  static List<String> layers(Store source, BenchRoles roles, long totalItems,
      long budgetBytes) {
    long perItem = budgetBytes / Math.max(1, totalItems);
    long fixed = 4L * (width(source, roles.latent()) + width(source, roles.logits())) + 32;
    Layer wide = source.layers().stream()
        .filter(l -> !l.name().equals(roles.latent()) && !l.name().equals(roles.logits()))
        .filter(l -> fixed + 4L * l.width() <= perItem)
        .max(Comparator.comparingInt(Layer::width)).orElse(null);
    List<String> layers = new ArrayList<>();
    if (wide != null) {
      layers.add(wide.name());
    }
    layers.add(roles.latent());
    layers.add(roles.logits());
    return layers;
  }

  private static int width(Store store, String layer) {
    return store.layer(layer).orElseThrow().width();
  }

  /** Writes the planned store into {@code directory} unless a current one is there. */
  static Path write(Store source, List<String> layers, Plan plan, Path directory,
      Progress progress) throws IOException {
    Path dir = directory.resolve(plan.name());
    String marker = VERSION + " " + source.directory().toAbsolutePath() + " "
        + source.fingerprint() + " " + layers + " " + plan;
    if (!marker.equals(readMarker(dir))) {
      write(source, layers, plan, dir, marker, progress);
    }
    return dir;
  }

  private static String readMarker(Path dir) {
    try {
      return Files.readString(dir.resolve(MARKER));
    } catch (IOException e) {
      return null;
    }
  }

  private static void write(Store source, List<String> layerNames, Plan plan, Path dir,
      String marker, Progress progress) throws IOException {
    Items items = source.items();
    int n = items.size();
    List<Layer> layers = layerNames.stream().map(l -> source.layer(l).orElseThrow()).toList();
    StoreManifest sourceManifest = source.manifest();
    List<LayerSpec> specs = layers.stream().map(Layer::spec).toList();
    StoreManifest manifest = sourceManifest.withLayers(sourceManifest.model() + ", tiled to "
        + plan.items() + " items", specs);
    long idStride = 1;
    for (int row = 0; row < n; row++) {
      idStride = Math.max(idStride, items.id(row) + 1);
    }
    Noise[] noise = layers.stream().map(Noise::of).toArray(Noise[]::new);
    ProgressListener writing = progress.listener();
    String stage = String.format("writing growth store %s (%,d items, %.1f GB)", plan.name(),
        plan.items(), plan.items() * (4.0 * specs.stream().mapToInt(LayerSpec::width).sum()
            + 20) / 1e9);
    try (StoreDirectory aside = StoreDirectory.aside(dir)) {
      try (StoreWriter writer = new StoreWriter(aside.path(), manifest, plan.items())) {
        float[][][] batch = new float[layers.size()][BATCH][];
        for (int first = 0; first < plan.items(); first += BATCH) {
          int from = first;
          int count = Math.min(BATCH, plan.items() - first);
          IntStream.range(0, count).parallel().forEach(b -> {
            int item = from + b;
            for (int l = 0; l < layers.size(); l++) {
              float[] values = new float[layers.get(l).width()];
              layers.get(l).read(item % n, values);
              if (item >= n) {
                noise[l].add(values, item);
              }
              batch[l][b] = values;
            }
          });
          for (int b = 0; b < count; b++) {
            int item = from + b;
            int row = item % n;
            writer.writeItem((long) (item / n) * idStride + items.id(row), items.split(row),
                items.label(row), items.predicted(row));
            for (int l = 0; l < layers.size(); l++) {
              writer.writeActivation(specs.get(l).name(), batch[l][b]);
            }
          }
          writing.update(stage, from + count, plan.items());
        }
      }
      Files.writeString(aside.path().resolve(MARKER), marker);
      aside.commit();
    }
  }

  /** A layer's noise: each unit's standard deviation, and whether the layer is never negative. */
  private record Noise(float[] scale, boolean nonNegative) {
    static Noise of(Layer layer) {
      int width = layer.width();
      double[] sums = new double[width];
      double[] squares = new double[width];
      boolean nonNegative = true;
      float[] row = new float[width];
      for (int i = 0; i < layer.rows(); i++) {
        layer.read(i, row);
        for (int f = 0; f < width; f++) {
          sums[f] += row[f];
          squares[f] += (double) row[f] * row[f];
          nonNegative &= row[f] >= 0;
        }
      }
      float[] scale = new float[width];
      for (int f = 0; f < width; f++) {
        double mean = sums[f] / layer.rows();
        scale[f] = (float) (NOISE * Math.sqrt(Math.max(0, squares[f] / layer.rows()
            - mean * mean)));
      }
      return new Noise(scale, nonNegative);
    }

    /** Adds an item's noise, drawn from a generator of its own: the same in any order. */
    void add(float[] values, long item) {
      SplittableRandom random = new SplittableRandom(item * 0x9E3779B97F4A7C15L + scale.length);
      for (int f = 0; f < values.length; f++) {
        if (values[f] != 0) {
          float moved = values[f] + scale[f] * NORMALS[random.nextInt() & (NORMALS.length - 1)];
          values[f] = nonNegative ? Math.max(0, moved) : moved;
        }
      }
    }
  }

  private static float[] normals(int count) {
    Random random = new Random(26);
    float[] normals = new float[count];
    for (int i = 0; i < count; i++) {
      normals[i] = (float) random.nextGaussian();
    }
    return normals;
  }
}

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
import java.util.List;

/**
 * The stores of the growth measurement, written once into a catalog directory: the test split
 * of a store (10,000 items for mnist_lenet), its train split (60,000) and the train split
 * repeated ten times (600,000), each with the layers Q1 and Q2 read (conv2) and the latent
 * layer. Every item is put in split {@code test}, so that Q1 and Q2 read all of a store's
 * items; copy k of an item gets id {@code k * (largest id + 1) + id}.
 */
final class GrowthStores {
  /** Bumped when the content changes, so that older stores are written again. */
  private static final String VERSION = "growth v1";
  /** File in each growth store naming what it was written from. */
  private static final String MARKER = ".growth-source";

  private GrowthStores() {
  }

  /** One growth store to write: its name, the source split and how many copies of it. */
  record Plan(String name, String split, int copies) { }

  /** The plans for a store with test and train splits; {@code largest} adds the 10x one. */
  static List<Plan> plans(boolean largest) {
    List<Plan> plans = new ArrayList<>(List.of(new Plan("growth_test", "test", 1),
        new Plan("growth_train", "train", 1)));
    if (largest) {
      plans.add(new Plan("growth_train_x10", "train", 10));
    }
    return plans;
  }

  /** Writes the planned stores into {@code catalog} unless current ones are there. */
  static List<Path> write(Store source, List<Plan> plans, Path catalog, Progress progress)
      throws IOException {
    List<Path> written = new ArrayList<>();
    for (Plan plan : plans) {
      Path dir = catalog.resolve(plan.name());
      String marker = VERSION + " " + source.directory().toAbsolutePath() + " "
          + source.fingerprint() + " " + plan;
      if (!marker.equals(readMarker(dir))) {
        write(source, plan, dir, marker, progress);
      }
      written.add(dir);
    }
    return written;
  }

  private static String readMarker(Path dir) {
    try {
      return Files.readString(dir.resolve(MARKER));
    } catch (IOException e) {
      return null;
    }
  }

  private static void write(Store source, Plan plan, Path dir, String marker,
      Progress progress) throws IOException {
    Items items = source.items();
    List<Integer> rows = new ArrayList<>();
    for (int row = 0; row < items.size(); row++) {
      if (items.split(row).equals(plan.split())) {
        rows.add(row);
      }
    }
    StoreManifest sourceManifest = source.manifest();
    List<LayerSpec> specs = List.of(sourceManifest.layer("conv2").orElseThrow(),
        sourceManifest.layer(sourceManifest.latentLayer()).orElseThrow());
    List<Layer> layers = List.of(source.layer("conv2").orElseThrow(),
        source.latentLayer().orElseThrow());
    StoreManifest manifest = new StoreManifest(sourceManifest.model() + ", " + plan,
        sourceManifest.classes(), sourceManifest.latentLayer(), specs);
    long count = (long) rows.size() * plan.copies();
    long idStride = 1;
    for (int row = 0; row < items.size(); row++) {
      idStride = Math.max(idStride, items.id(row) + 1);
    }
    float[][] buffers = {new float[layers.get(0).width()], new float[layers.get(1).width()]};
    ProgressListener writing = progress.listener();
    String stage = "writing growth store " + plan.name() + " (" + String.format("%,d", count)
        + " items, " + String.format("%.1f GB", count
        * (buffers[0].length + buffers[1].length) * 4 / 1e9) + ")";
    try (StoreDirectory aside = StoreDirectory.aside(dir)) {
      try (StoreWriter writer = new StoreWriter(aside.path(), manifest,
          Math.toIntExact(count))) {
        long written = 0;
        for (int copy = 0; copy < plan.copies(); copy++) {
          for (int row : rows) {
            writer.writeItem(copy * idStride + items.id(row), "test", items.label(row),
                items.predicted(row));
            for (int l = 0; l < layers.size(); l++) {
              layers.get(l).read(row, buffers[l]);
              writer.writeActivation(specs.get(l).name(), buffers[l]);
            }
            writing.update(stage, ++written, count);
          }
        }
      }
      Files.writeString(aside.path().resolve(MARKER), marker);
      aside.commit();
    }
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.materialize;

import org.boundarysql.sample.LatentSpace;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.store.Items;
import org.boundarysql.store.Layer;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.SampleProvenance;
import org.boundarysql.store.Store;
import org.boundarysql.store.SyntheticStore;
import org.boundarysql.task.ProgressListener;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A materialised sample reads back as stores: the sampled store holds exactly the sampled
 * items with every layer's original values, the latent store every item's latent layer and
 * logits.
 */
class MaterializeTest {
  @TempDir Path dir;

  /**
   * A sample of a probability design carries each item's stratum and inclusion probability as
   * item columns: a uniform 20% of 800 items is 160, each with probability 160/800 = 0.2 and
   * stratum 0; a maxmargin sample has no such columns.
   */
  @Test void probabilityDesignsCarryTheirColumns() throws Exception {
    Path source = SyntheticStore.write(dir.resolve("catalog").resolve("lenet"), 300, 500, 16,
        0.1, 3);
    Path cache = dir.resolve("cache");
    Store original = Store.open(source, cache.resolve("lenet"));
    Path out = dir.resolve("materialized");
    SampledStore.Written uniform = SampledStore.materialize(original,
        new SampleSpec(SamplingMethod.UNIFORM, 0.2, 0.7, 5), cache, out, "lenet_uniform_20",
        ProgressListener.NONE);
    Items items = Store.open(uniform.sampled(), cache.resolve("uniform")).items();
    assertEquals(160, items.size());
    assertEquals(List.of(SampledStore.STRATUM, SampledStore.INCLUSION_PROBABILITY),
        items.extraColumns().stream().map(Items.ExtraColumn::name).toList());
    for (int row = 0; row < items.size(); row++) {
      assertEquals(0L, items.extraColumns().get(0).value(row));
      assertEquals(0.2, items.extraColumns().get(1).value(row));
    }
    SampledStore.Written maxMargin = SampledStore.materialize(original,
        new SampleSpec(SamplingMethod.MAXMARGIN, 0.2, 0.7, 0), cache, out, "lenet_mm_20",
        ProgressListener.NONE);
    assertTrue(Store.open(maxMargin.sampled(), cache.resolve("mm")).items().extraColumns()
        .isEmpty());
  }

  @Test void sampledAndLatentStoresHoldTheOriginalRows() throws Exception {
    Path source = SyntheticStore.write(dir.resolve("catalog").resolve("lenet"), 300, 500, 16,
        0.1, 3);
    Path cache = dir.resolve("cache");
    Store original = Store.open(source, cache.resolve("lenet"));
    SampleSpec spec = new SampleSpec(SamplingMethod.MAXMARGIN, 0.2, 0.7, 0);
    Path out = dir.resolve("materialized");
    SampledStore.Written written = SampledStore.materialize(original, spec, cache, out,
        "lenet_maxmargin_20", ProgressListener.NONE);

    Store sampled = Store.open(written.sampled(), cache.resolve("sampled"));
    // The written items are the spec's sample, as the sampler picks it from the latent layer.
    float[][] latentRows = new float[original.items().size()][];
    for (int row = 0; row < latentRows.length; row++) {
      latentRows[row] = values(original.latentLayer().orElseThrow(), row);
    }
    double[][] points = new double[latentRows.length][];
    for (int row = 0; row < points.length; row++) {
      points[row] = new double[latentRows[row].length];
      for (int n = 0; n < points[row].length; n++) {
        points[row][n] = latentRows[row][n];
      }
    }
    int[] picked = spec.select(new LatentSpace(points, original.items().labels(),
        original.items().predictions(), original.manifest().classes().size()),
        ProgressListener.NONE);
    Set<Long> expectedIds = new HashSet<>();
    for (int row : picked) {
      expectedIds.add(original.items().id(row));
    }
    assertEquals(160, expectedIds.size(), "20% of 800 items");
    assertEquals(original.manifest().layers(), sampled.manifest().layers());
    Set<Long> ids = new HashSet<>();
    for (int row = 0; row < sampled.items().size(); row++) {
      int from = original.items().rowOf(sampled.items().id(row));
      assertTrue(from >= 0);
      assertTrue(ids.add(sampled.items().id(row)));
      assertItem(original.items(), from, sampled.items(), row);
      for (Layer layer : original.layers()) {
        assertArrayEquals(values(layer, from),
            values(sampled.layer(layer.name()).orElseThrow(), row), layer.name());
      }
    }
    assertEquals(expectedIds, ids);
    assertTrue(Files.readString(written.sampled().resolve(SampleProvenance.FILE_NAME))
        .contains("maxmargin fraction=0.2"));

    Store latent = Store.open(written.latent(), cache.resolve("latent"));
    assertEquals(original.items().size(), latent.items().size());
    // the latent layer and the logits (the store's last layer one value per class wide)
    String logits = null;
    for (LayerSpec layer : original.manifest().layers()) {
      if (layer.width() == original.manifest().classes().size()) {
        logits = layer.name();
      }
    }
    assertEquals("logits", logits);
    assertEquals(List.of(original.manifest().latentLayer(), logits),
        latent.layers().stream().map(Layer::name).toList());
    for (int row = 0; row < latent.items().size(); row++) {
      assertItem(original.items(), row, latent.items(), row);
      for (Layer layer : latent.layers()) {
        assertArrayEquals(values(original.layer(layer.name()).orElseThrow(), row),
            values(layer, row), layer.name());
      }
    }
    assertEquals(bytesOfFiles(written.sampled()), written.sampledBytes());
    assertEquals(bytesOfFiles(written.latent()), written.latentBytes());
    assertTrue(written.sampledBytes() < bytesOfFiles(source) / 4);
  }

  private static void assertItem(Items expected, int expectedRow, Items actual, int actualRow) {
    assertEquals(expected.id(expectedRow), actual.id(actualRow));
    assertEquals(expected.split(expectedRow), actual.split(actualRow));
    assertEquals(expected.label(expectedRow), actual.label(actualRow));
    assertEquals(expected.predicted(expectedRow), actual.predicted(actualRow));
  }

  /** Bytes of every file in a store directory but sample.json, counted with the file system. */
  private static long bytesOfFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      long bytes = 0;
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        bytes += name.equals(SampleProvenance.FILE_NAME) || name.startsWith(".") ? 0
            : Files.size(file);
      }
      return bytes;
    }
  }

  private static float[] values(Layer layer, int row) {
    float[] values = new float[layer.width()];
    layer.read(row, values);
    return values;
  }
}

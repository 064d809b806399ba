/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.store.Items;
import org.boundarysql.store.Layer;
import org.boundarysql.store.Store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A materialised sample reads back as stores: the sampled store holds exactly the sampled
 * items with every layer's original values, the latent store every item's latent values.
 */
class MaterializeTest {
  @TempDir Path dir;

  @Test void sampledAndLatentStoresHoldTheOriginalRows() throws Exception {
    Path source = SyntheticStore.write(dir.resolve("catalog").resolve("lenet"), 300, 500, 16,
        0.1, 3);
    Path cache = dir.resolve("cache");
    Store original = Store.open(source, cache.resolve("lenet"));
    SampleSpec spec = new SampleSpec(SamplingMethod.MAXMARGIN, 0.2, 0.7, 0);
    Path out = dir.resolve("materialized");
    SampledStore.Written written = MaterializeCommand.materialize(source, cache, original,
        spec, out, "lenet_maxmargin_20", Progress.QUIET);

    Store sampled = Store.open(written.sampled(), cache.resolve("sampled"));
    assertEquals(160, sampled.items().size());
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
    assertTrue(Files.readString(written.sampled().resolve(SampledStore.PROVENANCE))
        .contains("maxmargin fraction=0.2"));

    Store latent = Store.open(written.latent(), cache.resolve("latent"));
    assertEquals(original.items().size(), latent.items().size());
    assertEquals(1, latent.layers().size());
    Layer latentLayer = latent.latentLayer().orElseThrow();
    for (int row = 0; row < latent.items().size(); row++) {
      assertItem(original.items(), row, latent.items(), row);
      assertArrayEquals(values(original.latentLayer().orElseThrow(), row),
          values(latentLayer, row));
    }
    long full = SampledStore.storeBytes(source);
    assertTrue(written.sampledBytes() < full / 4, written.sampledBytes() + " of " + full);
    assertEquals(SampledStore.storeBytes(written.latent()), written.latentBytes());
  }

  private static void assertItem(Items expected, int expectedRow, Items actual, int actualRow) {
    assertEquals(expected.id(expectedRow), actual.id(actualRow));
    assertEquals(expected.split(expectedRow), actual.split(actualRow));
    assertEquals(expected.label(expectedRow), actual.label(actualRow));
    assertEquals(expected.predicted(expectedRow), actual.predicted(actualRow));
  }

  private static float[] values(Layer layer, int row) {
    float[] values = new float[layer.width()];
    layer.read(row, values);
    return values;
  }
}

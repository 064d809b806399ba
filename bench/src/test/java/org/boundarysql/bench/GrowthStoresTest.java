/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.store.Layer;
import org.boundarysql.store.Store;
import org.boundarysql.store.SyntheticStore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A growth store tiles its source: ids, splits and classes copied, the first copy's values
 * equal, later copies near the source's (noise of a tenth of a unit's spread), zeros kept, the
 * layers chosen within the disk budget.
 */
class GrowthStoresTest {
  @TempDir Path dir;

  @Test void tilesTheSourceWithNoise() throws Exception {
    Path sourceDir = SyntheticStore.write(dir.resolve("source").resolve("lenet"), 300, 200, 20,
        0.3, 5);
    Store source = Store.open(sourceDir, dir.resolve("cache").resolve("lenet"));
    BenchRoles roles = BenchRoles.of(source, Map.of());
    // A budget that holds the latent layer and the logits of 1,250 items, and not the wide one.
    assertEquals(List.of("fc2", "logits"), GrowthStores.layers(source, roles, 1250,
        1250 * (4 * (10 + 10) + 32 + 100)));
    List<String> layers = GrowthStores.layers(source, roles, 1250, 1L << 30);
    assertEquals(List.of("conv2", "fc2", "logits"), layers);
    Path grown = GrowthStores.write(source, layers, GrowthStores.Plan.of(1250),
        dir.resolve("growth"), Progress.QUIET);
    assertEquals("growth_1250", grown.getFileName().toString());
    Store store = Store.open(grown, dir.resolve("cache").resolve("growth"));
    assertEquals(1250, store.items().size());
    int n = source.items().size();
    long stride = source.items().id(n - 1) + 1;
    for (String name : layers) {
      Layer from = source.layer(name).orElseThrow();
      Layer to = store.layer(name).orElseThrow();
      float[] a = new float[from.width()];
      float[] b = new float[from.width()];
      double moved = 0;
      for (int item = 0; item < 1250; item++) {
        int row = item % n;
        assertEquals((item / n) * stride + source.items().id(row), store.items().id(item));
        assertEquals(source.items().split(row), store.items().split(item));
        assertEquals(source.items().label(row), store.items().label(item));
        assertEquals(source.items().predicted(row), store.items().predicted(item));
        from.read(row, a);
        to.read(item, b);
        for (int f = 0; f < a.length; f++) {
          if (item < n || a[f] == 0) {
            assertEquals(a[f], b[f], name + " item " + item);
          } else {
            moved += Math.abs(a[f] - b[f]);
          }
        }
      }
      assertNotEquals(0, moved, name + ": later copies are moved");
      assertTrue(moved < 1250 * from.width(), name + ": by little");
    }
    assertEquals(grown, GrowthStores.write(source, layers, GrowthStores.Plan.of(1250),
        dir.resolve("growth"), Progress.QUIET));
  }
}

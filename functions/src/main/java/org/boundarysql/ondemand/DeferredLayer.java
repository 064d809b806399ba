/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.ondemand;

import org.boundarysql.store.Layer;
import org.boundarysql.store.LayerSpec;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Rows of an on-demand layer computed as they are read: the rows a scan may read are cut into
 * windows of growing size (4,096 rows, then 8,192, 16,384 …, in the scan's order), and a
 * window is computed when one of its rows is first read. A scan whose activations are never
 * read (a population counted beside a sample) computes nothing; one stopped early ({@code
 * LIMIT}, a client that fetched a page) computes the windows it reached; a full read computes
 * the scan's rows in a few runs of the model.
 */
final class DeferredLayer implements Layer {
  /** Rows of the first window; each next window is twice the one before. */
  static final int FIRST_WINDOW = 4096;

  private final LayerSpec spec;
  private final int items;
  /** The rows the scan may read, ascending; null for every row of the store. */
  private final int[] rows;
  private final Function<int[], ComputedLayer> computation;
  private final AtomicReferenceArray<ComputedLayer> windows;

  DeferredLayer(LayerSpec spec, int items, int[] rows,
      Function<int[], ComputedLayer> computation) {
    this.spec = spec;
    this.items = items;
    this.rows = rows;
    this.computation = computation;
    this.windows = new AtomicReferenceArray<>(window(Math.max(1, count())) + 1);
  }

  private int count() {
    return rows == null ? items : rows.length;
  }

  /** The window of position {@code i}: window w covers [F·(2^w − 1), F·(2^(w+1) − 1)). */
  private static int window(int i) {
    return 31 - Integer.numberOfLeadingZeros(i / FIRST_WINDOW + 1);
  }

  private Layer computed(int row) {
    int i = rows == null ? row : Arrays.binarySearch(rows, row);
    if (i < 0 || i >= count()) {
      throw new IllegalStateException("row " + row + " of on-demand layer " + spec.name()
          + " is not among the rows this scan reads");
    }
    int w = window(i);
    ComputedLayer layer = windows.get(w);
    if (layer == null) {
      synchronized (this) {
        layer = windows.get(w);
        if (layer == null) {
          int from = FIRST_WINDOW * ((1 << w) - 1);
          int to = (int) Math.min(count(), FIRST_WINDOW * ((2L << w) - 1));
          int[] window = new int[to - from];
          for (int k = 0; k < window.length; k++) {
            window[k] = rows == null ? from + k : rows[from + k];
          }
          layer = computation.apply(window);
          windows.set(w, layer);
        }
      }
    }
    return layer;
  }

  @Override public LayerSpec spec() {
    return spec;
  }

  @Override public int rows() {
    return items;
  }

  @Override public float value(int row, int neuron) {
    return computed(row).value(row, neuron);
  }

  @Override public void read(int row, float[] dst) {
    computed(row).read(row, dst);
  }

  @Override public void read(int row, int from, float[] dst, int count) {
    computed(row).read(row, from, dst, count);
  }
}

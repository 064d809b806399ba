/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.ondemand;

import org.boundarysql.store.Layer;
import org.boundarysql.store.LayerSpec;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The rows of an on-demand layer that one query reads, once computed: a {@link Layer} over the
 * store's rows whose rows outside the query's are absent. Each row is read in bulk from the
 * memory-mapped segment that holds it; the segments stay mapped while this view lives, even if
 * the cache evicts their files meanwhile.
 */
public final class ComputedLayer implements Layer {
  private final LayerSpec spec;
  private final int items;
  /** The rows held, ascending; null: every row of the store, {@code i} at position i. */
  private final int[] rows;
  private final FloatBuffer[] segment;
  private final int[] offset;

  ComputedLayer(LayerSpec spec, int items, int[] rows, FloatBuffer[] segment, int[] offset) {
    this.spec = spec;
    this.items = items;
    this.rows = rows;
    this.segment = segment;
    this.offset = offset;
  }

  @Override public LayerSpec spec() {
    return spec;
  }

  /** The store's number of items, as for any layer. */
  @Override public int rows() {
    return items;
  }

  /** Number of rows this view holds. */
  public int heldRows() {
    return segment.length;
  }

  private int position(int row) {
    int i = rows == null ? row : Arrays.binarySearch(rows, row);
    if (i < 0 || i >= segment.length) {
      throw new IllegalStateException("row " + row + " of on-demand layer " + spec.name()
          + " was not computed for this query");
    }
    return i;
  }

  @Override public float value(int row, int neuron) {
    int i = position(row);
    return segment[i].get(offset[i] + neuron);
  }

  @Override public void read(int row, float[] dst) {
    int i = position(row);
    segment[i].get(offset[i], dst, 0, spec.width());
  }

  /** Part of a row in bulk (a token's values of a row per position). */
  @Override public void read(int row, int from, float[] dst, int count) {
    int i = position(row);
    segment[i].get(offset[i] + from, dst, 0, count);
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import org.boundarysql.kernel.RowSource;

import java.nio.FloatBuffer;

/**
 * Activations of one layer for every item of a store, one row per item in {@code items.csv}
 * order, flattened in C order.
 */
public interface Layer extends RowSource {
  /** The layer's declaration. */
  LayerSpec spec();

  default String name() {
    return spec().name();
  }

  /** Number of neurons per row. */
  @Override default int width() {
    return spec().width();
  }

  /** Number of rows (items). */
  @Override int rows();

  /** Activation of one neuron of one row. */
  float value(int row, int neuron);

  /**
   * Copies row {@code row} into {@code dst} from index {@code offset} on, in bulk: a writer of
   * columnar buffers (Arrow) receives a row without a Java object per value.
   */
  default void read(int row, FloatBuffer dst, int offset) {
    float[] values = new float[width()];
    read(row, values);
    dst.put(offset, values);
  }

  /**
   * Copies {@code count} values of row {@code row} from neuron {@code from} on into the start
   * of {@code dst}: a part of a row (a token's position of a row per token).
   */
  default void read(int row, int from, float[] dst, int count) {
    for (int k = 0; k < count; k++) {
      dst[k] = value(row, from + k);
    }
  }

  /** A view of one row as a list, reading the layer lazily; allocates one small object. */
  default ActivationRow row(int row) {
    return new ActivationRow(this, row);
  }
}

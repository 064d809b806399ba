/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.kernel.ParallelRows;
import org.boundarysql.kernel.RowAccumulator;
import org.boundarysql.store.ActivationRow;
import org.boundarysql.store.Layer;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * State of one group of an aggregate over activations. Rows read from a store's layer are only
 * noted (an int each) as Calcite adds them; the kernel reads them all at the end, on every core
 * (see {@link ParallelRows}), straight from the mapped file. Any other array (built in SQL, a
 * parameter) is added at once, through a row buffer reused for every row.
 */
public final class RowAggregateState<K extends RowAccumulator<K>> {
  private IntFunction<K> kernels;
  private K kernel;
  private float[] row;
  /** The layer of the noted rows, and the rows; null when none are noted. */
  private Layer layer;
  private int[] rows;
  private int noted;

  /**
   * Adds an activation (null is skipped) to the group; {@code kernels} makes the group's
   * kernels, given the row width (it may be null once {@link #started}).
   */
  RowAggregateState<K> add(String function, List<?> activation, IntFunction<K> kernels) {
    if (activation == null) {
      return this;
    }
    if (this.kernels == null) {
      this.kernels = kernels;
    }
    if (activation instanceof ActivationRow stored
        && (layer == null || layer == stored.layer())) {
      note(stored);
      return this;
    }
    if (kernel == null) {
      kernel = kernels.apply(activation.size());
    }
    row = Activations.read(function, activation, row);
    kernel.add(row);
    return this;
  }

  /** Whether a row was added, so that the kernel factory is known. */
  boolean started() {
    return kernels != null;
  }

  private void note(ActivationRow stored) {
    if (layer == null) {
      layer = stored.layer();
      rows = new int[16];
    } else if (noted == rows.length) {
      rows = Arrays.copyOf(rows, rows.length * 2);
    }
    rows[noted++] = stored.rowIndex();
  }

  /** The kernel with every row added, or null if no row was added. */
  K kernel() {
    if (layer != null) {
      K read = ParallelRows.accumulate(layer, rows, noted, kernels);
      if (kernel == null) {
        kernel = read;
      } else {
        kernel.merge(read);
      }
      layer = null;
      rows = null;
      noted = 0;
    }
    return kernel;
  }
}

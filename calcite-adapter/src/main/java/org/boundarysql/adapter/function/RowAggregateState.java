/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.kernel.RowAccumulator;

import java.util.List;
import java.util.function.IntFunction;

/**
 * State of one group of an aggregate over activations: a kernel, made at the first row for
 * that row's width, and a row buffer reused for every row.
 */
public final class RowAggregateState<K extends RowAccumulator> {
  private K kernel;
  private float[] row;

  /**
   * Adds an activation (null is skipped) to the kernel, made by {@code kernels} at the first
   * row ({@code kernels} may be null once the kernel exists).
   */
  RowAggregateState<K> add(String function, List<?> activation, IntFunction<K> kernels) {
    if (activation == null) {
      return this;
    }
    if (kernel == null) {
      kernel = kernels.apply(activation.size());
    }
    row = Activations.read(function, activation, row);
    kernel.add(row);
    return this;
  }

  /** The kernel, or null if no row was added. */
  K kernel() {
    return kernel;
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.adapter.function.ScanAggregate;
import org.boundarysql.kernel.RowAccumulator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The aggregates a table computes by group in its scan ({@link StoreTable#aggregate},
 * {@link TokensTable#aggregate}): the kernels to run over the activations, and each group's
 * row of keys and results from them.
 */
final class KernelAggregates {
  /** A group's key value. */
  interface Keys {
    Object key(int group, int key);
  }

  private final ScanAggregate[] aggregates;
  private final List<IntFunction<? extends RowAccumulator<?>>> kernels = new ArrayList<>();
  /** Per aggregate, its kernel's index in {@link #kernels}, -1 if it needs none. */
  private final int[] kernelOf;

  KernelAggregates(ScanAggregate[] aggregates) {
    this.aggregates = aggregates;
    this.kernelOf = new int[aggregates.length];
    for (int i = 0; i < aggregates.length; i++) {
      IntFunction<? extends RowAccumulator<?>> factory = aggregates[i].kernels();
      kernelOf[i] = factory == null ? -1 : kernels.size();
      if (factory != null) {
        kernels.add(factory);
      }
    }
  }

  /** The kernels to accumulate for every group, none if no aggregate reads activations. */
  List<IntFunction<? extends RowAccumulator<?>>> kernels() {
    return kernels;
  }

  /**
   * One row per group: its {@code keyCount} keys, then each aggregate's result from the
   * group's accumulated kernels and row count; the value itself for a row of one column.
   */
  List<Object> rows(int groups, int keyCount, Keys keys, RowAccumulator<?>[][] accumulated,
      int[] counts) {
    List<Object> results = new ArrayList<>(groups);
    for (int g = 0; g < groups; g++) {
      Object[] row = new Object[keyCount + aggregates.length];
      for (int i = 0; i < keyCount; i++) {
        row[i] = keys.key(g, i);
      }
      for (int i = 0; i < aggregates.length; i++) {
        row[keyCount + i] = aggregates[i].result(
            kernelOf[i] < 0 ? null : accumulated[g][kernelOf[i]], counts[g]);
      }
      results.add(row.length == 1 ? row[0] : row);
    }
    return results;
  }
}

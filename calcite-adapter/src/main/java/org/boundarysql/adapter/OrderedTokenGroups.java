/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.kernel.ParallelRows;
import org.boundarysql.kernel.RowAccumulator;
import org.boundarysql.kernel.RowSource;
import org.boundarysql.store.TokenOrder;
import org.boundarysql.task.Cancellation;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Rows of a tokens table grouped by token (its text or id), read in {@link TokenOrder}: each
 * group's rows are contiguous there, so the kernels of one group at a time take its rows from a
 * copy of the layer in that order as one sequential stream, each core a run of whole groups.
 * Rows of items outside the table's sample or filter are skipped.
 */
final class OrderedTokenGroups {
  private static final int CHECK_MASK = 255;

  private final TokensTable table;
  private final TokenOrder order;
  /** The ordered positions of the rows grouped, ascending. */
  private final int[] positions;
  /** The group in {@link #order} of each group here (those with rows). */
  private final int[] groups;
  /** Where each group's rows start in {@link #positions}, then its length. */
  private final int[] starts;

  private OrderedTokenGroups(TokensTable table, TokenOrder order, int[] positions,
      int[] groups, int[] starts) {
    this.table = table;
    this.order = order;
    this.positions = positions;
    this.groups = groups;
    this.starts = starts;
  }

  /** Groups the token rows of {@code items} (ascending item rows; null: every item). */
  static OrderedTokenGroups of(TokensTable table, TokenOrder order, int @Nullable [] items,
      int itemCount) {
    int n = order.size();
    if (items == null) {
      int[] all = new int[n];
      Arrays.setAll(all, i -> i);
      int[] groups = new int[order.groupCount()];
      Arrays.setAll(groups, g -> g);
      int[] starts = new int[groups.length + 1];
      Arrays.setAll(starts, order::start);
      return new OrderedTokenGroups(table, order, all, groups, starts);
    }
    boolean[] kept = new boolean[itemCount];
    for (int item : items) {
      kept[item] = true;
    }
    int[] positions = new int[n];
    int[] groups = new int[order.groupCount()];
    int[] starts = new int[order.groupCount() + 1];
    int count = 0;
    int groupCount = 0;
    for (int g = 0; g < order.groupCount(); g++) {
      int before = count;
      for (int i = order.start(g); i < order.start(g + 1); i++) {
        if (kept[order.item(i)]) {
          positions[count++] = i;
        }
      }
      if (count > before) {
        groups[groupCount] = g;
        starts[groupCount++] = before;
      }
    }
    starts[groupCount] = count;
    return new OrderedTokenGroups(table, order, Arrays.copyOf(positions, count),
        Arrays.copyOf(groups, groupCount), Arrays.copyOf(starts, groupCount + 1));
  }

  /** Number of groups. */
  int size() {
    return groups.length;
  }

  /** The value of key {@code column} in group {@code g}. */
  Object key(int g, int column) {
    return table.value(order.row(order.start(groups[g])), column);
  }

  /** Number of rows of each group. */
  int[] counts() {
    int[] counts = new int[groups.length];
    Arrays.setAll(counts, g -> starts[g + 1] - starts[g]);
    return counts;
  }

  /**
   * The kernels of each group, by factory, with the group's rows of {@code ordered} (the
   * layer's token rows in {@link TokenOrder}) added in order, a group at a time: in place, a
   * run of consecutive rows at once, if {@code ordered} {@linkplain RowSource#storesRows()
   * stores them so}; else row by row.
   */
  RowAccumulator<?>[][] accumulate(RowSource ordered,
      List<IntFunction<? extends RowAccumulator<?>>> kernels) {
    RowAccumulator<?>[][] result = new RowAccumulator<?>[groups.length][kernels.size()];
    if (kernels.isEmpty() || positions.length == 0) {
      return result;
    }
    ParallelRows.inParts(positions.length, ordered.width(), (from, to) -> {
      int first = groupAt(from);
      int last = groupAt(to);
      for (int g = first; g < last; g++) {
        for (int k = 0; k < kernels.size(); k++) {
          result[g][k] = kernels.get(k).apply(ordered.width());
        }
      }
      if (first < last && ordered.storesRows()) {
        addStored(ordered, first, last, result);
      } else if (first < last) {
        addRows(ordered, first, last, result);
      }
      return result;
    }, (merged, part) -> merged);
    return result;
  }

  /** Adds the rows of groups {@code [first, last)} to their kernels in place, run by run. */
  private void addStored(RowSource ordered, int first, int last, RowAccumulator<?>[][] result) {
    for (int g = first; g < last; g++) {
      Cancellation.checkCurrent();
      RowAccumulator<?>[] sums = result[g];
      int end = starts[g];
      while (end < starts[g + 1]) {
        int begin = end++;
        while (end < starts[g + 1] && positions[end] == positions[end - 1] + 1) {
          end++;
        }
        ordered.forEachStored(positions[begin], positions[end - 1] + 1, run -> {
          for (RowAccumulator<?> kernel : sums) {
            kernel.addAll(run);
          }
        });
      }
    }
  }

  /** Adds the rows of groups {@code [first, last)} to their kernels one row at a time. */
  private void addRows(RowSource ordered, int first, int last, RowAccumulator<?>[][] result) {
    int[] group = {first};
    ordered.forEach(positions, starts[first], starts[last], (i, row) -> {
      if ((i & CHECK_MASK) == CHECK_MASK) {
        Cancellation.checkCurrent();
      }
      while (i >= starts[group[0] + 1]) {
        group[0]++;
      }
      for (RowAccumulator<?> kernel : result[group[0]]) {
        kernel.add(row);
      }
    });
  }

  /** The first group starting at or after position {@code i} of the rows grouped. */
  private int groupAt(int i) {
    int found = Arrays.binarySearch(starts, i);
    return found < 0 ? -found - 1 : found;
  }
}

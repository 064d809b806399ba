/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.kernel.ParallelRows;
import org.boundarysql.kernel.RowAccumulator;
import org.boundarysql.kernel.RowSource;
import org.boundarysql.store.Items;
import org.boundarysql.task.Cancellation;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Rows of a table grouped by item columns, for an aggregate that a scan computes itself
 * ({@link BoundaryTableAggregate}). Groups are numbered in the order of their first row; each
 * row's group is found one key column at a time, through a table indexed by the values where
 * they span a short range (labels, predictions, correctness, split names) and a map otherwise.
 */
final class ItemGroups {
  /** Largest table of (group, value) pairs used to number groups; a map beyond it. */
  private static final long TABLE_CELLS = 1 << 22;
  /**
   * Most values that the kernels of one pass over the rows may hold (groups × kernels × row
   * width, per core); beyond it each group's rows are read on their own.
   */
  private static final long ONE_PASS_VALUES = 1 << 22;

  private final Items items;
  /** The rows grouped, ascending. */
  private final int[] rows;
  /** The group of each of {@link #rows}. */
  private final int[] groupOf;
  private int groups;
  /** The position in {@link #rows} of each group's first row; grows with the groups. */
  private int[] first;

  private ItemGroups(Items items, int[] rows) {
    this.items = items;
    this.rows = rows;
    this.groupOf = new int[rows.length];
    this.groups = 1;
    this.first = new int[] {0};
  }

  /**
   * Groups {@code rows} (ascending row numbers of {@code items}; null for all of them) by the
   * values of {@code keys}. No keys: one group, even of no rows, as SQL has it.
   */
  static ItemGroups of(Items items, int @Nullable [] rows, ItemColumn[] keys) {
    int[] all = rows;
    if (all == null) {
      all = new int[items.size()];
      Arrays.setAll(all, i -> i);
    }
    ItemGroups grouped = new ItemGroups(items, all);
    if (all.length == 0 && keys.length > 0) {
      grouped.groups = 0;
    }
    for (ItemColumn key : keys) {
      Cancellation.checkCurrent();
      grouped.splitBy(key);
    }
    return grouped;
  }

  /** Number of groups. */
  int size() {
    return groups;
  }

  /** The value of an item column in group {@code g}. */
  Object key(int g, ItemColumn column) {
    return column.value(items, rows[first[g]]);
  }

  /** Number of rows of each group. */
  int[] counts() {
    int[] counts = new int[groups];
    for (int g : groupOf) {
      counts[g]++;
    }
    return counts;
  }

  /** The rows of each group, ascending. */
  int[][] rowsByGroup() {
    return rowsByGroup(rows, groupOf, groups);
  }

  /**
   * The kernels of each group, by factory, with the group's activations added; null for no
   * rows. Few groups: one pass over all the rows in the file's order; many: group by group.
   */
  RowAccumulator<?>[][] accumulate(@Nullable RowSource activations,
      List<IntFunction<? extends RowAccumulator<?>>> kernels) {
    return accumulate(activations, rows, groupOf, groups, kernels);
  }

  /**
   * The kernels of each of {@code groups} groups, by factory, with the activations of
   * {@code rows} (ascending) added to their group's, {@code groupOf[i]} being row i's.
   */
  static RowAccumulator<?>[][] accumulate(@Nullable RowSource activations, int[] rows,
      int[] groupOf, int groups, List<IntFunction<? extends RowAccumulator<?>>> kernels) {
    if (activations == null || kernels.isEmpty() || rows.length == 0) {
      return new RowAccumulator<?>[groups][kernels.size()];
    }
    if ((long) groups * kernels.size() * activations.width() <= ONE_PASS_VALUES) {
      return ParallelRows.accumulateGroups(activations, rows, rows.length, groupOf, groups,
          kernels);
    }
    int[][] byGroup = rowsByGroup(rows, groupOf, groups);
    int[] single = new int[Arrays.stream(byGroup).mapToInt(r -> r.length).max().orElse(0)];
    RowAccumulator<?>[][] result = new RowAccumulator<?>[groups][];
    for (int g = 0; g < groups; g++) {
      result[g] = ParallelRows.accumulateGroups(activations, byGroup[g], byGroup[g].length,
          single, 1, kernels)[0];
    }
    return result;
  }

  private static int[][] rowsByGroup(int[] rows, int[] groupOf, int groups) {
    int[] counts = new int[groups];
    for (int g : groupOf) {
      counts[g]++;
    }
    int[][] byGroup = new int[groups][];
    for (int g = 0; g < groups; g++) {
      byGroup[g] = new int[counts[g]];
    }
    int[] filled = new int[groups];
    for (int i = 0; i < rows.length; i++) {
      int g = groupOf[i];
      byGroup[g][filled[g]++] = rows[i];
    }
    return byGroup;
  }

  /** Splits every group by the value of {@code key}. */
  private void splitBy(ItemColumn key) {
    long[] values = values(key);
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    long range = max - min + 1;
    int[] renumbered = new int[Math.max(16, groups)];
    int next = 0;
    if (values.length > 0 && range > 0 && range <= TABLE_CELLS / groups) {
      int[] table = new int[(int) (range * groups)];
      Arrays.fill(table, -1);
      for (int i = 0; i < values.length; i++) {
        int cell = (int) (groupOf[i] * range + (values[i] - min));
        if (table[cell] < 0) {
          renumbered = noteFirst(renumbered, next, i);
          table[cell] = next++;
        }
        groupOf[i] = table[cell];
      }
    } else {
      Map<Pair, Integer> numbers = new HashMap<>();
      for (int i = 0; i < values.length; i++) {
        Pair pair = new Pair(groupOf[i], values[i]);
        Integer number = numbers.get(pair);
        if (number == null) {
          renumbered = noteFirst(renumbered, next, i);
          number = next++;
          numbers.put(pair, number);
        }
        groupOf[i] = number;
      }
    }
    groups = next;
    first = Arrays.copyOf(renumbered, next);
  }

  private static int[] noteFirst(int[] first, int group, int position) {
    int[] grown = group < first.length ? first : Arrays.copyOf(first, first.length * 2);
    grown[group] = position;
    return grown;
  }

  /** A group and a value of the key column: the key of a group split by that column. */
  private record Pair(int group, long value) { }

  /** The key's value for each row, as a number; split names by their code in the items. */
  private long[] values(ItemColumn key) {
    long[] values = new long[rows.length];
    for (int i = 0; i < rows.length; i++) {
      int row = rows[i];
      values[i] = switch (key) {
        case ID -> items.id(row);
        case LABEL -> items.label(row);
        case PREDICTED -> items.predicted(row);
        case CORRECT -> items.correct(row) ? 1 : 0;
        case SPLIT -> items.splitCode(row);
      };
    }
    return values;
  }
}

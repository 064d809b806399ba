/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.kernel.RowAccumulator;
import org.boundarysql.kernel.RowSource;
import org.boundarysql.task.Cancellation;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Rows of a tokens table grouped by some of its columns before the activation (the token, its
 * id or position, item columns), for an aggregate that the table computes itself
 * ({@link TokensAggregate}). Groups are numbered in the order of their first row, found by the
 * keys' values in a map; the kernels then read the activations as {@link ItemGroups}' do.
 */
final class TokenGroups {
  private static final int CHECK_MASK = 1023;
  /** Cells of the table that numbers the codes of a key, at least (ints: 4 MB). */
  private static final long TABLE_CELLS = 1L << 20;

  private final TokensTable table;
  private final int[] rows;
  private final int[] keys;
  private final int[] groupOf;
  private final int[] first;

  private TokenGroups(TokensTable table, int[] rows, int[] keys, int[] groupOf, int[] first) {
    this.table = table;
    this.rows = rows;
    this.keys = keys;
    this.groupOf = groupOf;
    this.first = first;
  }

  /**
   * Groups token {@code rows} (ascending) of {@code table} by the columns {@code keys}. No
   * keys: one group, even of no rows, as SQL has it.
   */
  static TokenGroups of(TokensTable table, int[] rows, int[] keys) {
    int[] groupOf = new int[rows.length];
    if (keys.length == 0) {
      return new TokenGroups(table, rows, keys, groupOf, new int[] {0});
    }
    if (keys.length == 1 && TokensTable.coded(keys[0])) {
      return numbered(table, rows, keys, groupOf);
    }
    Map<Object, Integer> numbers = new HashMap<>();
    int[] first = new int[16];
    for (int i = 0; i < rows.length; i++) {
      if ((i & CHECK_MASK) == CHECK_MASK) {
        Cancellation.checkCurrent();
      }
      Object key;
      if (keys.length == 1) {
        key = table.value(rows[i], keys[0]);
      } else {
        Object[] values = new Object[keys.length];
        for (int k = 0; k < keys.length; k++) {
          values[k] = table.value(rows[i], keys[k]);
        }
        key = Arrays.asList(values);
      }
      Integer number = numbers.get(key);
      if (number == null) {
        number = numbers.size();
        numbers.put(key, number);
        first = number < first.length ? first : Arrays.copyOf(first, first.length * 2);
        first[number] = i;
      }
      groupOf[i] = number;
    }
    return new TokenGroups(table, rows, keys, groupOf, Arrays.copyOf(first, numbers.size()));
  }

  /**
   * Groups by one key column that {@link TokensTable#code} numbers: by a table of its codes
   * when their range is small (a vocabulary, positions, ids), else by a map of them.
   */
  private static TokenGroups numbered(TokensTable table, int[] rows, int[] keys,
      int[] groupOf) {
    long[] codes = new long[rows.length];
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < rows.length; i++) {
      codes[i] = table.code(rows[i], keys[0]);
      min = Math.min(min, codes[i]);
      max = Math.max(max, codes[i]);
    }
    int[] first = new int[16];
    int groups = 0;
    if (rows.length > 0 && max - min < Math.max(TABLE_CELLS, 4L * rows.length)
        && max - min >= 0) {
      int[] numbers = new int[Math.toIntExact(max - min + 1)];
      Arrays.fill(numbers, -1);
      for (int i = 0; i < rows.length; i++) {
        int cell = (int) (codes[i] - min);
        if (numbers[cell] < 0) {
          first = groups < first.length ? first : Arrays.copyOf(first, first.length * 2);
          first[groups] = i;
          numbers[cell] = groups++;
        }
        groupOf[i] = numbers[cell];
      }
    } else {
      Map<Long, Integer> numbers = new HashMap<>();
      for (int i = 0; i < rows.length; i++) {
        if ((i & CHECK_MASK) == CHECK_MASK) {
          Cancellation.checkCurrent();
        }
        Integer number = numbers.get(codes[i]);
        if (number == null) {
          number = groups++;
          numbers.put(codes[i], number);
          first = number < first.length ? first : Arrays.copyOf(first, first.length * 2);
          first[number] = i;
        }
        groupOf[i] = number;
      }
    }
    return new TokenGroups(table, rows, keys, groupOf, Arrays.copyOf(first, groups));
  }

  /** Number of groups. */
  int size() {
    return first.length;
  }

  /** The value of key {@code k} in group {@code g}. */
  Object key(int g, int k) {
    return table.value(rows[first[g]], keys[k]);
  }

  /** Number of rows of each group. */
  int[] counts() {
    int[] counts = new int[first.length];
    for (int g : groupOf) {
      counts[g]++;
    }
    return counts;
  }

  /** The kernels of each group, by factory, with the group's activations added. */
  RowAccumulator<?>[][] accumulate(RowSource activations,
      List<IntFunction<? extends RowAccumulator<?>>> kernels) {
    return ItemGroups.accumulate(activations, rows, groupOf, first.length, kernels);
  }
}

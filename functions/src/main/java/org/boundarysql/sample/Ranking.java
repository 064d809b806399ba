/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * Orders items by a score, ties by item, on primitive arrays: a stable radix sort of the scores'
 * bits, so that ranking millions of items costs 12 bytes each and linear time, where a sort of
 * boxed indices by a comparator costs an object and a comparison call per item per step.
 */
final class Ranking {
  /** Below this many items an insertion sort is cheaper than counting digits. */
  private static final int SMALL = 64;
  private static final int DIGIT_BITS = 8;
  private static final int BUCKETS = 1 << DIGIT_BITS;

  private Ranking() {
  }

  /**
   * Sorts {@code items} (ascending) by {@code score} in the order of {@link Double#compare},
   * equal scores by item: the order of
   * {@code Comparator.comparingDouble(score).thenComparingInt(i -> i)}.
   */
  static void sort(int[] items, IntToDoubleFunction score) {
    int n = items.length;
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = sortable(score.applyAsDouble(items[i]));
    }
    if (n < SMALL) {
      insertionSort(keys, items);
      return;
    }
    long[] keyBuffer = new long[n];
    int[] itemBuffer = new int[n];
    int[] counts = new int[BUCKETS];
    // Least significant digit first; each pass is stable, so equal keys keep the items' order.
    for (int shift = 0; shift < Long.SIZE; shift += DIGIT_BITS) {
      Arrays.fill(counts, 0);
      for (long key : keys) {
        counts[(int) (key >>> shift) & (BUCKETS - 1)]++;
      }
      if (counts[(int) (keys[0] >>> shift) & (BUCKETS - 1)] == n) {
        continue; // every key has the same digit here: the pass would change nothing
      }
      int start = 0;
      for (int b = 0; b < BUCKETS; b++) {
        int count = counts[b];
        counts[b] = start;
        start += count;
      }
      for (int i = 0; i < n; i++) {
        int position = counts[(int) (keys[i] >>> shift) & (BUCKETS - 1)]++;
        keyBuffer[position] = keys[i];
        itemBuffer[position] = items[i];
      }
      long[] swapKeys = keys;
      keys = keyBuffer;
      keyBuffer = swapKeys;
      System.arraycopy(itemBuffer, 0, items, 0, n);
    }
  }

  /**
   * The bits of a double as a long whose unsigned order is {@link Double#compare}'s: negative
   * numbers have every bit flipped, the others their sign bit.
   */
  static long sortable(double value) {
    long bits = Double.doubleToLongBits(value);
    return bits ^ ((bits >> (Long.SIZE - 1)) | Long.MIN_VALUE);
  }

  private static void insertionSort(long[] keys, int[] items) {
    for (int i = 1; i < keys.length; i++) {
      long key = keys[i];
      int item = items[i];
      int j = i - 1;
      while (j >= 0 && Long.compareUnsigned(keys[j], key) > 0) {
        keys[j + 1] = keys[j];
        items[j + 1] = items[j];
        j--;
      }
      keys[j + 1] = key;
      items[j + 1] = item;
    }
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import java.util.Arrays;
import java.util.SplittableRandom;

/** A sample under construction: the items picked so far. */
final class Selection {
  private final int[] items;
  private int size;

  Selection(int capacity) {
    this.items = new int[capacity];
  }

  void add(int item) {
    items[size++] = item;
  }

  /** Adds {@code count} of {@code candidates} drawn uniformly without replacement. */
  void addRandom(int[] candidates, int count, SplittableRandom random) {
    int[] pool = candidates.clone();
    // Partial Fisher-Yates: the first count slots end up a uniform draw.
    for (int i = 0; i < count; i++) {
      int k = i + random.nextInt(pool.length - i);
      int swap = pool[k];
      pool[k] = pool[i];
      pool[i] = swap;
      add(pool[i]);
    }
  }

  /** Returns the picked items in ascending order. */
  int[] toSortedArray() {
    if (size != items.length) {
      throw new IllegalStateException("picked " + size + " of " + items.length + " items");
    }
    int[] sorted = items.clone();
    Arrays.sort(sorted);
    return sorted;
  }
}

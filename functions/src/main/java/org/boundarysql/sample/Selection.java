/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Items picked by a sampler, of a known total count; for a probability design also each
 * item's stratum and inclusion probability ({@link #addStratum}).
 */
final class Selection {
  private final int[] items;
  private final int[] strata;
  private final double[] probabilities;
  private int size;

  Selection(int capacity) {
    this.items = new int[capacity];
    this.strata = new int[capacity];
    this.probabilities = new double[capacity];
  }

  void add(int item) {
    add(item, 0, 0);
  }

  /** Adds an item of a stratum, picked with the given probability. */
  void add(int item, int stratum, double probability) {
    items[size] = item;
    strata[size] = stratum;
    probabilities[size] = probability;
    size++;
  }

  /** Adds {@code count} of {@code candidates} drawn uniformly without replacement. */
  void addRandom(int[] candidates, int count, SplittableRandom random) {
    addStratum(0, candidates, count, random);
  }

  /**
   * Adds {@code count} of a stratum's members drawn uniformly without replacement, each with
   * inclusion probability count / members.
   */
  void addStratum(int stratum, int[] members, int count, SplittableRandom random) {
    int[] pool = members.clone();
    double probability = (double) count / members.length;
    // Partial Fisher-Yates: the first count slots end up a uniform draw.
    for (int i = 0; i < count; i++) {
      int k = i + random.nextInt(pool.length - i);
      int swap = pool[k];
      pool[k] = pool[i];
      pool[i] = swap;
      add(pool[i], stratum, probability);
    }
  }

  /** Returns the picked items in ascending order. */
  int[] toSortedArray() {
    checkFull();
    int[] sorted = items.clone();
    Arrays.sort(sorted);
    return sorted;
  }

  /** Returns the picked items in ascending order with their strata and probabilities. */
  Draw toDraw() {
    checkFull();
    int[] order = new int[size];
    Arrays.setAll(order, p -> p);
    Ranking.sort(order, p -> items[p]);
    int[] rows = new int[size];
    int[] rowStrata = new int[size];
    double[] rowProbabilities = new double[size];
    for (int r = 0; r < size; r++) {
      rows[r] = items[order[r]];
      rowStrata[r] = strata[order[r]];
      rowProbabilities[r] = probabilities[order[r]];
    }
    return new Draw(rows, rowStrata, rowProbabilities);
  }

  private void checkFull() {
    if (size != items.length) {
      throw new IllegalStateException("picked " + size + " of " + items.length + " items");
    }
  }
}

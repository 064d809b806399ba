/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

/**
 * Accumulates rows and answers the indices of the k neurons with the largest mean activation,
 * in descending order of mean; equal means rank the lower index first.
 */
public final class TopKNeurons implements RowAccumulator<TopKNeurons> {
  private final int k;
  private final AvgActivation mean;

  /** Creates an accumulator for the top {@code k} neurons; width is fixed by the first row. */
  public TopKNeurons(int k) {
    this(k, new AvgActivation());
  }

  /** Creates an accumulator for the top {@code k} neurons of rows of the given width. */
  public TopKNeurons(int k, int width) {
    this(k, new AvgActivation(width));
  }

  private TopKNeurons(int k, AvgActivation mean) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive: " + k);
    }
    this.k = k;
    this.mean = mean;
  }

  /** Adds one row. */
  @Override public void add(float[] row) {
    mean.add(row);
  }

  /** Returns the number of rows added. */
  /** Adds the rows of {@code other}, which must rank as many neurons. */
  @Override public void merge(TopKNeurons other) {
    if (other.k != k) {
      throw new IllegalArgumentException("cannot merge top-" + other.k + " into top-" + k);
    }
    mean.merge(other.mean);
  }

  @Override public long count() {
    return mean.count();
  }

  /** Returns the top-k neuron indices of the rows added; there must be at least one row. */
  public int[] indices() {
    return indices(mean.mean(), k);
  }

  /**
   * Returns the indices of the {@code k} largest values, largest first, lower index first among
   * equal values; all indices when {@code k} exceeds the length.
   */
  public static int[] indices(double[] values, int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive: " + k);
    }
    int size = Math.min(k, values.length);
    int[] top = new int[size];
    int filled = 0;
    // Insertion into a short sorted prefix: O(width * k), no boxing; scanning indices in
    // ascending order and moving only on a strictly better value keeps ties by lower index.
    for (int i = 0; i < values.length; i++) {
      if (filled == size && !better(values[i], values[top[size - 1]])) {
        continue;
      }
      int at = filled == size ? size - 1 : filled++;
      while (at > 0 && better(values[i], values[top[at - 1]])) {
        top[at] = top[at - 1];
        at--;
      }
      top[at] = i;
    }
    return top;
  }

  /** NaN ranks below every number, so a missing mean never enters the top k ahead of one. */
  private static boolean better(double a, double b) {
    return a > b || Double.isNaN(b) && !Double.isNaN(a);
  }
}

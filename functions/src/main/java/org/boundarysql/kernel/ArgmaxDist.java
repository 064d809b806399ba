/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

import java.io.Serializable;

/**
 * Accumulates the distribution of maximally activated neurons: the share of rows whose largest
 * value is at index i, the lower index winning ties.
 */
public final class ArgmaxDist implements RowAccumulator<ArgmaxDist>,
    Serializable {
  private static final long serialVersionUID = 1L;

  private long[] counts;
  private long total;

  /** Creates an accumulator whose width is fixed by the first row added. */
  public ArgmaxDist() {
  }

  /** Creates an accumulator for rows of the given width. */
  public ArgmaxDist(int width) {
    this.counts = new long[width];
  }

  /** Adds one row. */
  @Override public void add(float[] row) {
    if (counts == null) {
      counts = new long[row.length];
    } else if (counts.length != row.length) {
      throw new IllegalArgumentException(
          "row width " + row.length + " differs from accumulator width " + counts.length);
    }
    counts[argmax(row)]++;
    total++;
  }

  /** Adds every row that {@code other} has accumulated. */
  @Override public void merge(ArgmaxDist other) {
    if (other.total == 0) {
      return;
    }
    if (counts == null) {
      counts = new long[other.counts.length];
    } else if (counts.length != other.counts.length) {
      throw new IllegalArgumentException("row width " + other.counts.length
          + " differs from accumulator width " + counts.length);
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
  }

  /** Returns the number of rows added. */
  @Override public long count() {
    return total;
  }

  /** Returns the share of rows whose maximum is at each index; there must be at least one row. */
  public double[] shares() {
    if (total == 0) {
      throw new IllegalStateException("distribution of no rows");
    }
    double[] shares = new double[counts.length];
    for (int i = 0; i < shares.length; i++) {
      shares[i] = (double) counts[i] / total;
    }
    return shares;
  }

  /**
   * Returns the index of the largest value, the lowest such index on ties; NaN loses to any
   * number. The row must not be empty.
   */
  public static int argmax(float[] row) {
    if (row.length == 0) {
      throw new IllegalArgumentException("argmax of an empty row");
    }
    int best = 0;
    for (int i = 1; i < row.length; i++) {
      if (row[i] > row[best] || Float.isNaN(row[best]) && !Float.isNaN(row[i])) {
        best = i;
      }
    }
    return best;
  }
}

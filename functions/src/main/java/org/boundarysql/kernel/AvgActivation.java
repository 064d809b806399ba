/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

import java.io.Serializable;

/** Accumulates the element-wise mean of activation rows. */
public final class AvgActivation implements RowAccumulator<AvgActivation>, Serializable {
  private static final long serialVersionUID = 1L;

  private double[] sums;
  private long count;

  /** Creates an accumulator whose width is fixed by the first row added. */
  public AvgActivation() {
  }

  /** Creates an accumulator for rows of the given width. */
  public AvgActivation(int width) {
    this.sums = new double[width];
  }

  /** Adds one row. */
  @Override public void add(float[] row) {
    Lanes.addTo(sums(row.length), row);
    count++;
  }

  /** Adds rows read in place, as {@link #add} would one by one. */
  @Override public void addAll(StoredRows rows) {
    Lanes.addRows(sums(rows.width()), rows);
    count += rows.count();
  }

  @Override public void merge(AvgActivation other) {
    if (other.count == 0) {
      return;
    }
    double[] s = sums(other.sums.length);
    for (int i = 0; i < s.length; i++) {
      s[i] += other.sums[i];
    }
    count += other.count;
  }

  /** Returns the number of rows added. */
  @Override public long count() {
    return count;
  }

  /** Returns the element-wise mean; there must be at least one row. */
  public double[] mean() {
    if (count == 0) {
      throw new IllegalStateException("mean of no rows");
    }
    double[] mean = new double[sums.length];
    for (int i = 0; i < mean.length; i++) {
      mean[i] = sums[i] / count;
    }
    return mean;
  }

  private double[] sums(int width) {
    if (sums == null) {
      sums = new double[width];
    } else if (sums.length != width) {
      throw new IllegalArgumentException(
          "row width " + width + " differs from accumulator width " + sums.length);
    }
    return sums;
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.ondemand;

/**
 * How fast a model computes a store's on-demand layers on this machine: the best batch size
 * measured and the items per second at it, on {@code processors} processors.
 */
public record Throughput(int batch, double itemsPerSecond, int processors) {
  /** Checks the values. */
  public Throughput {
    if (batch < 1 || !(itemsPerSecond > 0)) {
      throw new IllegalArgumentException("a throughput needs a batch and a positive rate, not "
          + batch + " at " + itemsPerSecond + " items/s");
    }
  }

  /** Estimated seconds of computing {@code rows} rows. */
  public double seconds(long rows) {
    return rows / itemsPerSecond;
  }
}

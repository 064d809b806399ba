/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import java.util.stream.DoubleStream;

/** Mean, sample standard deviation, minimum and maximum of some repeated measurements. */
record Stats(int count, double mean, double sd, double min, double max) {
  /** Returns the statistics of the values; NaN throughout when there are none. */
  static Stats of(DoubleStream values) {
    double[] v = values.toArray();
    if (v.length == 0) {
      return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double mean = DoubleStream.of(v).average().orElseThrow();
    double squares = DoubleStream.of(v).map(x -> (x - mean) * (x - mean)).sum();
    double sd = v.length > 1 ? Math.sqrt(squares / (v.length - 1)) : 0;
    return new Stats(v.length, mean, sd, DoubleStream.of(v).min().orElseThrow(),
        DoubleStream.of(v).max().orElseThrow());
  }

  /** Returns whether there was at least one value. */
  boolean present() {
    return count > 0;
  }
}

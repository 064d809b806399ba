/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.estimate;

import smile.stat.distribution.GaussianDistribution;

/** Quantiles of the standard normal distribution for intervals. */
final class NormalQuantile {
  private NormalQuantile() {
  }

  /** Returns z with P(|Z| ≤ z) = level for a standard normal Z; level in (0, 1). */
  static double twoSided(double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1), got " + level);
    }
    return GaussianDistribution.getInstance().quantile((1 + level) / 2);
  }
}

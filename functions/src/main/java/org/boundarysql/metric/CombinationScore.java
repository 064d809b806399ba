/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.metric;

/**
 * A sample's score on one combination: the S1, S2 and S3 metrics and how many items the full data
 * and the sample have there. A sample with no items there scores the worst values (precision 0,
 * distances 1).
 */
public record CombinationScore(Combination combination, int fullCount, int sampleCount,
    double topKPrecision, double cosineDistance, double jensenShannonDistance) {
  /** Returns whether the sample has no items in the combination. */
  public boolean sampleEmpty() {
    return sampleCount == 0;
  }
}

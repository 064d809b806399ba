/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import org.boundarysql.sample.SamplingMethod;

/**
 * One sample's query-set accuracies over a subset of the combinations: S1 (mean top-K
 * precision), S2 (mean cosine distance) and S3 (mean Jensen–Shannon distance), and how many of
 * the combinations the sample has no items for.
 */
record Measurement(Experiment experiment, SamplingMethod method, long seed, double fraction,
    double j, int k, Subset subset, int sampleSize, int combinations, long emptyCombinations,
    double s1, double s2, double s3) {

  /** Returns S1, S2 or S3 by number. */
  double metric(int querySet) {
    return switch (querySet) {
      case 1 -> s1;
      case 2 -> s2;
      case 3 -> s3;
      default -> throw new IllegalArgumentException("no query set S" + querySet);
    };
  }
}

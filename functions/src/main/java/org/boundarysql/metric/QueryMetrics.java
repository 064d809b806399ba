/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.metric;

import java.util.Arrays;

/** The metrics that compare a sample's answer to the full data's answer, one per query set. */
public final class QueryMetrics {
  private QueryMetrics() {
  }

  /**
   * S1: the share of the full data's top-K neurons that the sample's top-K contains,
   * |sample ∩ full| / K with K = {@code full.length}; both lists hold K distinct indices.
   */
  public static double topKPrecision(int[] sample, int[] full) {
    checkLengths(sample.length, full.length);
    if (full.length == 0) {
      throw new IllegalArgumentException("K must be positive");
    }
    int[] sorted = full.clone();
    Arrays.sort(sorted);
    int hits = 0;
    for (int neuron : sample) {
      hits += Arrays.binarySearch(sorted, neuron) >= 0 ? 1 : 0;
    }
    return (double) hits / full.length;
  }

  /**
   * S2: cosine distance 1 − a·b / (‖a‖ ‖b‖), clamped to [0, 2]. Two zero vectors are at
   * distance 0 (the same answer); a zero vector and a non-zero one at distance 1 (no common
   * direction).
   */
  public static double cosineDistance(double[] a, double[] b) {
    checkLengths(a.length, b.length);
    double dot = 0;
    double normA = 0;
    double normB = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      normA += a[i] * a[i];
      normB += b[i] * b[i];
    }
    if (normA == 0 || normB == 0) {
      return normA == normB ? 0 : 1;
    }
    return Math.max(0, Math.min(2, 1 - dot / Math.sqrt(normA * normB)));
  }

  /**
   * S3: Jensen–Shannon distance with base-2 logarithms, √((KL(p‖m) + KL(q‖m)) / 2) with
   * m = (p + q) / 2, in [0, 1]. Entries must be non-negative; each vector is normalised to sum
   * 1. Two all-zero vectors are at distance 0; an all-zero vector and another at distance 1.
   */
  public static double jensenShannonDistance(double[] p, double[] q) {
    checkLengths(p.length, q.length);
    double sumP = sum(p);
    double sumQ = sum(q);
    if (sumP == 0 || sumQ == 0) {
      return sumP == sumQ ? 0 : 1;
    }
    double divergence = 0;
    for (int i = 0; i < p.length; i++) {
      double pi = p[i] / sumP;
      double qi = q[i] / sumQ;
      double m = (pi + qi) / 2;
      if (pi > 0) {
        divergence += pi * Math.log(pi / m);
      }
      if (qi > 0) {
        divergence += qi * Math.log(qi / m);
      }
    }
    double bits = divergence / (2 * Math.log(2));
    return Math.sqrt(Math.max(0, Math.min(1, bits)));
  }

  private static double sum(double[] values) {
    double sum = 0;
    for (double v : values) {
      if (!(v >= 0)) {
        throw new IllegalArgumentException("distribution has a negative or NaN entry: " + v);
      }
      sum += v;
    }
    return sum;
  }

  private static void checkLengths(int a, int b) {
    if (a != b) {
      throw new IllegalArgumentException("lengths differ: " + a + " and " + b);
    }
  }
}

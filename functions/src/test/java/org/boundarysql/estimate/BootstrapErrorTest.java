/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.estimate;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The bootstrap against the exact distribution of its resamples, enumerated by brute force on
 * cases small enough to count by hand.
 */
class BootstrapErrorTest {
  /** Three rows of two neurons; a population of six rebuilds each row exactly twice. */
  private static final float[][] ROWS = {{1, 0}, {0, 1}, {1, 1}};

  /**
   * With N = 2n every resample rebuilds the same population (each row twice), whose mean is
   * (2/3, 2/3), and draws 3 of its 6 copies: C(6,3) = 20 equally likely draws, enumerated here.
   */
  @Test void expectedCosineDistanceMatchesTheEnumeratedDraws() {
    List<Double> distances = enumerateDraws(ErrorMetric.COSINE_DISTANCE);
    double exact = distances.stream().mapToDouble(d -> d).average().orElseThrow();
    ErrorEstimate estimate = new BootstrapError(40_000, 0.9, 3).estimate(ROWS, 6,
        ErrorMetric.COSINE_DISTANCE);
    assertEquals(exact, estimate.expected(), 0.002);
    assertEquals(0, estimate.low(), 1e-12); // 8 of the 20 draws are at distance 0
    assertEquals(0.9, estimate.level());
    assertEquals(max(distances), estimate.high(), 1e-12); // 4 of the 20 are at the maximum
  }

  /**
   * Hand count of the draws of 3 of the copies {a, a, b, b, c, c}, a = (1, 0), b = (0, 1),
   * c = (1, 1): only the 2·2·2 = 8 draws of one copy of each row sum to a multiple of (1, 1);
   * {a, a, c} and {b, b, c} (2 draws each) are the farthest, 1 − 4/√20 from it.
   */
  @Test void enumerationMatchesTheHandCount() {
    List<Double> distances = enumerateDraws(ErrorMetric.COSINE_DISTANCE);
    assertEquals(20, distances.size());
    assertEquals(8, distances.stream().filter(d -> Math.abs(d) < 1e-12).count());
    assertEquals(1 - 4 / Math.sqrt(20), max(distances), 1e-12);
    assertEquals(4, distances.stream().filter(d -> Math.abs(d - max(distances)) < 1e-12)
        .count());
  }

  /** Top-1 precision: the drawn top neuron equals the population's (a tie goes to neuron 0). */
  @Test void expectedTopKPrecisionMatchesTheEnumeratedDraws() {
    ErrorMetric metric = ErrorMetric.topKPrecision(1);
    double exact = enumerateDraws(metric).stream().mapToDouble(d -> d).average().orElseThrow();
    assertEquals(exact, new BootstrapError(40_000, 0.9, 5).estimate(ROWS, 6, metric)
        .expected(), 0.01);
  }

  /** The Jensen–Shannon distance of argmax shares, against the same enumeration. */
  @Test void expectedJsDistanceMatchesTheEnumeratedDraws() {
    double exact = enumerateDraws(ErrorMetric.JS_DISTANCE).stream().mapToDouble(d -> d)
        .average().orElseThrow();
    assertEquals(exact, new BootstrapError(40_000, 0.9, 7).estimate(ROWS, 6,
        ErrorMetric.JS_DISTANCE).expected(), 0.004);
  }

  /**
   * One row of two neurons, largest 0, from a group of 2: neuron 1 is unseen and neuron 0 seen
   * once, so Good–Turing gives the one unsampled item to neuron 1. Every resample draws one of
   * {row, virtual item}: shares (1, 0) or (0, 1) against the rebuilt (1/2, 1/2), the same
   * distance by symmetry, computed here by hand.
   */
  @Test void sharesGiveUnseenNeuronsTheGoodTuringMass() {
    double m = 0.75; // the mixture of (1, 0) and (1/2, 1/2) at its larger share
    double divergence = (log2(1 / m) + 0.5 * log2(0.5 / m) + 0.5 * log2(0.5 / (1 - m))) / 2;
    ErrorEstimate estimate = BootstrapError.standard().estimate(new float[][] {{1, 0}}, 2,
        ErrorMetric.JS_DISTANCE);
    assertEquals(Math.sqrt(divergence), estimate.expected(), 1e-12);
    assertEquals(0, estimate.low()); // one-sided: only the upper bound is stated
    assertEquals(Math.sqrt(divergence), estimate.high(), 1e-12);
    assertEquals(0.95, estimate.level(), 1e-12);
  }

  /** The mean of the same row has no unseen part: each resample draws the row itself. */
  @Test void meansHaveNoVirtualItems() {
    assertEquals(ErrorEstimate.exact(0, 0.9), BootstrapError.standard().estimate(
        new float[][] {{1, 0}}, 2, ErrorMetric.COSINE_DISTANCE));
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /** A sample that holds the whole group has no error: the finite-population correction. */
  @Test void wholeGroupIsExact() {
    ErrorEstimate estimate = BootstrapError.standard().estimate(ROWS, 3,
        ErrorMetric.topKPrecision(1));
    assertEquals(new ErrorEstimate(1, 1, 1, 0.9), estimate);
  }

  /** The same rows give the same estimate. */
  @Test void isRepeatable() {
    assertEquals(BootstrapError.standard().estimate(ROWS, 50, ErrorMetric.JS_DISTANCE),
        BootstrapError.standard().estimate(ROWS, 50, ErrorMetric.JS_DISTANCE));
  }

  /** Several metrics from the same resamples: each as if estimated alone. */
  @Test void estimatesSeveralMetricsAsEachAlone() {
    List<ErrorMetric> metrics = List.of(ErrorMetric.JS_DISTANCE, ErrorMetric.topKPrecision(1),
        ErrorMetric.COSINE_DISTANCE);
    List<ErrorEstimate> together = BootstrapError.standard().estimate(ROWS, 11, metrics);
    for (int m = 0; m < metrics.size(); m++) {
      assertEquals(BootstrapError.standard().estimate(ROWS, 11, metrics.get(m)),
          together.get(m));
    }
  }

  @Test void refusesMoreRowsThanTheGroupHas() {
    assertThrows(IllegalArgumentException.class,
        () -> BootstrapError.standard().estimate(ROWS, 2, ErrorMetric.JS_DISTANCE));
  }

  @Test void quantileInterpolates() {
    assertEquals(2.5, BootstrapError.quantile(new double[] {1, 2, 3, 4}, 0.5), 1e-12);
    assertEquals(1.3, BootstrapError.quantile(new double[] {1, 2, 3, 4}, 0.1), 1e-12);
  }

  /** The metric for each of the 20 ways to draw 3 of the 6 copies, by plain loops. */
  private static List<Double> enumerateDraws(ErrorMetric metric) {
    int[] copyOf = {0, 0, 1, 1, 2, 2};
    double[] population = {2.0 / 3, 2.0 / 3};
    double[] populationShares = {2.0 / 3, 1.0 / 3}; // argmax: a → 0, b → 1, c → 0 (tie)
    boolean argmax = metric == ErrorMetric.JS_DISTANCE;
    List<Double> values = new ArrayList<>();
    for (int x = 0; x < 6; x++) {
      for (int y = x + 1; y < 6; y++) {
        for (int z = y + 1; z < 6; z++) {
          double[] answer = new double[2];
          for (int copy : new int[] {x, y, z}) {
            float[] row = ROWS[copyOf[copy]];
            if (argmax) {
              answer[row[1] > row[0] ? 1 : 0] += 1.0 / 3;
            } else {
              answer[0] += row[0] / 3.0;
              answer[1] += row[1] / 3.0;
            }
          }
          values.add(metric.metric(answer, argmax ? populationShares : population));
        }
      }
    }
    return values;
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(d -> d).max().orElseThrow();
  }
}

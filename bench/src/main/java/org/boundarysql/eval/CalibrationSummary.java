/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import org.boundarysql.estimate.EstimateBasis;
import org.boundarysql.sample.SamplingMethod;

import java.util.List;

/**
 * The calibration of one method, fraction and query set over its samples' combinations:
 * how many groups the sampled answers have, how many of them are exact (the sample holds the
 * whole group), and over the others with at least {@link EstimateBasis#MIN_ITEMS} items (the
 * bootstrapped ones) how often the interval holds the true error, the rank correlation of the
 * expected and the true error, and their means. {@code given} says whether SQL gives these
 * estimates or, for this method, refuses them.
 */
record CalibrationSummary(SamplingMethod method, double fraction, CalibrationQuery query,
    boolean given, int groups, int exact, int bootstrapped, double coverage, double spearman,
    double meanExpected, double meanTruth) {

  /** Summarises the points of one method, fraction and query set. */
  static CalibrationSummary of(SamplingMethod method, double fraction, CalibrationQuery query,
      List<CalibrationPoint> points) {
    List<CalibrationPoint> estimated = points.stream().filter(CalibrationSummary::bootstrapped)
        .toList();
    return new CalibrationSummary(method, fraction, query,
        EstimateBasis.randomWithinGroups(method.methodName()), points.size(),
        (int) points.stream().filter(p -> p.basis() == EstimateBasis.EXACT).count(),
        estimated.size(), coverage(estimated),
        RankCorrelation.spearman(
            estimated.stream().mapToDouble(p -> p.estimate().expected()).toArray(),
            estimated.stream().mapToDouble(CalibrationPoint::truth).toArray()),
        estimated.stream().mapToDouble(p -> p.estimate().expected()).average().orElse(Double.NaN),
        estimated.stream().mapToDouble(CalibrationPoint::truth).average().orElse(Double.NaN));
  }

  /** Whether a point's group was bootstrapped: not whole, and large enough. */
  static boolean bootstrapped(CalibrationPoint point) {
    return point.sampled() < point.population() && point.sampled() >= EstimateBasis.MIN_ITEMS;
  }

  /** The share of points whose interval holds the true error; NaN for none. */
  static double coverage(List<CalibrationPoint> points) {
    return points.stream().mapToDouble(p -> p.covered() ? 1 : 0).average().orElse(Double.NaN);
  }
}

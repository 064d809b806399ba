/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import org.boundarysql.estimate.BootstrapError;
import org.boundarysql.estimate.ErrorMetric;
import org.boundarysql.metric.CombinationScore;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** The query sets whose error the calibration estimates, with the SQL aggregate of each. */
enum CalibrationQuery {
  S1("TOPK_NEURONS_ERROR", "top-K precision", CombinationScore::topKPrecision),
  S2("AVG_ACTIVATION_ERROR", "cosine distance", CombinationScore::cosineDistance),
  S3("ARGMAX_DIST_ERROR", "Jensen-Shannon distance", CombinationScore::jensenShannonDistance);

  private final String aggregate;
  private final String metricName;
  private final ToDoubleFunction<CombinationScore> truth;

  CalibrationQuery(String aggregate, String metricName,
      ToDoubleFunction<CombinationScore> truth) {
    this.aggregate = aggregate;
    this.metricName = metricName;
    this.truth = truth;
  }

  /** The SQL aggregate that estimates this query set's error. */
  String aggregate() {
    return aggregate;
  }

  /** The metric's name. */
  String metricName() {
    return metricName;
  }

  /** The true error of a combination's sample answer. */
  double truth(CombinationScore score) {
    return truth.applyAsDouble(score);
  }

  /**
   * The nominal level of the estimates' intervals: one-sided, at (1 + level) / 2, for a
   * metric that states only its upper bound.
   */
  double level() {
    return metrics(1).get(ordinal()).upperBoundOnly() ? (1 + BootstrapError.LEVEL) / 2
        : BootstrapError.LEVEL;
  }

  /** The metrics of every query set, in this enum's order, with top-{@code k} for S1. */
  static List<ErrorMetric> metrics(int k) {
    return List.of(ErrorMetric.topKPrecision(k), ErrorMetric.COSINE_DISTANCE,
        ErrorMetric.JS_DISTANCE);
  }
}

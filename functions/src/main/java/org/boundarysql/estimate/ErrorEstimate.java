/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.estimate;

/**
 * The expected value of an error metric (top-k precision, cosine or Jensen–Shannon distance)
 * between a sample's answer and the full data's, and an interval that holds the metric with
 * probability {@code level} under the sampling design.
 */
public record ErrorEstimate(double expected, double low, double high, double level) {
  /** The estimate of an answer known to be exact: the metric is {@code value} for sure. */
  public static ErrorEstimate exact(double value, double level) {
    return new ErrorEstimate(value, value, value, level);
  }

  /** Returns whether {@code value} lies in the interval. */
  public boolean covers(double value) {
    return value >= low && value <= high;
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import org.boundarysql.estimate.ErrorEstimate;
import org.boundarysql.estimate.EstimateBasis;
import org.boundarysql.metric.Combination;
import org.boundarysql.sample.SamplingMethod;

/**
 * One combination of one sample in the calibration: what SQL would say of its error
 * ({@code basis}), the bootstrap's estimate for it as if the sample were random within the
 * group (given for every method, so that the refused ones can be shown to fail), and the true
 * error against the full data.
 */
record CalibrationPoint(SamplingMethod method, double fraction, long seed,
    Combination combination, CalibrationQuery query, int sampled, int population,
    EstimateBasis basis, ErrorEstimate estimate, double truth) {
  /** Returns whether the interval holds the true error. */
  boolean covered() {
    return estimate.covers(truth);
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.estimate.EstimateBasis;

/**
 * {@code ERROR_ESTIMATOR()}: what the group's error figures rest on: {@code exact} (the
 * answer read every item of the group), {@code bootstrap} (a random sample within the group)
 * or {@code none} (no honest estimate: the error aggregates return null).
 */
public final class ErrorEstimatorFunction {
  public SampledGroup init() {
    return new SampledGroup();
  }

  public SampledGroup add(SampledGroup group, long population, String design) {
    return group.add(population, design);
  }

  public String result(SampledGroup group) {
    EstimateBasis basis = group.basis();
    return basis == null ? null : basis.label();
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.estimate.ErrorMetric;

import java.util.List;

/**
 * {@code AVG_ACTIVATION_ERROR(activation)}: the expected cosine distance between the group's
 * {@code AVG_ACTIVATION(activation)} and the population's, and its interval:
 * {@code [expected, low, high]}.
 */
public final class AvgActivationErrorFunction {
  public SampledGroup init() {
    return new SampledGroup();
  }

  public SampledGroup add(SampledGroup group, List<?> activation, long population,
      String design) {
    return group.add("AVG_ACTIVATION_ERROR", activation, population, design);
  }

  public List<Double> result(SampledGroup group) {
    return group.estimate(ErrorMetric.COSINE_DISTANCE);
  }
}

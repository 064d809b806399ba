/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.estimate.ErrorMetric;

import java.util.List;

/**
 * {@code ARGMAX_DIST_ERROR(activation)}: the expected Jensen–Shannon distance between the
 * group's {@code ARGMAX_DIST(activation)} and the population's, and an upper bound:
 * {@code [expected, 0, high]} (see {@link ErrorMetric#JS_DISTANCE}).
 */
public final class ArgmaxDistErrorFunction {
  public SampledGroup init() {
    return new SampledGroup();
  }

  public SampledGroup add(SampledGroup group, List<?> activation, long population,
      String design) {
    return group.add("ARGMAX_DIST_ERROR", activation, population, design);
  }

  public List<Double> result(SampledGroup group) {
    return group.estimate(ErrorMetric.JS_DISTANCE);
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.estimate.ErrorMetric;

import java.util.List;

/**
 * {@code TOPK_NEURONS_ERROR(activation, k)}: the expected top-k precision of the group's
 * {@code TOPK_NEURONS(activation, k)} against the population's, and its interval:
 * {@code [expected, low, high]}.
 */
public final class TopKNeuronsErrorFunction {
  /** State of one group: the rows and k. */
  public static final class Group {
    private final SampledGroup rows = new SampledGroup();
    private int k;
  }

  public Group init() {
    return new Group();
  }

  public Group add(Group group, List<?> activation, int k, long population, String design) {
    if (activation != null) {
      TopKNeuronsFunction.checkK("TOPK_NEURONS_ERROR", k, activation.size());
    }
    group.k = k;
    group.rows.add("TOPK_NEURONS_ERROR", activation, population, design);
    return group;
  }

  public List<Double> result(Group group) {
    return group.rows.estimate(ErrorMetric.topKPrecision(group.k));
  }
}

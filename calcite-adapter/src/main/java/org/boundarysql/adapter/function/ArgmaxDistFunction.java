/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.kernel.ArgmaxDistribution;

import java.util.List;

/**
 * {@code ARGMAX_DIST(activation)}: for each neuron i, the share of the group's rows whose
 * largest activation is neuron i (ties to the lower index).
 */
public final class ArgmaxDistFunction {
  public RowAggregateState<ArgmaxDistribution> init() {
    return new RowAggregateState<>();
  }

  public RowAggregateState<ArgmaxDistribution> add(RowAggregateState<ArgmaxDistribution> state,
      List<?> activation) {
    return state.add("ARGMAX_DIST", activation, ArgmaxDistribution::new);
  }

  public List<Double> result(RowAggregateState<ArgmaxDistribution> state) {
    return state.kernel() == null ? null : Activations.list(state.kernel().shares());
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.kernel.ArgmaxDist;

import java.util.List;

/**
 * {@code ARGMAX_DIST(activation)}: for each neuron i, the share of the group's rows whose
 * largest activation is neuron i (ties to the lower index).
 */
public final class ArgmaxDistFunction {
  public RowAggregateState<ArgmaxDist> init() {
    return new RowAggregateState<>();
  }

  public RowAggregateState<ArgmaxDist> add(RowAggregateState<ArgmaxDist> state,
      List<?> activation) {
    return state.add("ARGMAX_DIST", activation, ArgmaxDist::new);
  }

  public List<Double> result(RowAggregateState<ArgmaxDist> state) {
    return state.kernel() == null ? null : Activations.list(state.kernel().shares());
  }
}

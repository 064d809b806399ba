/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.kernel.MeanActivation;

import java.util.List;

/** {@code AVG_ACTIVATION(activation)}: the element-wise mean activation of the group. */
public final class AvgActivationFunction {
  public RowAggregateState<MeanActivation> init() {
    return new RowAggregateState<>();
  }

  public RowAggregateState<MeanActivation> add(RowAggregateState<MeanActivation> state,
      List<?> activation) {
    return state.add("AVG_ACTIVATION", activation, MeanActivation::new);
  }

  public List<Double> result(RowAggregateState<MeanActivation> state) {
    return state.kernel() == null ? null : Activations.list(state.kernel().mean());
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.kernel.AvgActivation;

import java.util.List;

/** {@code AVG_ACTIVATION(activation)}: the element-wise mean activation of the group. */
public final class AvgActivationFunction {
  public RowAggregateState<AvgActivation> init() {
    return new RowAggregateState<>();
  }

  public RowAggregateState<AvgActivation> add(RowAggregateState<AvgActivation> state,
      List<?> activation) {
    return state.add("AVG_ACTIVATION", activation, AvgActivation::new);
  }

  public List<Double> result(RowAggregateState<AvgActivation> state) {
    return state.kernel() == null ? null : Activations.list(state.kernel().mean());
  }
}

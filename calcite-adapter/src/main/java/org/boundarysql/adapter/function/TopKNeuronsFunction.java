/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.kernel.TopKNeurons;

import java.util.List;

/**
 * {@code TOPK_NEURONS(activation, k)}: the k neurons with the highest mean activation over
 * the group, highest first, ties to the lower index (0-based).
 */
public final class TopKNeuronsFunction {
  public RowAggregateState<TopKNeurons> init() {
    return new RowAggregateState<>();
  }

  public RowAggregateState<TopKNeurons> add(RowAggregateState<TopKNeurons> state,
      List<?> activation, int k) {
    // The factory captures k, so it is made for the group's first row only.
    return state.add("TOPK_NEURONS", activation,
        state.started() ? null : width -> kernel(k, width));
  }

  static TopKNeurons kernel(int k, int width) {
    checkK("TOPK_NEURONS", k, width);
    return new TopKNeurons(k, width);
  }

  /** Refuses a k outside [1, width] for {@code function}. */
  static void checkK(String function, int k, int width) {
    if (k < 1 || k > width) {
      throw new IllegalArgumentException(function + ": k must be between 1 and the layer's "
          + width + " neurons, got " + k);
    }
  }

  public List<Integer> result(RowAggregateState<TopKNeurons> state) {
    return state.kernel() == null ? null : Activations.list(state.kernel().indices());
  }
}

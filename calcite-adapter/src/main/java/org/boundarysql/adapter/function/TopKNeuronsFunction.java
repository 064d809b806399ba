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
  /** State of one group. */
  public static final class Accumulator {
    private TopKNeurons kernel;
    private int k;
    private float[] row;
  }

  public Accumulator init() {
    return new Accumulator();
  }

  public Accumulator add(Accumulator accumulator, List<?> activation, int k) {
    if (activation == null) {
      return accumulator;
    }
    if (accumulator.kernel == null) {
      if (k < 1 || k > activation.size()) {
        throw new IllegalArgumentException("TOPK_NEURONS: k must be between 1 and the layer's "
            + activation.size() + " neurons, got " + k);
      }
      accumulator.kernel = new TopKNeurons(k, activation.size());
      accumulator.k = k;
    } else if (k != accumulator.k) {
      throw new IllegalArgumentException("TOPK_NEURONS: k must be the same for every row");
    }
    accumulator.row = Activations.read("TOPK_NEURONS", activation, accumulator.row);
    accumulator.kernel.add(accumulator.row);
    return accumulator;
  }

  public List<Integer> result(Accumulator accumulator) {
    return accumulator.kernel == null ? null : Activations.list(accumulator.kernel.indices());
  }
}

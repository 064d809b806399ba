/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.kernel.MeanActivation;

import java.util.List;

/** {@code AVG_ACTIVATION(activation)}: the element-wise mean activation of the group. */
public final class AvgActivationFunction {
  /** State of one group. */
  public static final class Accumulator {
    private MeanActivation kernel;
    private float[] row;
  }

  public Accumulator init() {
    return new Accumulator();
  }

  public Accumulator add(Accumulator accumulator, List<?> activation) {
    if (activation == null) {
      return accumulator;
    }
    if (accumulator.kernel == null) {
      accumulator.kernel = new MeanActivation(activation.size());
    }
    accumulator.row = Activations.read("AVG_ACTIVATION", activation, accumulator.row);
    accumulator.kernel.add(accumulator.row);
    return accumulator;
  }

  public List<Double> result(Accumulator accumulator) {
    return accumulator.kernel == null ? null : Activations.list(accumulator.kernel.mean());
  }
}

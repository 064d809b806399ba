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
  /** State of one group. */
  public static final class Accumulator {
    private ArgmaxDistribution kernel;
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
      accumulator.kernel = new ArgmaxDistribution(activation.size());
    }
    accumulator.row = Activations.read("ARGMAX_DIST", activation, accumulator.row);
    accumulator.kernel.add(accumulator.row);
    return accumulator;
  }

  public List<Double> result(Accumulator accumulator) {
    return accumulator.kernel == null ? null : Activations.list(accumulator.kernel.shares());
  }
}

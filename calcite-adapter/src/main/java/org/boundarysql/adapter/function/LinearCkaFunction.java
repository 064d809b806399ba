/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.kernel.GroupCka;

import java.util.List;

/**
 * {@code LINEAR_CKA(a, b)}: linear centered kernel alignment between two representations of
 * the same items (rows of the group), in [0, 1]; 1 means the same up to rotation and scale.
 * Computed by {@link GroupCka}, which picks the cheaper of two exact ways by group size.
 */
public final class LinearCkaFunction {
  /** State of one group. */
  public static final class Accumulator {
    private final GroupCka kernel = new GroupCka();
    private float[] a;
    private float[] b;
  }

  public Accumulator init() {
    return new Accumulator();
  }

  public Accumulator add(Accumulator accumulator, List<?> a, List<?> b) {
    if (a == null || b == null) {
      return accumulator;
    }
    accumulator.a = Activations.read("LINEAR_CKA", a, accumulator.a);
    accumulator.b = Activations.read("LINEAR_CKA", b, accumulator.b);
    try {
      accumulator.kernel.add(accumulator.a, accumulator.b);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("LINEAR_CKA: " + e.getMessage(), e);
    }
    return accumulator;
  }

  public Double result(Accumulator accumulator) {
    return accumulator.kernel.result();
  }
}

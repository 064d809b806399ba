/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.prepare;

import org.apache.calcite.linq4j.function.Strict;

/**
 * The functions behind {@link SignedZeros}, called by the code Calcite generates: a value with
 * -0.0 replaced by 0.0, every other value (NaN included) as it is.
 */
public final class PositiveZero {
  private PositiveZero() {
  }

  /** x, or 0.0 if x is -0.0. */
  @Strict
  public static double ofDouble(double x) {
    return x == 0 ? 0.0 : x;
  }

  /** x, or 0.0f if x is -0.0f. */
  @Strict
  public static float ofReal(float x) {
    return x == 0 ? 0.0f : x;
  }
}

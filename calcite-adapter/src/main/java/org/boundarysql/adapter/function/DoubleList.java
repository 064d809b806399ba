/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * A read-only {@code List<Double>} view of an aggregate's result, as SQL's operators take an
 * ARRAY value; JDBC copies it in bulk ({@link #copy}) rather than element by element.
 */
public final class DoubleList extends AbstractList<Double> implements RandomAccess {
  private final double[] values;

  DoubleList(double[] values) {
    this.values = values;
  }

  @Override public Double get(int index) {
    return values[index];
  }

  @Override public int size() {
    return values.length;
  }

  /** A new array holding the values from index {@code from} (included) to {@code to}. */
  public double[] copy(int from, int to) {
    return Arrays.copyOfRange(values, from, to);
  }
}

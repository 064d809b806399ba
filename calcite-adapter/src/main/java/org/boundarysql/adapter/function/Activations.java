/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.store.ActivationRow;

import java.util.ArrayList;
import java.util.List;

/** Reads SQL array values into primitive arrays for the kernels, and back. */
final class Activations {
  private Activations() {
  }

  /**
   * Copies an activation into {@code scratch} (reallocated only if too short) and returns it.
   * A stored activation is copied in bulk from the mapped file; any other list (an array built
   * in SQL, a parameter) element by element.
   */
  static float[] read(String function, List<?> activation, float[] scratch) {
    int width = activation.size();
    float[] row = scratch != null && scratch.length == width ? scratch : new float[width];
    if (activation instanceof ActivationRow stored) {
      stored.copyTo(row);
    } else {
      for (int i = 0; i < width; i++) {
        Object value = activation.get(i);
        if (value == null) {
          throw new IllegalArgumentException(function + ": array element " + i + " is null");
        }
        row[i] = ((Number) value).floatValue();
      }
    }
    return row;
  }

  /** Copies a list of numbers into a double array. */
  static double[] doubles(String function, List<?> values) {
    double[] result = new double[values.size()];
    for (int i = 0; i < result.length; i++) {
      Object value = values.get(i);
      if (value == null) {
        throw new IllegalArgumentException(function + ": array element " + i + " is null");
      }
      result[i] = ((Number) value).doubleValue();
    }
    return result;
  }

  /** Copies a list of numbers into an int array. */
  static int[] ints(String function, List<?> values) {
    int[] result = new int[values.size()];
    for (int i = 0; i < result.length; i++) {
      Object value = values.get(i);
      if (value == null) {
        throw new IllegalArgumentException(function + ": array element " + i + " is null");
      }
      result[i] = ((Number) value).intValue();
    }
    return result;
  }

  /** A read-only list view of an aggregate's result (see {@link DoubleList}). */
  static List<Double> list(double[] values) {
    return new DoubleList(values);
  }

  static List<Integer> list(int[] values) {
    List<Integer> list = new ArrayList<>(values.length);
    for (int v : values) {
      list.add(v);
    }
    return list;
  }
}

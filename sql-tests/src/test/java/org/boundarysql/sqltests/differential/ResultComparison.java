/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Compares two results, in order or as multisets of rows. Exact numbers must be equal; a
 * DOUBLE may differ by a relative 1e-6 (engines add in different orders), a REAL (float32,
 * which BoundarySQL also sums in float32) by 1e-5; both relative to magnitudes of at least 1.
 */
final class ResultComparison {
  private static final double DOUBLE_TOLERANCE = 1e-6;
  private static final double FLOAT_TOLERANCE = 1e-5;

  /** Orders values of one column: nulls first, then numbers, strings, booleans, lists. */
  private static final Comparator<Object> VALUES = ResultComparison::compareValues;
  private static final Comparator<List<Object>> ROWS = (a, b) -> {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = VALUES.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  };

  private ResultComparison() {
  }

  /** How {@code actual} differs from {@code expected}, or null if it does not. */
  static String difference(ResultTable expected, ResultTable actual, boolean ordered) {
    if (expected.size() != actual.size()) {
      return expected.size() + " rows expected, " + actual.size() + " returned";
    }
    List<List<Object>> e = expected.rows();
    List<List<Object>> a = actual.rows();
    String inOrder = pairwise(e, a);
    if (inOrder == null || ordered) {
      return inOrder == null ? null : "in order, " + inOrder;
    }
    List<List<Object>> sortedExpected = new ArrayList<>(e);
    List<List<Object>> sortedActual = new ArrayList<>(a);
    sortedExpected.sort(ROWS);
    sortedActual.sort(ROWS);
    if (pairwise(sortedExpected, sortedActual) == null) {
      return null;
    }
    // Values equal within the tolerance may sort differently: match row by row.
    List<List<Object>> unmatched = new ArrayList<>(sortedActual);
    for (List<Object> row : sortedExpected) {
      int match = -1;
      for (int i = 0; i < unmatched.size() && match < 0; i++) {
        match = same(row, unmatched.get(i)) ? i : -1;
      }
      if (match < 0) {
        return "no row returned matches expected row " + ResultTable.show(row);
      }
      unmatched.remove(match);
    }
    return null;
  }

  private static String pairwise(List<List<Object>> expected, List<List<Object>> actual) {
    for (int i = 0; i < expected.size(); i++) {
      if (!same(expected.get(i), actual.get(i))) {
        return "row " + (i + 1) + ": expected " + ResultTable.show(expected.get(i))
            + ", returned " + ResultTable.show(actual.get(i));
      }
    }
    return null;
  }

  private static boolean same(List<Object> expected, List<Object> actual) {
    if (expected.size() != actual.size()) {
      return false;
    }
    for (int i = 0; i < expected.size(); i++) {
      if (!same(expected.get(i), actual.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether two values are the same, numbers within the tolerance of their types. */
  static boolean same(Object expected, Object actual) {
    if (expected == null || actual == null) {
      return expected == actual;
    }
    if (expected instanceof BigDecimal e && actual instanceof BigDecimal a) {
      return e.compareTo(a) == 0;
    }
    if (expected instanceof Number e && actual instanceof Number a) {
      return close(e.doubleValue(), a.doubleValue(),
          e instanceof Float || a instanceof Float ? FLOAT_TOLERANCE : DOUBLE_TOLERANCE);
    }
    if (expected instanceof List<?> e && actual instanceof List<?> a) {
      @SuppressWarnings("unchecked")
      boolean same = same((List<Object>) e, (List<Object>) a);
      return same;
    }
    return expected.equals(actual);
  }

  /** Whether two numbers differ by at most {@code tolerance} times the larger, or than 1. */
  static boolean close(double expected, double actual, double tolerance) {
    if (Double.isNaN(expected) || Double.isNaN(actual)) {
      return Double.isNaN(expected) && Double.isNaN(actual);
    }
    return Math.abs(expected - actual)
        <= tolerance * Math.max(1, Math.max(Math.abs(expected), Math.abs(actual)));
  }

  private static int compareValues(Object a, Object b) {
    int rank = Integer.compare(rank(a), rank(b));
    if (rank != 0 || a == null) {
      return rank;
    }
    if (a instanceof Number x) {
      return Double.compare(x.doubleValue(), ((Number) b).doubleValue());
    }
    if (a instanceof List<?> x) {
      @SuppressWarnings("unchecked")
      int c = ROWS.compare((List<Object>) x, (List<Object>) b);
      return c;
    }
    return a instanceof Boolean x ? Boolean.compare(x, (Boolean) b)
        : a.toString().compareTo(b.toString());
  }

  private static int rank(Object value) {
    return value == null ? 0 : value instanceof Number ? 1 : value instanceof String ? 2
        : value instanceof Boolean ? 3 : 4;
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Asserts that two answers ({@link JdbcRows}) agree: the same rows, integers and strings
 * equal, real numbers (and the elements of arrays, and the float32 values of binary
 * activations) within a tolerance.
 */
public final class CloseRows {
  private CloseRows() {
  }

  /** Fails unless {@code actual} agrees with {@code expected} within {@code tolerance}. */
  public static void assertClose(List<List<Object>> expected, List<List<Object>> actual,
      double tolerance, String what) {
    assertEquals(expected.size(), actual.size(), what + ": rows");
    for (int r = 0; r < expected.size(); r++) {
      assertEquals(expected.get(r).size(), actual.get(r).size(), what);
      for (int c = 0; c < expected.get(r).size(); c++) {
        assertValueClose(expected.get(r).get(c), actual.get(r).get(c), tolerance,
            what + " row " + r + " column " + c);
      }
    }
  }

  private static void assertValueClose(Object expected, Object actual, double tolerance,
      String what) {
    if (expected instanceof byte[] bytes) {
      assertInstanceOf(byte[].class, actual, what);
      assertValueClose(floats(bytes), floats((byte[]) actual), tolerance, what);
    } else if (expected instanceof List<?> list) {
      assertInstanceOf(List.class, actual, what);
      List<?> other = (List<?>) actual;
      assertEquals(list.size(), other.size(), what);
      for (int i = 0; i < list.size(); i++) {
        assertValueClose(list.get(i), other.get(i), tolerance, what + "[" + i + "]");
      }
    } else if (expected instanceof Double || expected instanceof Float) {
      assertEquals(((Number) expected).doubleValue(), ((Number) actual).doubleValue(),
          tolerance, what);
    } else if (expected instanceof Number number) {
      assertEquals(number.longValue(), ((Number) actual).longValue(), what);
    } else {
      assertEquals(expected, actual, what);
    }
  }

  private static List<Object> floats(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    return IntStream.range(0, bytes.length / 4).mapToObj(i -> (Object) buffer.getFloat(i * 4))
        .toList();
  }
}

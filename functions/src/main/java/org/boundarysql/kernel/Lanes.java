/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

import java.nio.ByteBuffer;

/**
 * The element-wise loops the kernels spend their time in. They run on the incubating Vector API
 * when the JVM was started with {@code --add-modules jdk.incubator.vector} (as {@code ./boundary}
 * and the tests do), and as plain loops otherwise (a JDBC driver jar in a BI tool, say): Java
 * 17's compiler does not vectorise a loop that widens floats to doubles by itself.
 */
public final class Lanes {
  private static final LaneLoops LOOPS = load();

  private Lanes() {
  }

  /** Adds {@code row} to {@code sums} element by element; {@code sums} is as long as the row. */
  public static void addTo(double[] sums, float[] row) {
    LOOPS.addTo(sums, row);
  }

  /**
   * Adds every row of {@code rows} to {@code sums} element by element, in order: the same sums
   * as {@link #addTo} row by row; {@code sums} is as long as a row.
   */
  public static void addRows(double[] sums, StoredRows rows) {
    LOOPS.addRows(sums, rows);
  }

  /** Adds {@code weight} times {@code row} to {@code sums} element by element. */
  public static void addScaled(double[] sums, double weight, float[] row) {
    LOOPS.addScaled(sums, weight, row);
  }

  /**
   * Sums the floats in bytes {@code [from, to)} of {@code bytes} (in the buffer's byte order;
   * the range holds whole floats): a streaming read, the machine's floor for a scan.
   */
  public static double sum(ByteBuffer bytes, int from, int to) {
    return LOOPS.sum(bytes, from, to);
  }

  /** Whether the loops run on the Vector API. */
  public static boolean vectorised() {
    return LOOPS instanceof VectorLoops;
  }

  private static LaneLoops load() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      try {
        return new VectorLoops();
      } catch (LinkageError e) {
        return new ScalarLoops();
      }
    }
    return new ScalarLoops();
  }
}

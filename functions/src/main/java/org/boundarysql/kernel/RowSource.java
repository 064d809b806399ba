/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

import java.util.Arrays;
import java.util.function.Consumer;

/** Random access to the rows of one layer: a fixed number of rows of fixed width. */
public interface RowSource {
  /** Returns the number of rows. */
  int rows();

  /** Returns the number of values in each row. */
  int width();

  /** Copies row {@code row} into the first {@link #width()} slots of {@code dst}. */
  void read(int row, float[] dst);

  /** Receives the rows of {@link #forEach}. */
  @FunctionalInterface
  interface RowVisitor {
    /** Takes row {@code rows[position]}; {@code values} is reused for the next row. */
    void visit(int position, float[] values);
  }

  /**
   * Visits rows {@code rows[from..to)} (ascending) in that order; a source may read them in
   * bulk rather than one by one.
   */
  default void forEach(int[] rows, int from, int to, RowVisitor visitor) {
    float[] values = new float[width()];
    for (int i = from; i < to; i++) {
      read(rows[i], values);
      visitor.visit(i, values);
    }
  }

  /** Whether this source keeps its rows as float32 that {@link #forEachStored} reads in place. */
  default boolean storesRows() {
    return false;
  }

  /**
   * Visits rows {@code [from, to)} in order as this source stores them, in one or more runs;
   * only for a source that {@link #storesRows()}.
   */
  default void forEachStored(int from, int to, Consumer<StoredRows> visitor) {
    throw new UnsupportedOperationException(this + " does not store its rows as float32");
  }

  /** Returns a source over in-memory rows, which must all have the same length. */
  static RowSource of(float[][] rows) {
    int width = rows.length == 0 ? 0 : rows[0].length;
    for (float[] row : rows) {
      if (row.length != width) {
        throw new IllegalArgumentException(
            "rows have different widths: " + width + " and " + row.length);
      }
    }
    return new RowSource() {
      @Override public int rows() {
        return rows.length;
      }

      @Override public int width() {
        return width;
      }

      @Override public void read(int row, float[] dst) {
        System.arraycopy(rows[row], 0, dst, 0, width);
      }

      @Override public String toString() {
        return "RowSource" + Arrays.asList(rows.length, width);
      }
    };
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.function.Consumer;

/**
 * Consecutive rows of one width as a source stores them: float32 values one row after another
 * in a buffer (in the buffer's byte order), read in place rather than copied out row by row.
 */
public final class StoredRows {
  private final ByteBuffer bytes;
  private final int start;
  private final int count;
  private final int width;

  /**
   * The {@code count} rows of {@code width} floats whose first value is float {@code start}
   * of {@code bytes}.
   */
  public StoredRows(ByteBuffer bytes, int start, int count, int width) {
    if (start < 0 || count < 0 || width < 0
        || ((long) start + (long) count * width) * Float.BYTES > bytes.limit()) {
      throw new IndexOutOfBoundsException(count + " rows of " + width + " floats from float "
          + start + " exceed " + bytes.limit() + " bytes");
    }
    this.bytes = bytes;
    this.start = start;
    this.count = count;
    this.width = width;
  }

  /** Number of rows. */
  public int count() {
    return count;
  }

  /** Number of values in each row. */
  public int width() {
    return width;
  }

  /** The buffer the rows are stored in. */
  ByteBuffer bytes() {
    return bytes;
  }

  /** Where row {@code row} starts in {@link #bytes()}, in bytes. */
  int offset(int row) {
    return (start + row * width) * Float.BYTES;
  }

  /** Visits every row in order as a {@code float[]} that is reused for the next row. */
  public void forEach(Consumer<float[]> visitor) {
    float[] row = new float[width];
    FloatBuffer floats = bytes.slice(0, bytes.limit()).order(bytes.order()).asFloatBuffer();
    for (int r = 0; r < count; r++) {
      floats.get(start + r * width, row, 0, width);
      visitor.accept(row);
    }
  }
}

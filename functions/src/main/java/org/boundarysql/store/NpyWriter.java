/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a little-endian float32 C-order {@code .npy} file row by row. */
public final class NpyWriter implements AutoCloseable {
  private final Path file;
  private final OutputStream out;
  private final long rows;
  private final int width;
  private final ByteBuffer rowBytes;
  private long written;

  /** Creates the file for {@code rows} rows of the given per-row shape. */
  public NpyWriter(Path file, long rows, int[] rowShape) throws IOException {
    this.file = file;
    this.rows = rows;
    this.width = new LayerSpec("", rowShape).width();
    this.rowBytes = ByteBuffer.allocate(width * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    out.write(header(rows, rowShape));
  }

  /** The bytes of the header of a float32 file of {@code rows} rows of the given shape. */
  static byte[] header(long rows, int[] rowShape) {
    long[] shape = new long[rowShape.length + 1];
    shape[0] = rows;
    for (int i = 0; i < rowShape.length; i++) {
      shape[i + 1] = rowShape[i];
    }
    return NpyHeader.bytes(NpyDtype.FLOAT32, shape);
  }

  /** Appends one row of exactly the row width. */
  public void writeRow(float[] row) throws IOException {
    if (row.length != width) {
      throw new IllegalArgumentException(file + ": row of " + row.length + " values, expected "
          + width);
    }
    if (written == rows) {
      throw new IllegalStateException(file + ": more than the declared " + rows + " rows");
    }
    rowBytes.clear();
    rowBytes.asFloatBuffer().put(row);
    out.write(rowBytes.array());
    written++;
  }

  @Override public void close() throws IOException {
    out.close();
    if (written != rows) {
      throw new IllegalStateException(file + ": " + written + " rows written, " + rows
          + " declared");
    }
  }
}

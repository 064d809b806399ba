/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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

  /** The bytes of a version 1.0 header, padded so that data starts at a multiple of 64. */
  static byte[] header(long rows, int[] rowShape) {
    StringBuilder shape = new StringBuilder("(").append(rows).append(',');
    for (int i = 0; i < rowShape.length; i++) {
      shape.append(i == 0 ? " " : ", ").append(rowShape[i]);
    }
    shape.append(')');
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
    int unpadded = NpyHeader.MAGIC.length + 4 + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String text = dict + " ".repeat(padding) + "\n";
    ByteBuffer header = ByteBuffer.allocate(NpyHeader.MAGIC.length + 4 + text.length())
        .order(ByteOrder.LITTLE_ENDIAN);
    header.put(NpyHeader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length())
        .put(text.getBytes(StandardCharsets.ISO_8859_1));
    return header.array();
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

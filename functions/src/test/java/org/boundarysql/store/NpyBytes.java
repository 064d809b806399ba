/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@code .npy} files byte by byte for tests, independently of {@link NpyWriter}. */
final class NpyBytes {
  private NpyBytes() {
  }

  /** A file with the given header dictionary and values, in format version {@code major}. */
  static void write(Path file, int major, String dict, ByteOrder order, boolean float64,
      double[] values) throws IOException {
    int prefix = major == 1 ? 10 : 12;
    String text = dict;
    while ((prefix + text.length() + 1) % 64 != 0) {
      text += " ";
    }
    text += "\n";
    int elementBytes = float64 ? 8 : 4;
    ByteBuffer buffer = ByteBuffer.allocate(prefix + text.length() + values.length * elementBytes);
    buffer.order(ByteOrder.LITTLE_ENDIAN);
    buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII))
        .put((byte) major).put((byte) 0);
    if (major == 1) {
      buffer.putShort((short) text.length());
    } else {
      buffer.putInt(text.length());
    }
    buffer.put(text.getBytes(StandardCharsets.US_ASCII));
    buffer.order(order);
    for (double v : values) {
      if (float64) {
        buffer.putDouble(v);
      } else {
        buffer.putFloat((float) v);
      }
    }
    Files.write(file, buffer.array());
  }

  /** A standard float array file: {@code rows × width} values {@code value(r, c)}. */
  static double[] write(Path file, String descr, int rows, int... rowShape) throws IOException {
    int width = 1;
    StringBuilder shape = new StringBuilder("(" + rows + ",");
    for (int d : rowShape) {
      width *= d;
      shape.append(' ').append(d).append(',');
    }
    shape.append(')');
    double[] values = new double[rows * width];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < width; c++) {
        values[r * width + c] = value(r, c);
      }
    }
    write(file, 1, "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }",
        descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
        descr.endsWith("8"), values);
    return values;
  }

  /** The value tests put at row r, column c: distinct, exactly representable as float. */
  static double value(int r, int c) {
    return r * 1000 + c + 0.25 * ((r + c) % 4) - (c % 3 == 0 ? 500 : 0);
  }
}

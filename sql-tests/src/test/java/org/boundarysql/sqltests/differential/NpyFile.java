/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a NumPy {@code .npy} file of float32 or float64 values in C order, of either byte
 * order, as one row of floats per item: this package's own reader, independent of
 * BoundarySQL's.
 */
final class NpyFile {
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>])f([48])'");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\((\\d+),([^)]*)\\)");

  private NpyFile() {
  }

  /** The rows of the file, each the flattened values of one item. */
  static float[][] read(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int version = bytes.get(6);
    int headerLength = version == 1 ? Short.toUnsignedInt(bytes.getShort(8)) : bytes.getInt(8);
    int dataStart = (version == 1 ? 10 : 12) + headerLength;
    String header = new String(bytes.array(), dataStart - headerLength, headerLength,
        StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(header);
    Matcher shape = SHAPE.matcher(header);
    if (!descr.find() || !shape.find() || header.contains("'fortran_order': True")) {
      throw new IOException(file + ": not a C-order float32 or float64 array: " + header);
    }
    int rows = Integer.parseInt(shape.group(1));
    int width = 1;
    for (String d : shape.group(2).split(",")) {
      width *= d.isBlank() ? 1 : Integer.parseInt(d.trim());
    }
    bytes.order(descr.group(1).equals("<") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    boolean doubles = descr.group(2).equals("8");
    bytes.position(dataStart);
    float[][] values = new float[rows][width];
    for (float[] row : values) {
      for (int i = 0; i < width; i++) {
        row[i] = doubles ? (float) bytes.getDouble() : bytes.getFloat();
      }
    }
    return values;
  }
}

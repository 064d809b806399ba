/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Header of a NumPy {@code .npy} file (format versions 1, 2 and 3) holding a C-order array of
 * float32 or float64 values in either byte order.
 */
public record NpyHeader(ByteOrder byteOrder, int elementBytes, long[] shape, long dataOffset) {
  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  public NpyHeader {
    shape = shape.clone();
  }

  @Override public long[] shape() {
    return shape.clone();
  }

  /** Number of rows, the first dimension. */
  public long rows() {
    return shape[0];
  }

  /** Number of values per row, the product of the other dimensions. */
  public long rowValues() {
    long n = 1;
    for (int i = 1; i < shape.length; i++) {
      n *= shape[i];
    }
    return n;
  }

  /** Whether values are 8-byte doubles rather than 4-byte floats. */
  public boolean isFloat64() {
    return elementBytes == 8;
  }

  /** Reads and validates the header of an open file. */
  public static NpyHeader read(Path file, FileChannel channel) throws IOException {
    ByteBuffer prefix = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    channel.read(prefix, 0);
    prefix.flip();
    if (prefix.remaining() < 10) {
      throw new StoreFormatException(file, "too short to be a .npy file");
    }
    for (byte b : MAGIC) {
      if (prefix.get() != b) {
        throw new StoreFormatException(file, "bad magic: not a NumPy .npy file");
      }
    }
    int major = prefix.get();
    prefix.get(); // minor version carries no meaning here
    long headerLength;
    int headerStart;
    if (major == 1) {
      headerLength = Short.toUnsignedInt(prefix.getShort());
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      if (prefix.remaining() < 4) {
        throw new StoreFormatException(file, "truncated .npy header");
      }
      headerLength = Integer.toUnsignedLong(prefix.getInt());
      headerStart = 12;
    } else {
      throw new StoreFormatException(file, "unsupported .npy format version " + major);
    }
    if (headerLength > 1 << 20 || headerStart + headerLength > channel.size()) {
      throw new StoreFormatException(file, "truncated .npy header");
    }
    ByteBuffer text = ByteBuffer.allocate((int) headerLength);
    channel.read(text, headerStart);
    String dict = new String(text.array(), 0, text.position(),
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    return parse(file, dict, headerStart + headerLength);
  }

  private static NpyHeader parse(Path file, String dict, long dataOffset) {
    Matcher descr = DESCR.matcher(dict);
    Matcher fortran = FORTRAN.matcher(dict);
    Matcher shape = SHAPE.matcher(dict);
    if (!dict.trim().startsWith("{") || !descr.find() || !fortran.find() || !shape.find()) {
      throw new StoreFormatException(file, "unparsable .npy header: " + dict.trim());
    }
    if (fortran.group(1).equals("True")) {
      throw new StoreFormatException(file,
          "Fortran-order arrays are not supported; save with numpy.ascontiguousarray");
    }
    String dtype = descr.group(1);
    ByteOrder order;
    switch (dtype.isEmpty() ? ' ' : dtype.charAt(0)) {
    case '<' -> order = ByteOrder.LITTLE_ENDIAN;
    case '>' -> order = ByteOrder.BIG_ENDIAN;
    default -> throw unsupported(file, dtype);
    }
    int elementBytes = switch (dtype.substring(1)) {
    case "f4" -> 4;
    case "f8" -> 8;
    default -> throw unsupported(file, dtype);
    };
    long[] dims = Arrays.stream(shape.group(1).split(","))
        .map(String::trim).filter(s -> !s.isEmpty())
        .mapToLong(s -> {
          try {
            return Long.parseLong(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
          } catch (NumberFormatException e) {
            throw new StoreFormatException(file, "unparsable shape (" + shape.group(1) + ")");
          }
        }).toArray();
    if (dims.length < 2) {
      throw new StoreFormatException(file, "shape (" + shape.group(1)
          + ") has fewer than 2 dimensions; expected [items, neurons...]");
    }
    return new NpyHeader(order, elementBytes, dims, dataOffset);
  }

  private static StoreFormatException unsupported(Path file, String dtype) {
    return new StoreFormatException(file, "unsupported dtype '" + dtype
        + "'; expected float32 or float64 ('<f4', '>f4', '<f8', '>f8')");
  }
}

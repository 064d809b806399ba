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
 * one of the {@link NpyDtype}s in either byte order; read for layers and model inputs alike,
 * and written for the files this project writes.
 */
public record NpyHeader(ByteOrder byteOrder, NpyDtype dtype, long[] shape, long dataOffset) {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

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

  /** The shape of one row: every dimension but the first. */
  public long[] rowShape() {
    return Arrays.copyOfRange(shape, 1, shape.length);
  }

  /** Number of values per row, the product of the other dimensions. */
  public long rowValues() {
    long n = 1;
    for (int i = 1; i < shape.length; i++) {
      n *= shape[i];
    }
    return n;
  }

  /** Bytes the header says the whole file has. */
  public long fileBytes() {
    return dataOffset + rows() * rowValues() * dtype.bytes();
  }

  /** Reads and validates the header of an open file: an array of at least one dimension. */
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
    String code = descr.group(1);
    ByteOrder order = switch (code.isEmpty() ? ' ' : code.charAt(0)) {
    case '<', '|' -> ByteOrder.LITTLE_ENDIAN;
    case '>' -> ByteOrder.BIG_ENDIAN;
    default -> throw unsupported(file, code);
    };
    NpyDtype dtype = NpyDtype.ofCode(code.substring(1));
    if (dtype == null) {
      throw unsupported(file, code);
    }
    long[] dims = Arrays.stream(shape.group(1).split(","))
        .map(String::trim).filter(s -> !s.isEmpty())
        .mapToLong(s -> {
          try {
            return Long.parseLong(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
          } catch (NumberFormatException e) {
            throw new StoreFormatException(file, "unparsable shape (" + shape.group(1) + ")");
          }
        }).toArray();
    if (dims.length == 0) {
      throw new StoreFormatException(file, "a scalar, not an array of items");
    }
    return new NpyHeader(order, dtype, dims, dataOffset);
  }

  private static StoreFormatException unsupported(Path file, String code) {
    return new StoreFormatException(file, "unsupported dtype '" + code
        + "'; expected one of uint8, int32, int64, float32, float64");
  }

  /**
   * The bytes of a version 1.0 header of a little-endian C-order array, padded so that the
   * data starts at a multiple of 64.
   */
  public static byte[] bytes(NpyDtype dtype, long[] shape) {
    StringBuilder dims = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      dims.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    dims.append(shape.length == 1 ? ",)" : ")");
    String dict = "{'descr': '" + dtype.descr(ByteOrder.LITTLE_ENDIAN)
        + "', 'fortran_order': False, 'shape': " + dims + ", }";
    int unpadded = MAGIC.length + 4 + dict.length() + 1;
    String text = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    return ByteBuffer.allocate(MAGIC.length + 4 + text.length()).order(ByteOrder.LITTLE_ENDIAN)
        .put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length())
        .put(text.getBytes(StandardCharsets.ISO_8859_1)).array();
  }
}

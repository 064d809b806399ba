/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NumPy {@code .npy} file of model inputs or labels, of any of the numeric types a data
 * pipeline writes (uint8, int32, int64, float32, float64), read row by row as float32 values.
 */
public final class NpyArray implements AutoCloseable {
  /** The element types read, with their {@code descr} code without byte order. */
  public enum Dtype {
    UINT8("u1", 1), INT32("i4", 4), INT64("i8", 8), FLOAT32("f4", 4), FLOAT64("f8", 8);

    private final String code;
    private final int bytes;

    Dtype(String code, int bytes) {
      this.code = code;
      this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
      return bytes;
    }

    /** The {@code descr} of this type, little-endian. */
    public String descr() {
      return (bytes == 1 ? "|" : "<") + code;
    }

    /** Whether values are integers. */
    public boolean isInteger() {
      return this == UINT8 || this == INT32 || this == INT64;
    }

    @Override public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-z]\\d)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*True");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private final Path file;
  private final FileChannel channel;
  private final Dtype dtype;
  private final ByteOrder order;
  private final long[] shape;
  private final long dataOffset;
  private final int rowValues;
  private ByteBuffer scratch = ByteBuffer.allocate(0);

  private NpyArray(Path file, FileChannel channel, Dtype dtype, ByteOrder order, long[] shape,
      long dataOffset) {
    this.file = file;
    this.channel = channel;
    this.dtype = dtype;
    this.order = order;
    this.shape = shape;
    this.dataOffset = dataOffset;
    long values = 1;
    for (int i = 1; i < shape.length; i++) {
      values *= shape[i];
    }
    this.rowValues = Math.toIntExact(values);
  }

  /** Opens a file and reads its header; a bad file is an error naming it. */
  public static NpyArray open(Path file) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    }
    try {
      ByteBuffer prefix = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      channel.read(prefix, 0);
      prefix.flip();
      byte[] magic = new byte[Math.min(MAGIC.length, prefix.remaining())];
      prefix.get(magic);
      if (prefix.remaining() < 4 || !Arrays.equals(magic, MAGIC)) {
        throw bad(file, "not a NumPy .npy file");
      }
      int major = prefix.get();
      prefix.get();
      int length = major == 1 ? Short.toUnsignedInt(prefix.getShort()) : prefix.getInt();
      int start = major == 1 ? 10 : 12;
      ByteBuffer text = ByteBuffer.allocate(length);
      channel.read(text, start);
      String header = new String(text.array(), StandardCharsets.ISO_8859_1);
      Matcher descr = DESCR.matcher(header);
      Matcher shape = SHAPE.matcher(header);
      if (!descr.find() || !shape.find()) {
        throw bad(file, "unsupported .npy header " + header.strip()
            + "; expected a numeric dtype (uint8, int32, int64, float32, float64)");
      }
      if (FORTRAN.matcher(header).find()) {
        throw bad(file, "Fortran-order array; save it with numpy.ascontiguousarray");
      }
      Dtype dtype = Arrays.stream(Dtype.values()).filter(d -> d.code.equals(descr.group(2)))
          .findFirst().orElseThrow(() -> bad(file, "dtype '" + descr.group(1) + descr.group(2)
              + "' is not one of uint8, int32, int64, float32, float64"));
      long[] dims = Arrays.stream(shape.group(1).split(",")).map(String::strip)
          .filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
      if (dims.length == 0) {
        throw bad(file, "a scalar, not an array of items");
      }
      NpyArray array = new NpyArray(file, channel, dtype, descr.group(1).equals(">")
          ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, dims, start + length);
      long expected = array.dataOffset + dims[0] * array.rowValues * dtype.bytes;
      if (channel.size() != expected) {
        throw bad(file, channel.size() + " bytes, but its header " + Arrays.toString(dims)
            + " " + dtype + " needs " + expected);
      }
      return array;
    } catch (RuntimeException | IOException e) {
      channel.close();
      throw e;
    }
  }

  private static IllegalArgumentException bad(Path file, String problem) {
    return new IllegalArgumentException(file + ": " + problem);
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** The element type. */
  public Dtype dtype() {
    return dtype;
  }

  /** Number of rows (items), the first dimension. */
  public long rows() {
    return shape[0];
  }

  /** The shape of one row: every dimension but the first. */
  public long[] rowShape() {
    return Arrays.copyOfRange(shape, 1, shape.length);
  }

  /** Values per row. */
  public int rowValues() {
    return rowValues;
  }

  /** Reads {@code count} rows from {@code first} on into {@code target} from {@code offset}. */
  public void read(long first, int count, float[] target, int offset) throws IOException {
    int values = count * rowValues;
    int bytes = values * dtype.bytes;
    if (scratch.capacity() < bytes) {
      scratch = ByteBuffer.allocate(bytes);
    }
    scratch.clear().limit(bytes);
    long position = dataOffset + first * rowValues * dtype.bytes;
    while (scratch.hasRemaining()) {
      if (channel.read(scratch, position + scratch.position()) < 0) {
        throw bad(file, "ends before row " + (first + count));
      }
    }
    scratch.flip().order(order);
    switch (dtype) {
      case UINT8 -> {
        for (int i = 0; i < values; i++) {
          target[offset + i] = scratch.get(i) & 0xff;
        }
      }
      case INT32 -> {
        for (int i = 0; i < values; i++) {
          target[offset + i] = scratch.getInt(i * 4);
        }
      }
      case INT64 -> {
        for (int i = 0; i < values; i++) {
          target[offset + i] = scratch.getLong(i * 8);
        }
      }
      case FLOAT32 -> scratch.asFloatBuffer().get(target, offset, values);
      case FLOAT64 -> {
        for (int i = 0; i < values; i++) {
          target[offset + i] = (float) scratch.getDouble(i * 8);
        }
      }
    }
  }

  @Override public void close() throws IOException {
    channel.close();
  }

  /** Writes a C-order little-endian array: {@code data} holds the values in {@code dtype}. */
  public static void write(Path file, Dtype dtype, long[] shape, ByteBuffer data)
      throws IOException {
    StringBuilder dims = new StringBuilder();
    for (long d : shape) {
      dims.append(d).append(", ");
    }
    String dict = "{'descr': '" + dtype.descr() + "', 'fortran_order': False, 'shape': ("
        + (shape.length == 1 ? dims.toString().strip() : dims.substring(0, dims.length() - 2))
        + "), }";
    int padding = 63 - (MAGIC.length + 4 + dict.length()) % 64;
    byte[] text = (dict + " ".repeat(padding) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer header = ByteBuffer.allocate(MAGIC.length + 4 + text.length)
        .order(ByteOrder.LITTLE_ENDIAN).put(MAGIC).put((byte) 1).put((byte) 0)
        .putShort((short) text.length).put(text);
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      out.write(header.flip());
      ByteBuffer body = data.duplicate();
      while (body.hasRemaining()) {
        out.write(body);
      }
    }
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.store.NpyDtype;
import org.boundarysql.store.NpyHeader;
import org.boundarysql.store.StoreFormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A NumPy {@code .npy} file of model inputs or labels, of any of the numeric types a data
 * pipeline writes ({@link NpyDtype}), read row by row as float32 values, or, for integers,
 * exactly.
 */
public final class NpyArray implements InputArray, AutoCloseable {
  private final Path file;
  private final FileChannel channel;
  private final NpyHeader header;
  private final int rowValues;
  private ByteBuffer scratch = ByteBuffer.allocate(0);

  private NpyArray(Path file, FileChannel channel, NpyHeader header) {
    this.file = file;
    this.channel = channel;
    this.header = header;
    this.rowValues = Math.toIntExact(header.rowValues());
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
      NpyHeader header = NpyHeader.read(file, channel);
      if (channel.size() != header.fileBytes()) {
        throw new IllegalArgumentException(file + ": " + channel.size() + " bytes, but its header "
            + Arrays.toString(header.shape()) + " " + header.dtype() + " needs "
            + header.fileBytes());
      }
      return new NpyArray(file, channel, header);
    } catch (StoreFormatException e) {
      channel.close();
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (RuntimeException | IOException e) {
      channel.close();
      throw e;
    }
  }

  /** The file. */
  @Override public Path file() {
    return file;
  }

  /** The header: element type, byte order, shape, where the data starts. */
  public NpyHeader header() {
    return header;
  }

  /** The element type. */
  @Override public NpyDtype dtype() {
    return header.dtype();
  }

  /** Number of rows (items), the first dimension. */
  @Override public long rows() {
    return header.rows();
  }

  /** The shape of one row: every dimension but the first. */
  @Override public long[] rowShape() {
    return header.rowShape();
  }

  /** Values per row. */
  @Override public int rowValues() {
    return rowValues;
  }

  /** Reads {@code count} rows from {@code first} on into {@code target} from {@code offset}. */
  @Override public void read(long first, int count, float[] target, int offset)
      throws IOException {
    int values = readBytes(first, count);
    switch (header.dtype()) {
      case UINT8, BOOL -> {
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

  @Override public void readIntegers(long first, int count, long[] target, int offset)
      throws IOException {
    int values = readBytes(first, count);
    switch (header.dtype()) {
      case UINT8, BOOL -> {
        for (int i = 0; i < values; i++) {
          target[offset + i] = scratch.get(i) & 0xff;
        }
      }
      case INT32 -> {
        for (int i = 0; i < values; i++) {
          target[offset + i] = scratch.getInt(i * 4);
        }
      }
      case INT64 -> scratch.asLongBuffer().get(target, offset, values);
      default -> throw new IllegalArgumentException(file + " holds " + header.dtype()
          + " values, not integers");
    }
  }

  /** Reads the bytes of {@code count} rows into the scratch buffer; returns the values. */
  private int readBytes(long first, int count) throws IOException {
    NpyDtype dtype = header.dtype();
    int values = count * rowValues;
    int bytes = values * dtype.bytes();
    if (scratch.capacity() < bytes) {
      scratch = ByteBuffer.allocate(bytes);
    }
    scratch.clear().limit(bytes);
    long position = header.dataOffset() + first * rowValues * dtype.bytes();
    while (scratch.hasRemaining()) {
      if (channel.read(scratch, position + scratch.position()) < 0) {
        throw new IllegalArgumentException(file + ": ends before row " + (first + count));
      }
    }
    scratch.flip().order(header.byteOrder());
    return values;
  }

  @Override public void close() throws IOException {
    channel.close();
  }

  /** Writes a C-order little-endian array: {@code data} holds the values in {@code dtype}. */
  public static void write(Path file, NpyDtype dtype, long[] shape, ByteBuffer data)
      throws IOException {
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      out.write(ByteBuffer.wrap(NpyHeader.bytes(dtype, shape)));
      ByteBuffer body = data.duplicate();
      while (body.hasRemaining()) {
        out.write(body);
      }
    }
  }
}

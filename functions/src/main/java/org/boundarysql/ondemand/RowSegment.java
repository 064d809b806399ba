/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.ondemand;

import org.boundarysql.store.PartialFile;
import org.boundarysql.store.StoreFormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One file of the row cache: the rows of one layer that one computation produced, immutable
 * once written. Layout, little-endian: the magic {@code BSQLROWS}, version, row width, row
 * count, the layer's name (UTF-8, its length first), the store rows (int32, ascending), then,
 * from a multiple of 64 bytes, the rows' values (float32, row after row). Written through a
 * {@link PartialFile}, memory-mapped when read.
 */
final class RowSegment {
  /** The file name's ending. */
  static final String SUFFIX = ".rows";
  private static final byte[] MAGIC = "BSQLROWS".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  private final Path file;
  private final String layer;
  private final int width;
  private final int[] rows;
  private final long bytes;
  private final FloatBuffer values;

  private RowSegment(Path file, String layer, int width, int[] rows, long bytes,
      FloatBuffer values) {
    this.file = file;
    this.layer = layer;
    this.width = width;
    this.rows = rows;
    this.bytes = bytes;
    this.values = values;
  }

  /** Bytes of the header of a segment of {@code rows} rows of layer {@code layer}. */
  private static int headerBytes(String layer, int rows) {
    int ids = 24 + layer.getBytes(StandardCharsets.UTF_8).length;
    ids = (ids + 3) / 4 * 4;
    return (ids + rows * Integer.BYTES + 63) / 64 * 64;
  }

  /** Writes a segment, one batch of rows after another, then maps it. */
  static final class Writer implements AutoCloseable {
    private final Path target;
    private final String layer;
    private final int width;
    private final int[] rows;
    private final PartialFile partial;
    private final FileChannel channel;
    private long written;

    Writer(Path target, String layer, int width, int[] rows) throws IOException {
      this.target = target;
      this.layer = layer;
      this.width = width;
      this.rows = rows.clone();
      this.partial = PartialFile.create(target);
      FileChannel opened = null;
      try {
        opened = FileChannel.open(partial.path(), StandardOpenOption.WRITE);
        byte[] name = layer.getBytes(StandardCharsets.UTF_8);
        ByteBuffer header = ByteBuffer.allocate(headerBytes(layer, rows.length))
            .order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).putInt(VERSION).putInt(width).putInt(rows.length)
            .putInt(name.length).put(name);
        header.position((header.position() + 3) / 4 * 4);
        for (int row : rows) {
          header.putInt(row);
        }
        header.clear();
        while (header.hasRemaining()) {
          opened.write(header);
        }
        this.channel = opened;
      } catch (IOException | RuntimeException e) {
        if (opened != null) {
          opened.close();
        }
        partial.close();
        throw e;
      }
    }

    /** Appends the next {@code count} rows: little-endian float32 from the buffer's position. */
    void append(ByteBuffer values, int count) throws IOException {
      ByteBuffer slice = values.duplicate();
      slice.limit(slice.position() + count * width * Float.BYTES);
      while (slice.hasRemaining()) {
        channel.write(slice);
      }
      written += count;
    }

    /** Renames the whole file into place and maps it; fails unless every row was written. */
    RowSegment commit() throws IOException {
      if (written != rows.length) {
        throw new IllegalStateException(target + ": " + written + " of " + rows.length
            + " rows written");
      }
      channel.close();
      partial.commit();
      return open(target);
    }

    @Override public void close() throws IOException {
      channel.close();
      partial.close();
    }
  }

  /** Maps a segment file, checking its header and size. */
  static RowSegment open(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < 24) {
        throw new StoreFormatException(file, "too short to be a row segment");
      }
      MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
      ByteBuffer data = map.duplicate().order(ByteOrder.LITTLE_ENDIAN);
      byte[] magic = new byte[MAGIC.length];
      data.get(magic);
      if (!Arrays.equals(magic, MAGIC) || data.getInt() != VERSION) {
        throw new StoreFormatException(file, "not a row segment of this version");
      }
      int width = data.getInt();
      int count = data.getInt();
      int nameLength = data.getInt();
      if (width < 1 || count < 0 || nameLength < 0 || nameLength > 4096) {
        throw new StoreFormatException(file, "bad row segment header");
      }
      byte[] name = new byte[nameLength];
      data.get(name);
      String layer = new String(name, StandardCharsets.UTF_8);
      int header = headerBytes(layer, count);
      if (size != header + (long) count * width * Float.BYTES) {
        throw new StoreFormatException(file, "has " + size + " bytes, not the "
            + (header + (long) count * width * Float.BYTES) + " its header says");
      }
      data.position((data.position() + 3) / 4 * 4);
      int[] rows = new int[count];
      data.asIntBuffer().get(rows);
      for (int i = 1; i < count; i++) {
        if (rows[i] <= rows[i - 1]) {
          throw new StoreFormatException(file, "rows out of order");
        }
      }
      FloatBuffer values = data.position(header).slice().order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer();
      return new RowSegment(file, layer, width, rows, size, values);
    } catch (IOException e) {
      throw new StoreFormatException(file, "cannot be read: " + e.getMessage(), e);
    }
  }

  Path file() {
    return file;
  }

  String layer() {
    return layer;
  }

  int width() {
    return width;
  }

  /** The store rows this segment holds, ascending; do not change. */
  int[] rows() {
    return rows;
  }

  long bytes() {
    return bytes;
  }

  /** The values, row after row; read with absolute gets only (shared by every reader). */
  FloatBuffer values() {
    return values;
  }
}

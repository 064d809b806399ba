/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import org.boundarysql.kernel.StoredRows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * The rows of a {@code .npy} file of any {@link NpyDtype}, memory-mapped and read as float32.
 * A mapping cannot exceed 2 GiB, so the data is mapped in regions of whole rows. Reads are
 * absolute, so any number of threads may read at once.
 */
final class NpyRows {
  /** Largest region mapped at once; rows never straddle two regions. */
  static final long MAX_REGION_BYTES = Integer.MAX_VALUE - 7;

  private final NpyHeader header;
  private final int width;
  private final int rowsPerRegion;
  private final ByteBuffer[] regions;
  /** The regions as floats when the file holds float32: the bulk copy of a layer's rows. */
  private final FloatBuffer[] floats;

  private NpyRows(NpyHeader header, int width, int rowsPerRegion, ByteBuffer[] regions) {
    this.header = header;
    this.width = width;
    this.rowsPerRegion = rowsPerRegion;
    this.regions = regions;
    this.floats = new FloatBuffer[header.dtype() == NpyDtype.FLOAT32 ? regions.length : 0];
    for (int r = 0; r < floats.length; r++) {
      floats[r] = regions[r].asFloatBuffer();
    }
  }

  /**
   * Maps a file whose header {@code check} accepts (it throws otherwise); fails if the file is
   * shorter than its header says.
   */
  static NpyRows map(Path file, long maxRegionBytes, Consumer<NpyHeader> check) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      NpyHeader header = NpyHeader.read(file, channel);
      check.accept(header);
      long rows = header.rows();
      long rowBytes = header.rowValues() * header.dtype().bytes();
      if (channel.size() < header.fileBytes()) {
        throw new StoreFormatException(file, "has " + channel.size() + " bytes but its shape needs "
            + header.fileBytes() + "; the file is truncated");
      }
      int rowsPerRegion = (int) Math.max(1, Math.min(Math.max(rows, 1),
          maxRegionBytes / Math.max(1, rowBytes)));
      int regionCount = rows == 0 ? 0 : Math.toIntExact((rows + rowsPerRegion - 1) / rowsPerRegion);
      ByteBuffer[] regions = new ByteBuffer[regionCount];
      for (int r = 0; r < regionCount; r++) {
        long firstRow = (long) r * rowsPerRegion;
        long regionRows = Math.min(rowsPerRegion, rows - firstRow);
        regions[r] = channel.map(FileChannel.MapMode.READ_ONLY,
            header.dataOffset() + firstRow * rowBytes, regionRows * rowBytes)
            .order(header.byteOrder());
      }
      return new NpyRows(header, Math.toIntExact(header.rowValues()), rowsPerRegion, regions);
    } catch (IOException e) {
      throw new StoreFormatException(file, "cannot be read: " + e.getMessage(), e);
    }
  }

  NpyHeader header() {
    return header;
  }

  /** Number of mapped regions. */
  int regionCount() {
    return regions.length;
  }

  /** One value of one row, as float32. */
  float value(int row, int index) {
    int region = row / rowsPerRegion;
    int i = (row - region * rowsPerRegion) * width + index;
    ByteBuffer bytes = regions[region];
    return switch (header.dtype()) {
      case FLOAT32 -> floats[region].get(i);
      case FLOAT64 -> (float) bytes.getDouble(i * Double.BYTES);
      case UINT8, BOOL -> bytes.get(i) & 0xff;
      case INT32 -> bytes.getInt(i * Integer.BYTES);
      case INT64 -> bytes.getLong(i * Long.BYTES);
    };
  }

  /** Copies one row into {@code dst} as float32: in bulk for float32, converted otherwise. */
  void read(int row, float[] dst) {
    read(row, 0, dst, width);
  }

  /**
   * Copies {@code count} values of one row from value {@code from} on into the start of
   * {@code dst}, as float32: in bulk for float32, converted otherwise.
   */
  void read(int row, int from, float[] dst, int count) {
    int region = row / rowsPerRegion;
    int start = (row - region * rowsPerRegion) * width + from;
    ByteBuffer bytes = regions[region];
    switch (header.dtype()) {
      case FLOAT32 -> floats[region].get(start, dst, 0, count);
      case FLOAT64 -> {
        for (int i = 0; i < count; i++) {
          dst[i] = (float) bytes.getDouble((start + i) * Double.BYTES);
        }
      }
      case UINT8, BOOL -> {
        byte[] raw = new byte[count];
        bytes.get(start, raw, 0, count);
        for (int i = 0; i < count; i++) {
          dst[i] = raw[i] & 0xff;
        }
      }
      case INT32 -> {
        for (int i = 0; i < count; i++) {
          dst[i] = bytes.getInt((start + i) * Integer.BYTES);
        }
      }
      case INT64 -> {
        for (int i = 0; i < count; i++) {
          dst[i] = bytes.getLong((start + i) * Long.BYTES);
        }
      }
    }
  }

  /**
   * Copies one row of an integer file into {@code dst} exactly (bool as 0 and 1); fails for
   * float files, whose values are no integers.
   */
  void readIntegers(int row, long[] dst) {
    int region = row / rowsPerRegion;
    int start = (row - region * rowsPerRegion) * width;
    ByteBuffer bytes = regions[region];
    switch (header.dtype()) {
      case UINT8, BOOL -> {
        for (int i = 0; i < width; i++) {
          dst[i] = bytes.get(start + i) & 0xff;
        }
      }
      case INT32 -> {
        for (int i = 0; i < width; i++) {
          dst[i] = bytes.getInt((start + i) * Integer.BYTES);
        }
      }
      case INT64 -> bytes.asLongBuffer().get(start, dst, 0, width);
      default -> throw new IllegalStateException(header.dtype() + " values are no integers");
    }
  }

  /**
   * Copies one float32 row straight from the mapped file into {@code dst} at {@code offset} (a
   * memory copy when byte orders match); returns false, copying nothing, for other dtypes.
   */
  boolean read(int row, FloatBuffer dst, int offset) {
    if (floats.length == 0) {
      return false;
    }
    int region = row / rowsPerRegion;
    dst.put(offset, floats[region], (row - region * rowsPerRegion) * width, width);
    return true;
  }

  /** Whether the file holds float32, which {@link #forEachStored} reads in place. */
  boolean float32() {
    return floats.length > 0;
  }

  /**
   * Visits rows {@code [from, to)} of a float32 file in order, in place: one run per mapped
   * region they lie in.
   */
  void forEachStored(int from, int to, Consumer<StoredRows> visitor) {
    int row = from;
    while (row < to) {
      int region = row / rowsPerRegion;
      int end = (int) Math.min(to, (region + 1L) * rowsPerRegion);
      visitor.accept(new StoredRows(regions[region], (row - region * rowsPerRegion) * width,
          end - row, width));
      row = end;
    }
  }

  /** The byte order of the mapped data. */
  ByteOrder order() {
    return header.byteOrder();
  }
}

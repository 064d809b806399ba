/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import org.boundarysql.kernel.RowSource;
import org.boundarysql.task.Cancellation;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the rows of a layer file in file order with direct I/O ({@code O_DIRECT}): large
 * aligned blocks straight from the disk into a buffer of the reader's own, past the page cache.
 * For scans of a layer larger than the page cache can hold, which would read every byte from
 * the disk anyway: read at the disk's speed, without evicting the pages other files (the rest
 * of the catalog) keep cached, as a mapped scan of such a file would.
 */
final class DirectRows {
  /** Bytes read at once: large enough that the disk streams, small enough per core. */
  static final int BLOCK_BYTES = 8 << 20;

  private final Path file;
  private final long dataOffset;
  private final int width;
  private final long rowBytes;
  private final boolean float64;
  private final ByteOrder order;
  private final int blockBytes;

  DirectRows(Path file, long dataOffset, int width, boolean float64, ByteOrder order,
      int blockBytes) {
    this.file = file;
    this.dataOffset = dataOffset;
    this.width = width;
    this.rowBytes = (long) width * (float64 ? Double.BYTES : Float.BYTES);
    this.float64 = float64;
    this.order = order;
    this.blockBytes = blockBytes;
  }

  /**
   * Whether reading {@code rows[from..to)} (ascending) this way pays: they cover at least half
   * the bytes between the first and the last, so that blocks are not read for a few rows.
   */
  boolean dense(int[] rows, int from, int to) {
    return to > from && 2L * (to - from) >= (long) rows[to - 1] - rows[from] + 1;
  }

  /**
   * Visits {@code rows[from..to)} (ascending) in order, each with its values; returns false,
   * having visited none, if this file system does not do direct I/O.
   */
  boolean forEach(int[] rows, int from, int to, RowSource.RowVisitor visitor) {
    FileChannel channel;
    int align;
    try {
      align = (int) Math.max(Float.BYTES, Files.getFileStore(file).getBlockSize());
      channel = FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.DIRECT);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
    try (channel) {
      // A block holds at least one whole row wherever the row starts.
      int capacity = (int) Math.max(blockBytes, ((rowBytes + 2L * align) / align + 1) * align);
      ByteBuffer block = ByteBuffer.allocateDirect(capacity + align).alignedSlice(align)
          .order(order);
      float[] row = new float[width];
      long size = channel.size();
      int i = from;
      while (i < to) {
        Cancellation.checkCurrent();
        long blockStart = (dataOffset + rows[i] * rowBytes) / align * align;
        long blockEnd = blockStart + fill(channel, block.clear(), blockStart, size);
        block.flip();
        FloatBuffer floats = float64 ? null : block.asFloatBuffer();
        DoubleBuffer doubles = float64 ? block.asDoubleBuffer() : null;
        for (; i < to; i++) {
          long start = dataOffset + rows[i] * rowBytes;
          if (start + rowBytes > blockEnd) {
            break;
          }
          int at = (int) (start - blockStart);
          if (floats != null) {
            floats.get(at / Float.BYTES, row);
          } else {
            for (int k = 0; k < width; k++) {
              row[k] = (float) doubles.get(at / Double.BYTES + k);
            }
          }
          visitor.visit(i, row);
        }
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Reads from {@code position} until the buffer is full or the file of {@code size} bytes
   * ends; returns the bytes read. Direct reads start at aligned positions: a short read is
   * continued only from one.
   */
  private static int fill(FileChannel channel, ByteBuffer buffer, long position, long size)
      throws IOException {
    int total = 0;
    while (buffer.hasRemaining() && position + total < size) {
      int read = channel.read(buffer, position + total);
      if (read <= 0) {
        break;
      }
      total += read;
    }
    return total;
  }
}

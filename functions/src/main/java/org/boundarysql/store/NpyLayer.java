/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Layer read from a NumPy {@code .npy} file through memory mapping.
 *
 * <p>A mapping cannot exceed 2 GiB, so the data is mapped in regions of whole rows.
 *
 * <p>A file larger than the page cache can hold beside this JVM's heap (physical memory less
 * the maximum heap; the system property {@value #DIRECT_SCAN_PROPERTY} sets another number of
 * bytes) is read by dense scans with direct I/O ({@link DirectRows}): such a scan reads the
 * disk whatever the cache holds, and a mapped scan would push the rest of the catalog out of it.
 */
public final class NpyLayer implements Layer {
  /** Largest region mapped at once; rows never straddle two regions. */
  static final long MAX_REGION_BYTES = Integer.MAX_VALUE - 7;
  /** The system property that sets the file size above which scans use direct I/O. */
  public static final String DIRECT_SCAN_PROPERTY = "boundary.directScanBytes";

  private final LayerSpec spec;
  private final int rows;
  private final int width;
  private final int rowsPerRegion;
  private final FloatBuffer[] floats;
  private final DoubleBuffer[] doubles;
  /** The direct reader of dense scans; null if the file is small enough to map. */
  private final DirectRows direct;

  private NpyLayer(LayerSpec spec, int rows, int rowsPerRegion, FloatBuffer[] floats,
      DoubleBuffer[] doubles, DirectRows direct) {
    this.spec = spec;
    this.rows = rows;
    this.width = spec.width();
    this.rowsPerRegion = rowsPerRegion;
    this.floats = floats;
    this.doubles = doubles;
    this.direct = direct;
  }

  /** Maps a layer file, checking it against the declared shape and the item count. */
  public static NpyLayer open(Path file, LayerSpec spec, int expectedRows) {
    return open(file, spec, expectedRows, MAX_REGION_BYTES, directScanBytes(),
        DirectRows.BLOCK_BYTES);
  }

  /**
   * The size of a layer file above which dense scans use direct I/O: the system property's, or
   * the physical memory less this JVM's maximum heap.
   */
  static long directScanBytes() {
    Long property = Long.getLong(DIRECT_SCAN_PROPERTY);
    if (property != null) {
      return property;
    }
    long physical = ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    return Math.max(0, physical - Runtime.getRuntime().maxMemory());
  }

  static NpyLayer open(Path file, LayerSpec spec, int expectedRows, long maxRegionBytes,
      long directScanBytes, int directBlockBytes) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      NpyHeader header = NpyHeader.read(file, channel);
      if (header.dtype().isInteger()) {
        throw new StoreFormatException(file, "unsupported dtype '"
            + header.dtype().descr(header.byteOrder())
            + "'; expected float32 or float64 ('<f4', '>f4', '<f8', '>f8')");
      }
      if (header.shape().length < 2) {
        throw new StoreFormatException(file, "shape " + Arrays.toString(header.shape())
            + " has fewer than 2 dimensions; expected [items, neurons...]");
      }
      if (header.rows() != expectedRows) {
        throw new StoreFormatException(file, "has " + header.rows()
            + " rows but items.csv has " + expectedRows);
      }
      if (header.rowValues() != spec.width()) {
        throw new StoreFormatException(file, "rows have " + header.rowValues()
            + " values but store.json declares shape " + Arrays.toString(spec.shape())
            + " (" + spec.width() + " values)");
      }
      long rowBytes = header.rowValues() * header.dtype().bytes();
      long expectedBytes = header.dataOffset() + rowBytes * expectedRows;
      if (channel.size() < expectedBytes) {
        throw new StoreFormatException(file, "has " + channel.size() + " bytes but its shape needs "
            + expectedBytes + "; the file is truncated");
      }
      int rowsPerRegion = (int) Math.max(1, Math.min(expectedRows, maxRegionBytes / rowBytes));
      int regionCount = expectedRows == 0 ? 0 : (expectedRows + rowsPerRegion - 1) / rowsPerRegion;
      boolean float64 = header.dtype() == NpyDtype.FLOAT64;
      FloatBuffer[] floats = float64 ? null : new FloatBuffer[regionCount];
      DoubleBuffer[] doubles = float64 ? new DoubleBuffer[regionCount] : null;
      for (int r = 0; r < regionCount; r++) {
        long firstRow = (long) r * rowsPerRegion;
        long regionRows = Math.min(rowsPerRegion, expectedRows - firstRow);
        ByteBuffer region = channel.map(FileChannel.MapMode.READ_ONLY,
            header.dataOffset() + firstRow * rowBytes, regionRows * rowBytes)
            .order(header.byteOrder());
        if (floats != null) {
          floats[r] = region.asFloatBuffer();
        } else {
          doubles[r] = region.asDoubleBuffer();
        }
      }
      DirectRows direct = channel.size() > directScanBytes ? new DirectRows(file,
          header.dataOffset(), spec.width(), float64, header.byteOrder(), directBlockBytes)
          : null;
      return new NpyLayer(spec, expectedRows, rowsPerRegion, floats, doubles, direct);
    } catch (IOException e) {
      throw new StoreFormatException(file, "cannot be read: " + e.getMessage(), e);
    }
  }

  /** Number of mapped regions. */
  int regionCount() {
    return floats != null ? floats.length : doubles.length;
  }

  @Override public LayerSpec spec() {
    return spec;
  }

  @Override public int rows() {
    return rows;
  }

  @Override public float value(int row, int neuron) {
    int region = row / rowsPerRegion;
    int index = (row - region * rowsPerRegion) * width + neuron;
    return floats != null ? floats[region].get(index) : (float) doubles[region].get(index);
  }

  /** Whether dense scans of this layer read with direct I/O. */
  public boolean scansDirectly() {
    return direct != null;
  }

  @Override public void forEach(int[] rows, int from, int to, RowVisitor visitor) {
    if (direct == null || !direct.dense(rows, from, to)
        || !direct.forEach(rows, from, to, visitor)) {
      Layer.super.forEach(rows, from, to, visitor);
    }
  }

  @Override public void read(int row, float[] dst) {
    int region = row / rowsPerRegion;
    int start = (row - region * rowsPerRegion) * width;
    if (floats != null) {
      floats[region].get(start, dst, 0, width);
    } else {
      DoubleBuffer buffer = doubles[region];
      for (int i = 0; i < width; i++) {
        dst[i] = (float) buffer.get(start + i);
      }
    }
  }
}

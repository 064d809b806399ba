/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import org.boundarysql.kernel.StoredRows;

import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Layer read from a NumPy {@code .npy} file of float32 or float64 through memory mapping.
 *
 * <p>A file larger than the page cache can hold beside this JVM's heap (physical memory less
 * the maximum heap; the system property {@value #DIRECT_SCAN_PROPERTY} sets another number of
 * bytes) is read by dense scans with direct I/O ({@link DirectRows}): such a scan reads the
 * disk whatever the cache holds, and a mapped scan would push the rest of the catalog out of it.
 */
public final class NpyLayer implements Layer {
  /** The system property that sets the file size above which scans use direct I/O. */
  public static final String DIRECT_SCAN_PROPERTY = "boundary.directScanBytes";

  private final LayerSpec spec;
  private final NpyRows rows;
  /** The direct reader of dense scans; null if the file is small enough to map. */
  private final DirectRows direct;

  private NpyLayer(LayerSpec spec, NpyRows rows, DirectRows direct) {
    this.spec = spec;
    this.rows = rows;
    this.direct = direct;
  }

  /** Maps a layer file, checking it against the declared shape and the item count. */
  public static NpyLayer open(Path file, LayerSpec spec, int expectedRows) {
    return open(file, spec, expectedRows, NpyRows.MAX_REGION_BYTES, directScanBytes(),
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
    NpyRows rows = NpyRows.map(file, maxRegionBytes, header -> {
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
    });
    NpyHeader header = rows.header();
    DirectRows direct = header.fileBytes() > directScanBytes ? new DirectRows(file,
        header.dataOffset(), spec.width(), header.dtype() == NpyDtype.FLOAT64,
        header.byteOrder(), directBlockBytes) : null;
    return new NpyLayer(spec, rows, direct);
  }

  /** Number of mapped regions. */
  int regionCount() {
    return rows.regionCount();
  }

  @Override public LayerSpec spec() {
    return spec;
  }

  @Override public int rows() {
    return Math.toIntExact(rows.header().rows());
  }

  @Override public float value(int row, int neuron) {
    return rows.value(row, neuron);
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

  /** Whether scans read the mapped float32 file in place (none of a file read directly). */
  @Override public boolean storesRows() {
    return direct == null && rows.float32();
  }

  @Override public void forEachStored(int from, int to, Consumer<StoredRows> visitor) {
    if (storesRows()) {
      rows.forEachStored(from, to, visitor);
    } else {
      Layer.super.forEachStored(from, to, visitor);
    }
  }

  @Override public void read(int row, float[] dst) {
    rows.read(row, dst);
  }

  @Override public void read(int row, int from, float[] dst, int count) {
    rows.read(row, from, dst, count);
  }

  /** Copies a float32 row straight from the mapped file (a memory copy when byte orders match). */
  @Override public void read(int row, FloatBuffer dst, int offset) {
    if (!rows.read(row, dst, offset)) {
      Layer.super.read(row, dst, offset);
    }
  }
}

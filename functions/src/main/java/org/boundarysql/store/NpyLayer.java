/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/** Layer read from a NumPy {@code .npy} file of float32 or float64 through memory mapping. */
public final class NpyLayer implements Layer {
  private final LayerSpec spec;
  private final NpyRows rows;

  private NpyLayer(LayerSpec spec, NpyRows rows) {
    this.spec = spec;
    this.rows = rows;
  }

  /** Maps a layer file, checking it against the declared shape and the item count. */
  public static NpyLayer open(Path file, LayerSpec spec, int expectedRows) {
    return open(file, spec, expectedRows, NpyRows.MAX_REGION_BYTES);
  }

  static NpyLayer open(Path file, LayerSpec spec, int expectedRows, long maxRegionBytes) {
    return new NpyLayer(spec, NpyRows.map(file, maxRegionBytes, header -> {
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
    }));
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

  @Override public void read(int row, float[] dst) {
    rows.read(row, dst);
  }

  /** Copies a float32 row straight from the mapped file (a memory copy when byte orders match). */
  @Override public void read(int row, FloatBuffer dst, int offset) {
    if (!rows.read(row, dst, offset)) {
      Layer.super.read(row, dst, offset);
    }
  }
}

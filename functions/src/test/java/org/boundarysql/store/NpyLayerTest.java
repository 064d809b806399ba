/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests {@link NpyLayer} and {@link NpyHeader} on files written byte by byte. */
class NpyLayerTest {
  @TempDir Path dir;

  /** Every supported dtype and byte order reads back the written values, rank 4 flattened. */
  @ParameterizedTest
  @ValueSource(strings = {"<f4", ">f4", "<f8", ">f8"})
  void readsEveryDtype(String descr) throws IOException {
    Path file = dir.resolve("conv.npy");
    double[] values = NpyBytes.write(file, descr, 7, 2, 3, 2);
    NpyLayer layer = NpyLayer.open(file, new LayerSpec("conv", new int[] {2, 3, 2}), 7);
    assertEquals(12, layer.width());
    float[] row = new float[12];
    for (int r = 0; r < 7; r++) {
      layer.read(r, row);
      for (int c = 0; c < 12; c++) {
        assertEquals((float) values[r * 12 + c], row[c]);
        assertEquals((float) values[r * 12 + c], layer.value(r, c));
      }
    }
  }

  /**
   * The bulk copy into a little-endian direct buffer (as Arrow's) puts every row where asked,
   * whatever the file's dtype and byte order, and touches nothing else.
   */
  @ParameterizedTest
  @ValueSource(strings = {"<f4", ">f4", "<f8", ">f8"})
  void copiesRowsIntoBuffers(String descr) throws IOException {
    Path file = dir.resolve("fc.npy");
    double[] values = NpyBytes.write(file, descr, 5, 3);
    NpyLayer layer = NpyLayer.open(file, new LayerSpec("fc", new int[] {3}), 5);
    FloatBuffer dst = ByteBuffer.allocateDirect(4 * 8).order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer();
    dst.put(0, -1f).put(7, -1f);
    layer.row(4).copyTo(dst, 1);
    layer.row(2).copyTo(dst, 4);
    assertEquals(-1f, dst.get(0));
    assertEquals(-1f, dst.get(7));
    for (int c = 0; c < 3; c++) {
      assertEquals((float) values[4 * 3 + c], dst.get(1 + c));
      assertEquals((float) values[2 * 3 + c], dst.get(4 + c));
    }
  }

  /** Format versions 2 and 3 (4-byte header length) are read too. */
  @ParameterizedTest
  @ValueSource(ints = {2, 3})
  void readsLaterFormatVersions(int major) throws IOException {
    Path file = dir.resolve("v.npy");
    NpyBytes.write(file, major, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }",
        ByteOrder.LITTLE_ENDIAN, false, new double[] {1, 2, 3, 4});
    NpyLayer layer = NpyLayer.open(file, new LayerSpec("v", new int[] {2}), 2);
    assertEquals(4f, layer.value(1, 1));
  }

  /** A file mapped in several regions of whole rows reads every row right. */
  @Test void mapsInSeveralRegions() throws IOException {
    Path file = dir.resolve("big.npy");
    double[] values = NpyBytes.write(file, "<f4", 1000, 37);
    long regionBytes = 37 * 4 * 64 + 5; // 64 rows per region, with a partial row's slack
    NpyLayer layer = NpyLayer.open(file, new LayerSpec("big", new int[] {37}), 1000, regionBytes,
        Long.MAX_VALUE, DirectRows.BLOCK_BYTES);
    assertEquals(16, layer.regionCount());
    float[] row = new float[37];
    for (int r : new int[] {0, 63, 64, 65, 511, 999}) {
      layer.read(r, row);
      for (int c = 0; c < 37; c++) {
        assertEquals((float) values[r * 37 + c], row[c], "row " + r + " col " + c);
      }
    }
  }

  /**
   * Rows read in place come in one run per region they lie in, each row the written values,
   * either byte order; a float64 file, or one scanned with direct I/O, keeps no float32 rows to
   * read so.
   */
  @ParameterizedTest
  @ValueSource(strings = {"<f4", ">f4"})
  void readsStoredRowsRegionByRegion(String descr) throws IOException {
    Path file = dir.resolve("big.npy");
    double[] values = NpyBytes.write(file, descr, 1000, 37);
    long regionBytes = 37 * 4 * 64 + 5; // 64 rows per region
    NpyLayer layer = NpyLayer.open(file, new LayerSpec("big", new int[] {37}), 1000, regionBytes,
        Long.MAX_VALUE, DirectRows.BLOCK_BYTES);
    assertTrue(layer.storesRows());
    List<Integer> runs = new ArrayList<>();
    int[] next = {60};
    layer.forEachStored(60, 200, run -> {
      runs.add(run.count());
      run.forEach(row -> {
        for (int c = 0; c < 37; c++) {
          assertEquals((float) values[next[0] * 37 + c], row[c], "row " + next[0] + " col " + c);
        }
        next[0]++;
      });
    });
    assertEquals(List.of(4, 64, 64, 8), runs);
    assertEquals(200, next[0]);
  }

  @Test void float64AndDirectScansKeepNoStoredRows() throws IOException {
    Path doubles = dir.resolve("d.npy");
    NpyBytes.write(doubles, "<f8", 10, 3);
    NpyLayer layer = NpyLayer.open(doubles, new LayerSpec("d", new int[] {3}), 10);
    assertFalse(layer.storesRows());
    assertThrows(UnsupportedOperationException.class, () -> layer.forEachStored(0, 1, r -> { }));
    Path floats = dir.resolve("f.npy");
    NpyBytes.write(floats, "<f4", 10, 3);
    assertFalse(NpyLayer.open(floats, new LayerSpec("f", new int[] {3}), 10,
        NpyRows.MAX_REGION_BYTES, 0, DirectRows.BLOCK_BYTES).storesRows());
  }

  @Test void rejectsBadMagic() throws IOException {
    Path file = dir.resolve("bad.npy");
    Files.write(file, "PK\u0003\u0004 this is a zip file, not numpy".getBytes());
    assertProblem(file, "bad magic");
  }

  @Test void rejectsUnparsableHeader() throws IOException {
    Path file = dir.resolve("bad.npy");
    NpyBytes.write(file, 1, "{'descr': '<f4', 'shape': 10}", ByteOrder.LITTLE_ENDIAN, false,
        new double[0]);
    assertProblem(file, "unparsable .npy header");
  }

  @Test void rejectsUnsupportedDtype() throws IOException {
    Path file = dir.resolve("bad.npy");
    NpyBytes.write(file, "<i8", 2, 2);
    assertProblem(file, "unsupported dtype '<i8'");
  }

  @Test void rejectsFortranOrder() throws IOException {
    Path file = dir.resolve("bad.npy");
    NpyBytes.write(file, 1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }",
        ByteOrder.LITTLE_ENDIAN, false, new double[] {1, 2, 3, 4});
    assertProblem(file, "Fortran-order");
  }

  @Test void rejectsTruncatedData() throws IOException {
    Path file = dir.resolve("bad.npy");
    NpyBytes.write(file, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }",
        ByteOrder.LITTLE_ENDIAN, false, new double[] {1, 2, 3});
    assertProblem(file, "truncated");
  }

  @Test void rejectsRowCountDifferentFromItems() throws IOException {
    Path file = dir.resolve("bad.npy");
    NpyBytes.write(file, "<f4", 3, 2);
    StoreFormatException e = assertThrows(StoreFormatException.class,
        () -> NpyLayer.open(file, new LayerSpec("bad", new int[] {2}), 4));
    assertTrue(e.getMessage().contains("has 3 rows but items.csv has 4"), e.getMessage());
  }

  @Test void rejectsShapeDifferentFromManifest() throws IOException {
    Path file = dir.resolve("bad.npy");
    NpyBytes.write(file, "<f4", 3, 2, 2);
    StoreFormatException e = assertThrows(StoreFormatException.class,
        () -> NpyLayer.open(file, new LayerSpec("bad", new int[] {5}), 3));
    assertTrue(e.getMessage().contains("store.json declares shape [5]"), e.getMessage());
  }

  /** {@link NpyWriter} writes the bytes NumPy would: header, padding, little-endian floats. */
  @Test void writerWritesNumpyBytes() throws IOException {
    Path file = dir.resolve("w.npy");
    try (NpyWriter writer = new NpyWriter(file, 2, new int[] {3, 1})) {
      writer.writeRow(new float[] {1.5f, -2f, 3f});
      writer.writeRow(new float[] {4f, 5f, 6.25f});
    }
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals((byte) 0x93, buffer.get(0));
    assertEquals("NUMPY", new String(bytes, 1, 5));
    int headerLength = Short.toUnsignedInt(buffer.getShort(8));
    String header = new String(bytes, 10, headerLength);
    assertEquals(0, (10 + headerLength) % 64);
    assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 1), }"),
        header);
    assertTrue(header.endsWith("\n"));
    assertEquals(10 + headerLength + 6 * 4, bytes.length);
    assertEquals(-2f, buffer.getFloat(10 + headerLength + 4));
    assertEquals(6.25f, buffer.getFloat(10 + headerLength + 20));
  }

  private void assertProblem(Path file, String problem) {
    StoreFormatException e = assertThrows(StoreFormatException.class,
        () -> NpyLayer.open(file, new LayerSpec("bad", new int[] {2}), 2));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }
}

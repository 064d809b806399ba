/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import org.boundarysql.kernel.AvgActivation;
import org.boundarysql.kernel.ParallelRows;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scans with direct I/O read what the mapping reads: every row of dense scans, rows straddling
 * the (here small) blocks, both dtypes, and the scans' aggregates; sparse row sets are read
 * through the mapping.
 */
class DirectRowsTest {
  private static final int ROWS = 3000;
  private static final int WIDTH = 37;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"<f4", ">f8"})
  void readsWhatTheMappingReads(String descr) throws IOException {
    Path file = dir.resolve("layer.npy");
    double[] values = NpyBytes.write(file, descr, ROWS, WIDTH);
    LayerSpec spec = new LayerSpec("layer", new int[] {WIDTH});
    // 4 KiB blocks: rows of 148 or 296 bytes straddle them.
    NpyLayer direct = NpyLayer.open(file, spec, ROWS, NpyRows.MAX_REGION_BYTES, 0, 4096);
    assertTrue(direct.scansDirectly());
    int[] all = IntStream.range(0, ROWS).toArray();
    int[] gaps = IntStream.range(0, ROWS).filter(r -> r % 3 != 1).toArray();
    int[] sparse = IntStream.range(0, ROWS).filter(r -> r % 97 == 5).toArray();
    for (int[] rows : List.of(all, gaps, sparse)) {
      List<float[]> seen = new ArrayList<>();
      List<Integer> positions = new ArrayList<>();
      direct.forEach(rows, 1, rows.length, (position, row) -> {
        positions.add(position);
        seen.add(row.clone());
      });
      assertEquals(IntStream.range(1, rows.length).boxed().toList(), positions);
      for (int i = 0; i < seen.size(); i++) {
        int row = rows[i + 1];
        for (int c = 0; c < WIDTH; c++) {
          assertEquals((float) values[row * WIDTH + c], seen.get(i)[c], "row " + row);
        }
      }
    }
    DirectRows reader = new DirectRows(file, 128, WIDTH, descr.endsWith("8"),
        descr.startsWith("<") ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN,
        4096);
    assertTrue(reader.dense(all, 0, ROWS) && reader.dense(gaps, 0, gaps.length));
    assertTrue(!reader.dense(sparse, 0, sparse.length));
    assertTrue(reader.forEach(all, 0, 10, (position, row) -> { }),
        "this file system reads with O_DIRECT");
  }

  /** The scan's aggregate on every core equals the mapped scan's, to the bit. */
  @ParameterizedTest
  @ValueSource(strings = {"<f4"})
  void aggregatesAlike(String descr) throws IOException {
    Path file = dir.resolve("layer.npy");
    NpyBytes.write(file, descr, ROWS, WIDTH);
    LayerSpec spec = new LayerSpec("layer", new int[] {WIDTH});
    NpyLayer direct = NpyLayer.open(file, spec, ROWS, NpyRows.MAX_REGION_BYTES, 0, 4096);
    NpyLayer mapped = NpyLayer.open(file, spec, ROWS, NpyRows.MAX_REGION_BYTES,
        Long.MAX_VALUE, 4096);
    int[] rows = IntStream.range(0, ROWS).filter(r -> r % 5 != 0).toArray();
    assertArrayEquals(
        ParallelRows.accumulate(mapped, rows, rows.length, AvgActivation::new).mean(),
        ParallelRows.accumulate(direct, rows, rows.length, AvgActivation::new).mean());
  }
}

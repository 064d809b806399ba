/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.ondemand;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests the row cache's files and index: segments read back as written (checked against a
 * reading of the bytes by the documented layout), the index rebuilt from the files, the bound
 * kept by evicting the least recently read segments, and what opening removes.
 */
class RowCacheTest {
  static final int ITEMS = 20;
  static final int WIDTH = 3;

  @TempDir Path cache;

  /** Value of neuron {@code k} of store row {@code row} in these tests. */
  static float value(int row, int k) {
    return row * 10 + k + 0.5f;
  }

  static RowSegment write(StoreRows rows, String layer, int... storeRows) throws IOException {
    ByteBuffer values = ByteBuffer.allocate(storeRows.length * WIDTH * 4)
        .order(ByteOrder.LITTLE_ENDIAN);
    for (int row : storeRows) {
      for (int k = 0; k < WIDTH; k++) {
        values.putFloat(value(row, k));
      }
    }
    values.flip();
    try (RowSegment.Writer writer = new RowSegment.Writer(rows.newSegmentFile(layer), layer,
        WIDTH, storeRows)) {
      // two appends, as batches arrive
      int first = storeRows.length / 2;
      writer.append(values, first);
      writer.append(values.position(first * WIDTH * 4), storeRows.length - first);
      return writer.commit();
    }
  }

  @Test void aSegmentHoldsItsRowsInTheDocumentedLayout() throws IOException {
    RowCache rowCache = new RowCache(cache, 1 << 20);
    StoreRows rows = rowCache.rows("s", "f00d", ITEMS);
    RowSegment segment = write(rows, "conv", 2, 5, 7);
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment.file()))
        .order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[8];
    bytes.get(magic);
    assertEquals("BSQLROWS", new String(magic, StandardCharsets.US_ASCII));
    assertEquals(1, bytes.getInt());
    assertEquals(WIDTH, bytes.getInt());
    assertEquals(3, bytes.getInt());
    byte[] name = new byte[bytes.getInt()];
    bytes.get(name);
    assertEquals("conv", new String(name, StandardCharsets.UTF_8));
    bytes.position((bytes.position() + 3) / 4 * 4);
    assertArrayEquals(new int[] {2, 5, 7}, new int[] {bytes.getInt(), bytes.getInt(),
        bytes.getInt()});
    int data = (bytes.position() + 63) / 64 * 64;
    assertEquals(data + 3 * WIDTH * 4, bytes.capacity());
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < WIDTH; k++) {
        assertEquals(value(new int[] {2, 5, 7}[i], k), bytes.getFloat(data + (i * WIDTH + k) * 4));
        assertEquals(value(new int[] {2, 5, 7}[i], k), segment.values().get(i * WIDTH + k));
      }
    }
  }

  @Test void theIndexIsRebuiltFromTheFilesByAnotherProcess() throws IOException {
    StoreRows first = new RowCache(cache, 1 << 20).rows("s", "f00d", ITEMS);
    RowSegment a = write(first, "conv", 1, 3);
    RowSegment b = write(first, "fc", 3, 4);
    RowCache reopened = new RowCache(cache, 1 << 20);
    StoreRows rows = reopened.rows("s", "f00d", ITEMS);
    assertEquals(a.bytes() + b.bytes(), reopened.bytes());
    assertNotNull(rows.segment("conv", 3));
    assertEquals(1, rows.position("conv", 3));
    assertEquals(value(3, 2), rows.segment("conv", 3).values().get(WIDTH + 2));
    assertNull(rows.segment("conv", 4));
    assertNotNull(rows.segment("fc", 4));
    assertEquals(2, rows.cachedRows("conv"));
  }

  /** Past the bound, whole segments go, the least recently read first. */
  @Test void theBoundEvictsTheLeastRecentlyReadSegments() throws IOException {
    RowCache rowCache = new RowCache(cache, 1 << 20);
    StoreRows rows = rowCache.rows("s", "f00d", ITEMS);
    RowSegment a = write(rows, "conv", 0, 1);
    RowSegment b = write(rows, "conv", 2, 3);
    RowSegment c = write(rows, "conv", 4, 5);
    rowCache.add(rows, List.of(a));
    rowCache.add(rows, List.of(b));
    rowCache.touch(a);
    rowCache.bound(a.bytes() + b.bytes());
    rowCache.add(rows, List.of(c));
    assertTrue(Files.exists(a.file()));
    assertFalse(Files.exists(b.file()), "b was read least recently");
    assertTrue(Files.exists(c.file()));
    assertNull(rows.segment("conv", 2));
    assertNotNull(rows.segment("conv", 0));
    assertEquals(a.bytes() + c.bytes(), rowCache.bytes());
    // a reader holding b keeps reading it: its mapping outlives the file
    assertEquals(value(3, 1), b.values().get(WIDTH + 1));
  }

  /**
   * Opening a store's rows removes the rows of another fingerprint (another model, other
   * inputs), the partial files of writers that died, and segments that are not whole.
   */
  @Test void openingRemovesStaleRowsPartialFilesAndBrokenSegments() throws Exception {
    Path rowsDirectory = cache.resolve("s").resolve("rows");
    Path old = Files.createDirectories(rowsDirectory.resolve("0ld"));
    Files.writeString(old.resolve("conv-1.rows"), "old rows");
    Path current = Files.createDirectories(rowsDirectory.resolve("f00d"));
    Process child = new ProcessBuilder(
        ProcessHandle.current().info().command().orElse("java"), "-version")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    Path partial = Files.writeString(current.resolve("conv-2.rows." + child.pid()
        + "-7.partial"), "half");
    StoreRows written = new RowCache(cache, 1 << 20).rows("s", "f00d", ITEMS);
    RowSegment whole = write(written, "conv", 6);
    Path truncated = current.resolve("conv-3.rows");
    byte[] bytes = Files.readAllBytes(write(written, "conv", 8, 9).file());
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 4));
    StoreRows rows = new RowCache(cache, 1 << 20).rows("s", "f00d", ITEMS);
    assertFalse(Files.exists(old));
    assertFalse(Files.exists(partial));
    assertFalse(Files.exists(truncated));
    assertNotNull(rows.segment("conv", 6));
    assertTrue(Files.exists(whole.file()));
    try (Stream<Path> left = Files.list(rowsDirectory)) {
      assertEquals(List.of(current), left.toList());
    }
  }

  @Test void sizesAreParsedAsUsersWriteThem() {
    assertEquals(10L << 30, RowCache.parseBytes("10g", "x"));
    assertEquals(512L << 20, RowCache.parseBytes("512M", "x"));
    assertEquals((long) (1.5 * (1L << 30)), RowCache.parseBytes("1.5GiB", "x"));
    assertEquals(1000, RowCache.parseBytes("1000", "x"));
    assertThrows(IllegalArgumentException.class,
        () -> RowCache.parseBytes("lots", "--row-cache"));
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The items cache: the columns read through it are those of {@code items.csv} (read again here
 * line by line with {@code String.split}), it is reused while {@code items.csv} stays the same,
 * made again when it changes, and never trusted when broken.
 */
class ItemsCacheTest {
  private static final List<String> CLASSES = List.of("a", "b", "c", "d");
  private static final int ITEMS = 5000;

  @TempDir Path dir;

  /** A store of shuffled ids, names and indices as labels, three extra columns with nulls. */
  private Path store(long seed) throws IOException {
    Path store = Files.createDirectories(dir.resolve("s"));
    Random random = new Random(seed);
    StringBuilder csv = new StringBuilder("id,split,label,predicted,count,score,note\n");
    for (int i = 0; i < ITEMS; i++) {
      long id = (long) (ITEMS - i) * 7919 + random.nextInt(7000) - (1L << 40);
      csv.append(id).append(',').append(random.nextInt(3) == 0 ? "train" : "test").append(',')
          .append(random.nextBoolean() ? CLASSES.get(random.nextInt(4)) : random.nextInt(4))
          .append(',').append(random.nextInt(4)).append(',')
          .append(i % 11 == 0 ? "" : random.nextInt(1000) - 500).append(',')
          .append(i % 13 == 0 ? "" : random.nextGaussian()).append(',')
          .append(i % 17 == 0 ? "" : "n\u00e9" + random.nextInt(50)).append('\n');
    }
    Files.writeString(store.resolve("items.csv"), csv);
    return store;
  }

  private Path cacheFile() {
    return dir.resolve("cache").resolve(ItemsFile.FILE_NAME);
  }

  private Items open(Path store) {
    return Items.open(store, CLASSES, dir.resolve("cache"));
  }

  @Test void columnsAreTheCsvs() throws IOException {
    Path store = store(1);
    assertSameAsCsv(store, open(store));
    assertTrue(Files.isRegularFile(cacheFile()));
  }

  /** A second open maps the file the first wrote, without writing it again. */
  @Test void reusedWhileTheCsvIsTheSame() throws IOException {
    Path store = store(1);
    open(store);
    FileTime written = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(cacheFile(), written);
    Object inode = Files.readAttributes(cacheFile(), "unix:ino").get("ino");
    assertSameAsCsv(store, open(store));
    assertEquals(written, Files.getLastModifiedTime(cacheFile()));
    assertEquals(inode, Files.readAttributes(cacheFile(), "unix:ino").get("ino"));
  }

  @Test void madeAgainWhenTheCsvChanges() throws IOException {
    Path store = store(1);
    open(store);
    store(2);
    // Same size is possible; a new modification time is not.
    Files.setLastModifiedTime(store.resolve("items.csv"),
        FileTime.fromMillis(System.currentTimeMillis() + 5000));
    assertSameAsCsv(store, open(store));
  }

  /** Every byte of the file is checked: one flipped in the middle, the file is made again. */
  @Test void flippedByteIsNotTrusted() throws IOException {
    Path store = store(1);
    open(store);
    try (FileChannel file = FileChannel.open(cacheFile(), StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
      long middle = file.size() / 2;
      file.read(one, middle);
      one.put(0, (byte) (one.get(0) ^ 0x10)).rewind();
      file.write(one, middle);
    }
    assertSameAsCsv(store, open(store));
  }

  @Test void truncatedOrForeignFileIsNotTrusted() throws IOException {
    Path store = store(1);
    open(store);
    try (FileChannel file = FileChannel.open(cacheFile(), StandardOpenOption.WRITE)) {
      file.truncate(file.size() - 100);
    }
    assertSameAsCsv(store, open(store));
    Files.writeString(cacheFile(), "not an items cache at all");
    assertSameAsCsv(store, open(store));
  }

  /** A cache directory that cannot be written: a temporary file serves. */
  @Test void unwritableCacheDirectory() throws IOException {
    Path store = store(1);
    Files.writeString(dir.resolve("cache"), "a file where the cache directory should be");
    assertSameAsCsv(store, open(store));
  }

  @Test void duplicateIdNamesBothLines() throws IOException {
    Path store = Files.createDirectories(dir.resolve("d"));
    Files.writeString(store.resolve("items.csv"), "id,split,label,predicted\n"
        + "5,t,0,0\n3,t,0,0\n9,t,1,1\n3,t,1,0\n");
    StoreFormatException e = assertThrows(StoreFormatException.class,
        () -> open(store));
    assertTrue(e.getMessage().contains("line 5: duplicate id 3 (first on line 3)"),
        e.getMessage());
  }

  private static void assertSameAsCsv(Path store, Items items) throws IOException {
    List<String> lines = Files.readAllLines(store.resolve("items.csv"));
    List<String> splits = new ArrayList<>();
    assertEquals(lines.size() - 1, items.size());
    for (int row = 0; row < items.size(); row++) {
      String[] f = lines.get(row + 1).split(",", -1);
      long id = Long.parseLong(f[0]);
      assertEquals(id, items.id(row));
      assertEquals(row, items.rowOf(id));
      assertEquals(f[1], items.split(row));
      if (!splits.contains(f[1])) {
        splits.add(f[1]);
      }
      assertEquals(splits.indexOf(f[1]), items.splitCode(row));
      int label = CLASSES.contains(f[2]) ? CLASSES.indexOf(f[2]) : Integer.parseInt(f[2]);
      assertEquals(label, items.label(row));
      assertEquals(Integer.parseInt(f[3]), items.predicted(row));
      assertEquals(f[4].isEmpty() ? null : Long.parseLong(f[4]),
          items.extraColumns().get(0).value(row));
      assertEquals(f[5].isEmpty() ? null : Double.parseDouble(f[5]),
          items.extraColumns().get(1).value(row));
      assertEquals(f[6].isEmpty() ? null : f[6], items.extraColumns().get(2).value(row));
    }
    assertEquals(splits, items.splitNames());
    assertEquals(List.of(Items.ExtraType.BIGINT, Items.ExtraType.DOUBLE, Items.ExtraType.VARCHAR),
        items.extraColumns().stream().map(Items.ExtraColumn::type).toList());
    assertEquals(-1, items.rowOf(Long.MAX_VALUE));
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.store.StoreTokens;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GROUP BY token} (or {@code token_id}) over a stored token layer reads a copy of the
 * layer's token rows ordered by token, written into the store's cache directory on first use.
 * Counts and means equal a plain loop over the values and tokens the test wrote, over every
 * item, a boundary sample (drawn by the sampler itself from the test's values) and items
 * filtered on their columns; the copy is made again for a changed store, a broken one is
 * written again rather than read, and a copy that cannot be written leaves the table's order;
 * a store captured from ids, without texts, is ordered by token id.
 */
class OrderedTokenGroupsTest {
  private static final int LENGTH = 8;
  private static final int HIDDEN = 5;
  private static final int VOCABULARY = 60;
  private static final int ITEMS = 400;

  @TempDir Path dir;

  /** A store of layer "seq" with a row per position, and per item its tokens' entries. */
  private record Tokens(Path catalog, TestCatalog store, int[][] entries) { }

  private static Tokens write(Path catalog) throws IOException {
    return write(catalog, true);
  }

  /** The store, its token texts left out unless {@code texts} (as captured from ids). */
  private static Tokens write(Path catalog, boolean texts) throws IOException {
    Files.createDirectories(catalog);
    TestCatalog store = new TestCatalog(catalog, "t", ITEMS, 3, 11, Map.of("seq",
        new int[] {LENGTH, HIDDEN}));
    Random random = new Random(5);
    int[][] entries = new int[ITEMS][];
    try (StoreTokens.Writer writer = new StoreTokens.Writer(catalog.resolve("t"),
        List.of("seq"), LENGTH)) {
      for (int i = 0; i < ITEMS; i++) {
        entries[i] = new int[1 + random.nextInt(LENGTH)];
        long[] ids = new long[LENGTH];
        long[] mask = new long[LENGTH];
        String[] words = new String[LENGTH];
        for (int p = 0; p < LENGTH; p++) {
          // skewed, as words are: a few tokens take most rows
          int entry = (int) Math.min(VOCABULARY - 1, Math.abs(random.nextGaussian()) * 8);
          if (p < entries[i].length) {
            entries[i][p] = entry;
            mask[p] = 1;
          }
          ids[p] = 100 + entry;
          words[p] = "w" + entry;
        }
        writer.write(store.ids[i], ids, mask, texts ? words : null);
      }
    }
    return new Tokens(catalog, store, entries);
  }

  @Test void groupsByTokenAndTokenIdFromTheOrderedCopy() throws Exception {
    Tokens t = write(dir.resolve("catalog"));
    Path cache = dir.resolve("cache");
    try (Connection c = connect(t.catalog(), cache)) {
      check(c, t, "token", "", i -> true);
      check(c, t, "token_id", "", i -> true);
    }
    assertEquals(1, copies(cache).size(), "one copy, for token and token_id alike");
  }

  @Test void aStoreOfIdsWithoutTextsIsOrderedByTokenId() throws Exception {
    Tokens t = write(dir.resolve("catalog"), false);
    Path cache = dir.resolve("cache");
    try (Connection c = connect(t.catalog(), cache)) {
      check(c, t, "token_id", "", i -> true);
      check(c, t, "token_id", " where label = 0", i -> t.store().labels[i] == 0);
      List<List<Object>> rows = JdbcRows.rows(c,
          "select token, count(*) from t.seq_tokens group by token");
      long tokens = 0;
      for (int[] item : t.entries()) {
        tokens += item.length;
      }
      assertEquals(List.of(Arrays.asList(null, tokens)), rows.stream()
          .map(r -> Arrays.asList(r.get(0), ((Number) r.get(1)).longValue()))
          .toList(), "no texts: one group of every token");
    }
    assertEquals(List.of("seq_tokens-by-token_id"), copies(cache).stream()
        .map(f -> f.getFileName().toString().replaceAll("-[0-9a-f]+\\.npy$", "")).toList());
  }

  @Test void aSampleAndAFilterSkipTheOtherItemsRows() throws Exception {
    Tokens t = write(dir.resolve("catalog"));
    Set<Long> sampled = t.store().sampleIds("maxmargin", 0.2, 0.7, 0);
    try (Connection c = connect(t.catalog(), dir.resolve("cache"))) {
      check(c, t, "token", " tablesample boundary('maxmargin', 0.2)",
          i -> sampled.contains(t.store().ids[i]));
      check(c, t, "token", " where label = 1 and not correct",
          i -> t.store().labels[i] == 1 && t.store().predicted[i] != 1);
      check(c, t, "token_id", " tablesample boundary('maxmargin', 0.2) where split = 'train'",
          i -> sampled.contains(t.store().ids[i]) && t.store().splits[i].equals("train"));
    }
    assertEquals(1, copies(dir.resolve("cache")).size());
  }

  @Test void aChangedStoreIsCopiedAgain() throws Exception {
    Tokens t = write(dir.resolve("catalog"));
    Path cache = dir.resolve("cache");
    try (Connection c = connect(t.catalog(), cache)) {
      check(c, t, "token", "", i -> true);
    }
    List<Path> before = copies(cache);
    negate(t.catalog().resolve("t").resolve("seq.npy"), t.store().layers.get("seq"));
    try (Connection c = connect(t.catalog(), cache)) {
      check(c, t, "token", "", i -> true);
    }
    List<Path> after = copies(cache);
    assertEquals(1, after.size(), "the earlier copy is removed");
    assertFalse(before.equals(after), "a new copy for the changed store");
  }

  @Test void aBrokenCopyIsWrittenAgainNotRead() throws Exception {
    Tokens t = write(dir.resolve("catalog"));
    Path first = dir.resolve("first");
    try (Connection c = connect(t.catalog(), first)) {
      check(c, t, "token", "", i -> true);
    }
    Path copy = copies(first).get(0);
    Path cache = dir.resolve("second");
    Path broken = Files.createDirectories(cache.resolve("t")).resolve(copy.getFileName());
    Files.write(broken, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'});
    // a dead writer's partial file (no process has that id) is removed, never read
    Path partial = cache.resolve("t").resolve(copy.getFileName() + ".999999999-1.partial");
    Files.write(partial, new byte[100]);
    try (Connection c = connect(t.catalog(), cache)) {
      check(c, t, "token", "", i -> true);
    }
    assertEquals(Files.size(copy), Files.size(broken));
    assertFalse(Files.exists(partial));
  }

  @Test void aCopyThatCannotBeWrittenLeavesTheTablesOrder() throws Exception {
    Tokens t = write(dir.resolve("catalog"));
    Path first = dir.resolve("first");
    try (Connection c = connect(t.catalog(), first)) {
      check(c, t, "token", "", i -> true);
    }
    Path cache = dir.resolve("second");
    // a directory where the copy goes: the rename onto it fails, as on a full disk
    Path blocked = Files.createDirectories(cache.resolve("t")
        .resolve(copies(first).get(0).getFileName()));
    Files.write(blocked.resolve("kept"), new byte[1]);
    try (Connection c = connect(t.catalog(), cache)) {
      check(c, t, "token", "", i -> true);
      check(c, t, "token", " where label = 2", i -> t.store().labels[i] == 2);
    }
    assertTrue(Files.isDirectory(blocked));
    try (Stream<Path> files = Files.list(cache.resolve("t"))) {
      assertTrue(files.noneMatch(f -> f.toString().endsWith(".partial")));
    }
  }

  private static Connection connect(Path catalog, Path cache) throws SQLException {
    return DriverManager.getConnection("jdbc:boundary:catalog=" + catalog + ";cache=" + cache);
  }

  /** The ordered copies in the store's cache directory. */
  private static List<Path> copies(Path cache) throws IOException {
    try (Stream<Path> files = Files.list(cache.resolve("t"))) {
      return files.filter(f -> f.getFileName().toString().matches("seq_tokens-by-.*\\.npy"))
          .sorted().toList();
    }
  }

  /** Negates every value of a float32 {@code .npy} layer, in the file and in {@code values}. */
  private static void negate(Path npy, float[][] values) throws IOException {
    byte[] bytes = Files.readAllBytes(npy);
    int width = values[0].length;
    int offset = bytes.length - values.length * width * Float.BYTES;
    ByteBuffer data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < values.length; i++) {
      for (int k = 0; k < width; k++) {
        values[i][k] = -values[i][k];
        data.putFloat(offset + (i * width + k) * Float.BYTES, values[i][k]);
      }
    }
    FileTime modified = Files.getLastModifiedTime(npy);
    Files.write(npy, bytes);
    Files.setLastModifiedTime(npy, FileTime.fromMillis(modified.toMillis() + 5_000));
  }

  /**
   * {@code GROUP BY key} over {@code t.seq_tokens} with {@code restriction} gives the counts
   * and means of a plain loop over the tokens of the items {@code kept} says.
   */
  private static void check(Connection c, Tokens t, String key, String restriction,
      IntPredicate kept) throws SQLException {
    Map<Object, double[]> sums = new HashMap<>();
    Map<Object, Long> counts = new HashMap<>();
    float[][] seq = t.store().layers.get("seq");
    for (int i = 0; i < ITEMS; i++) {
      for (int p = 0; p < t.entries()[i].length && kept.test(i); p++) {
        int entry = t.entries()[i][p];
        Object group = key.equals("token") ? (Object) ("w" + entry) : (Object) (100L + entry);
        counts.merge(group, 1L, Long::sum);
        double[] sum = sums.computeIfAbsent(group, g -> new double[HIDDEN]);
        for (int k = 0; k < HIDDEN; k++) {
          sum[k] += seq[i][p * HIDDEN + k];
        }
      }
    }
    String sql = "select " + key + ", count(*), avg_activation(activation) from t.seq_tokens"
        + restriction + " group by " + key;
    List<List<Object>> rows = JdbcRows.rows(c, sql);
    assertEquals(counts.size(), rows.size(), sql);
    for (List<Object> row : rows) {
      Object group = row.get(0) instanceof Number n ? (Object) n.longValue() : row.get(0);
      long count = ((Number) row.get(1)).longValue();
      assertEquals(counts.get(group), count, sql + ": " + group);
      List<?> mean = (List<?>) row.get(2);
      for (int k = 0; k < HIDDEN; k++) {
        assertEquals(sums.get(group)[k] / count, ((Number) mean.get(k)).doubleValue(), 1e-12,
            sql + ": " + group + " neuron " + k);
      }
    }
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.store.ActivationRow;
import org.boundarysql.store.Catalog;
import org.boundarysql.store.Store;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests the adapter through JDBC against stores written by the test. */
class AdapterTest {
  @TempDir static Path dir;
  static Path catalog;
  static TestCatalog tiny;

  @BeforeAll static void writeCatalog() throws IOException {
    catalog = Files.createDirectories(dir.resolve("catalog"));
    tiny = new TestCatalog(catalog, "tiny", 500, 4, 1, Map.of("conv", new int[] {3, 2, 2}));
    Path broken = Files.createDirectories(catalog.resolve("broken"));
    Files.writeString(broken.resolve("store.json"), "{not json");
  }

  static Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:boundary:catalog=" + catalog + ";cache="
        + dir.resolve("cache"));
  }

  static long count(String sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet r = s.executeQuery(sql)) {
      assertTrue(r.next());
      return r.getLong(1);
    }
  }

  @Test void countsRows() throws SQLException {
    assertEquals(500, count("select count(*) from tiny.items"));
    assertEquals(500, count("select count(*) from tiny.conv"));
  }

  /** Unquoted names match whatever their case, as BI users expect. */
  @Test void namesAreCaseInsensitive() throws SQLException {
    assertEquals(500, count("select count(*) from TINY.FC2"));
    assertEquals(500, count("select count(*) from Tiny.Fc2 where Label >= 0"));
  }

  @Test void filtersOnItemColumns() throws SQLException {
    long label2 = 0;
    long wrong = 0;
    long trainWrong = 0;
    for (int i = 0; i < tiny.items; i++) {
      label2 += tiny.labels[i] == 2 ? 1 : 0;
      wrong += tiny.labels[i] != tiny.predicted[i] ? 1 : 0;
      trainWrong += tiny.labels[i] != tiny.predicted[i] && tiny.splits[i].equals("train") ? 1 : 0;
    }
    assertEquals(label2, count("select count(*) from tiny.fc2 where label = 2"));
    assertEquals(wrong, count("select count(*) from tiny.conv where not correct"));
    assertEquals(trainWrong,
        count("select count(*) from tiny.items where split = 'train' and label <> predicted"));
  }

  /**
   * IN lists, BETWEEN and ranges of integer item columns (Calcite's SEARCH) are tested in the
   * scan, as the other comparisons are: the rows a query reads are only those that pass.
   */
  @Test void filtersOnListsAndRangesOfItemColumnsInTheScan() throws SQLException {
    long[] ids = tiny.ids;
    Map<String, java.util.function.IntPredicate> cases = new java.util.LinkedHashMap<>();
    cases.put("label in (1, 3)", i -> tiny.labels[i] == 1 || tiny.labels[i] == 3);
    cases.put("label not in (1, 3)", i -> tiny.labels[i] != 1 && tiny.labels[i] != 3);
    cases.put("label = 0 or label = 2", i -> tiny.labels[i] == 0 || tiny.labels[i] == 2);
    cases.put("predicted in (0, 2, 3) and split = 'train'", i -> tiny.predicted[i] != 1
        && tiny.splits[i].equals("train"));
    cases.put("id between " + ids[10] + " and " + ids[200],
        i -> ids[i] >= ids[10] && ids[i] <= ids[200]);
    cases.put("id not between " + ids[10] + " and " + ids[200],
        i -> ids[i] < ids[10] || ids[i] > ids[200]);
    cases.put("id > " + ids[5] + ".5 and id < " + ids[50],
        i -> ids[i] > ids[5] && ids[i] < ids[50]);
    cases.put("id in (" + ids[3] + ", " + ids[77] + ", -5, 9223372036854775807)",
        i -> i == 3 || i == 77 || ids[i] == Long.MAX_VALUE);
    cases.put("id in (" + ids[3] + ", " + ids[4] + ") and label in (" + tiny.labels[3] + ")",
        i -> (i == 3 || i == 4) && tiny.labels[i] == tiny.labels[3]);
    for (Map.Entry<String, java.util.function.IntPredicate> c : cases.entrySet()) {
      long expected = java.util.stream.IntStream.range(0, tiny.items).filter(c.getValue())
          .count();
      assertEquals(expected, count("select count(*) from tiny.conv where " + c.getKey()),
          c.getKey());
      assertEquals(expected, count("select count(*) from (select id, activation from tiny.conv"
          + " where " + c.getKey() + ")"), c.getKey());
    }
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("explain plan for select id, activation from tiny.conv"
             + " where label in (1, 3) and id between 0 and 400")) {
      assertTrue(r.next());
      String plan = r.getString(1);
      assertTrue(plan.contains("filter=[label IN (1, 3) AND id IN (0..400)]")
          || plan.contains("filter=[id IN (0..400) AND label IN (1, 3)]"), plan);
      assertFalse(plan.contains("SEARCH"), plan);
    }
  }

  @Test void joinsItemsWithLayers() throws SQLException {
    long expected = 0;
    for (int i = 0; i < tiny.items; i++) {
      expected += tiny.labels[i] == 1 && tiny.ids[i] % 2 == 0 ? 1 : 0;
    }
    assertEquals(expected, count("select count(*) from tiny.items i join tiny.conv c"
        + " on i.id = c.id join tiny.fc2 f on f.id = i.id where i.label = 1 and mod(c.id, 2) = 0"));
  }

  @Test void activationHasLayerWidthAndExactValues() throws SQLException {
    assertEquals(500, count("select count(*) from tiny.conv where cardinality(activation) = 12"));
    long id = tiny.ids[123];
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("select activation, activation[5] from tiny.conv"
             + " where id = " + id)) {
      assertTrue(r.next());
      Array array = r.getArray(1);
      Object values = array.getArray(); // float[] from Calcite, Float[] over Avatica
      assertEquals(12, java.lang.reflect.Array.getLength(values));
      for (int n = 0; n < 12; n++) {
        assertEquals(tiny.layers.get("conv")[123][n],
            ((Number) java.lang.reflect.Array.get(values, n)).floatValue());
      }
      assertEquals(tiny.layers.get("conv")[123][4], r.getFloat(2)); // SQL arrays are 1-based
      assertFalse(r.next());
    }
  }

  /** A broken store is skipped, listed with its problem, and the other stores work. */
  @Test void brokenStoreIsListedNotFatal() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("select name, items, problem from boundary.stores"
             + " order by name")) {
      assertTrue(r.next());
      assertEquals("broken", r.getString(1));
      assertTrue(r.getString(3).contains("store.json: malformed JSON"), r.getString(3));
      assertTrue(r.next());
      assertEquals("tiny", r.getString(1));
      assertEquals(500, r.getInt(2));
      assertEquals(null, r.getString(3));
      assertFalse(r.next(), "two stores in the catalog");
    }
  }

  /** The standard Calcite way: a JSON model file naming the schema factory. */
  @Test void opensFromJsonModel() throws IOException, SQLException {
    Path model = dir.resolve("model.json");
    Files.writeString(model, """
        {"version": "1.0", "defaultSchema": "tiny",
         "schemas": [{"name": "meta", "type": "custom",
           "factory": "org.boundarysql.adapter.BoundarySchemaFactory",
           "operand": {"catalog": "catalog", "cache": "cache"}}]}
        """);
    try (Connection c = DriverManager.getConnection("jdbc:calcite:model=" + model
             + ";caseSensitive=false");
         Statement s = c.createStatement();
         ResultSet r = s.executeQuery("select count(*) from fc2")) {
      assertTrue(r.next());
      assertEquals(500, r.getLong(1));
    }
  }

  /**
   * Scanning a 10,000 × 1,600 float32 layer row by row allocates a few objects per row, none
   * per element: measured with the JVM's per-thread allocation counter.
   */
  @Test void scanAllocatesNothingPerElement() throws IOException {
    Path big = Files.createDirectories(dir.resolve("bigcatalog"));
    TestCatalog written = new TestCatalog(big, "big", 10_000, 10, 2,
        Map.of("conv2", new int[] {16, 10, 10}));
    // What the scan must add up, from the values the test wrote, row by row in file order.
    double expected = 0;
    for (float[] row : written.layers.get("conv2")) {
      expected += row[0] + row[1599];
    }
    Store store = Catalog.open(big, dir.resolve("bigcache")).stores().get(0);
    LayerTable table = new LayerTable(store, store.layer("conv2").orElseThrow(), null);
    float[] scratch = new float[1600];
    assertEquals(expected, scan(table, scratch), 1e-9 * Math.abs(expected)); // and warms up
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    double sum = scan(table, scratch);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertEquals(expected, sum, 1e-9 * Math.abs(expected));
    long elements = 10_000L * 1600;
    System.out.println("scan of 10,000 x 1,600 allocated " + allocated + " bytes");
    assertTrue(allocated < elements / 8, "allocated " + allocated + " bytes for " + elements
        + " elements");
  }

  /**
   * The same through SQL: executing a prepared AVG_ACTIVATION over the layer allocates far less
   * than one byte per element (boxing would take 16 bytes per element).
   */
  @Test void aggregateAllocatesNothingPerElement() throws IOException, SQLException {
    Path big = Files.createDirectories(dir.resolve("bigcatalog2"));
    TestCatalog written = new TestCatalog(big, "big", 10_000, 10, 2,
        Map.of("conv2", new int[] {16, 10, 10}));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (Connection c = DriverManager.getConnection("jdbc:boundary:catalog=" + big + ";cache="
             + dir.resolve("bigcache2"));
         java.sql.PreparedStatement s = c.prepareStatement(
             "select avg_activation(activation) from big.conv2")) {
      execute(s); // warm up: code generation, class loading
      long before = threads.getCurrentThreadAllocatedBytes();
      Object mean = execute(s);
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      long elements = 10_000L * 1600;
      System.out.println("AVG_ACTIVATION over 10,000 x 1,600 allocated " + allocated + " bytes");
      assertTrue(allocated < elements / 8, "allocated " + allocated + " bytes for " + elements
          + " elements");
      double expected = 0;
      for (float[] row : written.layers.get("conv2")) {
        expected += row[1599];
      }
      assertEquals(expected / 10_000, ((Number) java.lang.reflect.Array.get(mean, 1599))
          .doubleValue(), 1e-4);
    }
  }

  private static Object execute(java.sql.PreparedStatement statement) throws SQLException {
    try (ResultSet r = statement.executeQuery()) {
      assertTrue(r.next());
      return r.getArray(1).getArray();
    }
  }

  /** Sum of neurons 0 and 1599 over every row of the scan; fails unless it has 10,000 rows. */
  private static double scan(LayerTable table, float[] scratch) {
    double sum = 0;
    int rows = 0;
    int[] columns = new int[table.columnCount()];
    java.util.Arrays.setAll(columns, i -> i);
    for (Object row : table.scan(columns, ItemFilter.ALL)) {
      ((ActivationRow) ((Object[]) row)[5]).copyTo(scratch);
      sum += scratch[0] + scratch[1599];
      rows++;
    }
    assertEquals(10_000, rows);
    return sum;
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.estimate.BootstrapError;
import org.boundarysql.estimate.ErrorEstimate;
import org.boundarysql.estimate.ErrorMetric;
import org.boundarysql.materialize.SampledStore;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.store.Store;
import org.boundarysql.task.ProgressListener;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POPULATION_COUNT, ERROR_ESTIMATOR and the _ERROR aggregates through JDBC; sample and
 * population counts come from plain loops over the test's own arrays and the sampler's ids.
 */
class PopulationTest {
  @TempDir static Path dir;
  static Path catalog;
  static TestCatalog store;

  @BeforeAll static void writeCatalog() throws IOException {
    catalog = Files.createDirectories(dir.resolve("catalog"));
    store = new TestCatalog(catalog, "s", 900, 4, 11, Map.of("conv", new int[] {3, 2, 2}));
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:boundary:catalog=" + catalog + ";cache="
        + dir.resolve("cache"));
  }

  /** Rows as lists of column values. */
  static List<List<Object>> rows(String sql) throws SQLException {
    try (Connection c = connect()) {
      return JdbcRows.rows(c, sql);
    }
  }

  /** Per label, {sampled, population} among the items that pass {@code keep}, by loops. */
  private static Map<Integer, long[]> counts(SortedSet<Long> sampled, IntPredicate keep) {
    Map<Integer, long[]> counts = new TreeMap<>();
    for (int i = 0; i < store.items; i++) {
      if (keep.test(i)) {
        long[] c = counts.computeIfAbsent(store.labels[i], l -> new long[2]);
        c[0] += sampled.contains(store.ids[i]) ? 1 : 0;
        c[1]++;
      }
    }
    counts.values().removeIf(c -> c[0] == 0); // a group the sample misses has no row
    return counts;
  }

  private static Map<Integer, long[]> sqlCounts(String sql) throws SQLException {
    return counts(rows(sql));
  }

  /** Rows of label, sampled and population count by label. */
  private static Map<Integer, long[]> counts(List<List<Object>> rows) {
    Map<Integer, long[]> counts = new TreeMap<>();
    for (List<Object> row : rows) {
      counts.put((Integer) row.get(0), new long[] {(Long) row.get(1), (Long) row.get(2)});
    }
    return counts;
  }

  private static void assertCounts(Map<Integer, long[]> expected, Map<Integer, long[]> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((label, c) -> assertArrayEquals(c, actual.get(label), "label " + label));
  }

  @Test void countsEachGroupsSampleAndPopulation() throws SQLException {
    SortedSet<Long> sampled = store.sampleIds("uniform", 0.1, 0.7, 3);
    assertCounts(counts(sampled, i -> store.splits[i].equals("test")), sqlCounts(
        "select label, count(*), population_count() from s.conv tablesample"
            + " boundary('uniform', 0.1) repeatable(3) where split = 'test' group by label"));
  }

  /**
   * The population a first run keeps is found again only by the same query: a prepared
   * statement run again, another filter, another parameter each count their own.
   */
  @Test void keptPopulationsFollowTheirQuery() throws SQLException {
    SortedSet<Long> sampled = store.sampleIds("uniform", 0.1, 0.7, 3);
    String sample = "select label, count(*), population_count() from s.conv tablesample"
        + " boundary('uniform', 0.1) repeatable(3) where split = ";
    try (Connection c = connect();
         PreparedStatement prepared = c.prepareStatement(sample + "? group by label")) {
      for (String split : List.of("test", "train", "test", "train")) {
        assertCounts(counts(sampled, i -> store.splits[i].equals(split)),
            counts(JdbcRows.rows(c, sample + "'" + split + "' group by label")));
        prepared.setString(1, split);
        Map<Integer, long[]> counted = new TreeMap<>();
        try (ResultSet r = prepared.executeQuery()) {
          while (r.next()) {
            counted.put(r.getInt(1), new long[] {r.getLong(2), r.getLong(3)});
          }
        }
        assertCounts(counts(sampled, i -> store.splits[i].equals(split)), counted);
      }
    }
  }

  /** A condition no scan can test on the store's arrays, and a filtered count. */
  @Test void countsUnderAnyPredicateAndFilter() throws SQLException {
    SortedSet<Long> sampled = store.sampleIds("maxmargin", 0.2, 0.7, 0);
    assertCounts(counts(sampled, i -> store.labels[i] != store.predicted[i]
        && store.ids[i] % 3 == 1), sqlCounts(
            "select label, count(*), population_count() from s.fc2 tablesample"
                + " boundary('maxmargin', 0.2) where not correct and mod(id, 3) = 1"
                + " group by label"));
    assertCounts(counts(sampled, i -> store.labels[i] == store.predicted[i]), sqlCounts(
        "select label, count(*) filter (where correct),"
            + " population_count() filter (where correct)"
            + " from s.fc2 tablesample boundary('maxmargin', 0.2) group by label"));
  }

  /** Two layers sampled alike and joined: the population is the join of the full tables. */
  @Test void countsJoinsOfSampledLayers() throws SQLException {
    SortedSet<Long> sampled = store.sampleIds("stratified", 0.1, 0.7, 0);
    assertCounts(counts(sampled, i -> true), sqlCounts(
        "select a.label, count(*), population_count()"
            + " from s.fc2 as a tablesample boundary('stratified', 0.1)"
            + " join s.conv as b tablesample boundary('stratified', 0.1) on a.id = b.id"
            + " group by a.label"));
  }

  @Test void fullTableIsExact() throws SQLException {
    List<Object> row = rows("select count(*), population_count(), error_estimator(),"
        + " topk_neurons_error(activation, 3), avg_activation_error(activation),"
        + " argmax_dist_error(activation) from s.conv where label = 1").get(0);
    assertEquals(row.get(0), row.get(1));
    assertEquals("exact", row.get(2));
    assertEquals(List.of(1d, 1d, 1d), row.get(3));
    assertEquals(List.of(0d, 0d, 0d), row.get(4));
    assertEquals(List.of(0d, 0d, 0d), row.get(5));
  }

  /** MaxMargin's groups get no estimate, except those it holds whole. */
  @Test void maxMarginGetsNoEstimateUnlessWhole() throws SQLException {
    for (List<Object> row : rows("select count(*), population_count(), error_estimator(),"
        + " avg_activation_error(activation) from s.fc2 tablesample boundary('maxmargin', 0.3)"
        + " group by label, predicted")) {
      boolean whole = row.get(0).equals(row.get(1));
      assertEquals(whole ? "exact" : "none", row.get(2), row.toString());
      assertEquals(whole ? List.of(0d, 0d, 0d) : null, row.get(3), row.toString());
    }
  }

  /** A uniform sample's estimate is the bootstrap of the group's rows and population. */
  @Test void uniformGetsTheBootstrapOfItsGroup() throws SQLException {
    SortedSet<Long> sampled = store.sampleIds("uniform", 0.1, 0.7, 5);
    List<float[]> rows = new ArrayList<>();
    long population = 0;
    for (int i = 0; i < store.items; i++) {
      if (store.labels[i] == 2 && store.splits[i].equals("test")) {
        population++;
        if (sampled.contains(store.ids[i])) {
          rows.add(store.layers.get("conv")[i]);
        }
      }
    }
    ErrorEstimate expected = BootstrapError.standard().estimate(rows.toArray(float[][]::new),
        population, ErrorMetric.topKPrecision(4));
    List<Object> row = rows("select error_estimator(), topk_neurons_error(activation, 4)"
        + " from s.conv tablesample boundary('uniform', 0.1) repeatable(5)"
        + " where split = 'test' and label = 2").get(0);
    assertEquals("bootstrap", row.get(0));
    assertEquals(List.of(expected.expected(), expected.low(), expected.high()), row.get(1));
  }

  /** Calcite's BERNOULLI sample: random within every group, its population the table. */
  @Test void bernoulliIsBootstrapped() throws SQLException {
    List<Object> row = rows("select count(*), population_count(), error_estimator()"
        + " from s.fc2 tablesample bernoulli(50) repeatable(1)").get(0);
    assertEquals((long) store.items, row.get(1));
    assertEquals("bootstrap", row.get(2));
  }

  /** Samples of two specs in one group: no estimate. */
  @Test void mixedSamplesGetNoEstimate() throws SQLException {
    List<Object> row = rows("select error_estimator(), argmax_dist_error(a.activation)"
        + " from s.fc2 as a tablesample boundary('uniform', 0.5)"
        + " join s.conv as b tablesample boundary('uniform', 0.5) repeatable(1) on a.id = b.id"
    ).get(0);
    assertEquals("none", row.get(0));
    assertNull(row.get(1));
  }

  @Test void badKIsAnArgumentError() {
    SQLException e = assertThrows(SQLException.class, () -> rows(
        "select topk_neurons_error(activation, 99) from s.fc2"
            + " tablesample boundary('uniform', 0.1)"));
    assertEquals(BoundaryErrors.BAD_ARGUMENT, e.getSQLState());
    assertEquals("TOPK_NEURONS_ERROR: k must be between 1 and the layer's 8 neurons, got 99",
        e.getMessage());
  }

  /** COUNT(DISTINCT), which Calcite plans with grouping sets, beside the population. */
  @Test void countsBesideCountDistinct() throws SQLException {
    List<Object> row = rows("select count(distinct label), population_count()"
        + " from s.fc2 tablesample boundary('uniform', 0.1) where split = 'test'").get(0);
    long labels = 0;
    long population = 0;
    for (int c = 0; c < store.classes; c++) {
      boolean seen = false;
      for (int i = 0; i < store.items; i++) {
        seen |= store.labels[i] == c;
      }
      labels += seen ? 1 : 0;
    }
    for (int i = 0; i < store.items; i++) {
      population += store.splits[i].equals("test") ? 1 : 0;
    }
    assertEquals(List.of(labels, population), row);
  }

  @Test void rollupIsAnArgumentError() {
    SQLException e = assertThrows(SQLException.class, () -> rows(
        "select label, population_count() from s.fc2 tablesample boundary('uniform', 0.1)"
            + " group by rollup(label)"));
    assertEquals(BoundaryErrors.BAD_ARGUMENT, e.getSQLState());
  }

  /** The sampled store written by materialize from "s" (and its latent store beside it). */
  private static synchronized Path materialized() throws IOException {
    Path out = dir.resolve("materialized");
    if (!Files.isDirectory(out.resolve("s_uniform"))) {
      Files.createDirectories(out);
      Store full = Store.open(catalog.resolve("s"), dir.resolve("cache"));
      SampledStore.materialize(full, SampleSpec.of(SamplingMethod.UNIFORM, 0.1),
          dir.resolve("cache"), out, "s_uniform", ProgressListener.NONE);
    }
    return out;
  }

  private static Map<Integer, long[]> materializedCounts(String sql)
      throws IOException, SQLException {
    Map<Integer, long[]> actual = new TreeMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:boundary:catalog=" + materialized()
             + ";cache=" + dir.resolve("cache"));
         Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        actual.put(r.getInt(1), new long[] {r.getLong(2), r.getLong(3)});
      }
    }
    return actual;
  }

  /** A store written by materialize: its population is the latent store beside it. */
  @Test void sampledStoreCountsItsLatentStore() throws IOException, SQLException {
    SortedSet<Long> sampled = store.sampleIds("uniform", 0.1, 0.7, 0);
    assertCounts(counts(sampled, i -> store.splits[i].equals("test")), materializedCounts(
        "select label, count(*), population_count() from s_uniform.conv where split = 'test'"
            + " group by label"));
    try (Connection c = DriverManager.getConnection("jdbc:boundary:catalog=" + materialized()
             + ";cache=" + dir.resolve("cache"));
         Statement s = c.createStatement();
         ResultSet r = s.executeQuery("select error_estimator() from s_uniform.conv"
             + " where split = 'test' group by label")) {
      while (r.next()) {
        assertEquals("bootstrap", r.getString(1));
      }
    }
  }

  /**
   * A store written by materialize from a store without logits (no layer one value per class
   * wide) has no model-assisted estimate, and says why.
   */
  @Test void sampledStoreWithoutLogitsGetsNoEstimate() throws IOException, SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:boundary:catalog=" + materialized()
             + ";cache=" + dir.resolve("cache"))) {
      List<List<Object>> rows = JdbcRows.rows(c, "select estimate_basis(),"
          + " avg_activation_estimate(activation) from s_uniform.conv group by label");
      assertEquals(store.classes, rows.size());
      for (List<Object> row : rows) {
        assertEquals("none: store s_uniform stores no layer of one value per class (the"
            + " logits)", row.get(0));
        assertNull(row.get(1));
      }
    }
  }

  /**
   * A condition on the latent layer's activations: the latent store holds them for every
   * item, so the population is counted under it. (It failed with "Type mismatch: REAL NOT NULL
   * ARRAY", reported as a bad argument.)
   */
  @Test void sampledStoreFiltersOnItsLatentLayer() throws IOException, SQLException {
    SortedSet<Long> sampled = store.sampleIds("uniform", 0.1, 0.7, 0);
    float[][] fc2 = store.layers.get("fc2");
    assertCounts(counts(sampled, i -> fc2[i][0] > 0.5), materializedCounts(
        "select label, count(*), population_count() from s_uniform.fc2"
            + " where activation[1] > 0.5 group by label"));
  }

  /**
   * A condition on another layer's activations, which the sampled store holds for its sample
   * only: the population is unknown, and the query says so instead of answering.
   */
  @Test void sampledStoreRefusesAConditionOnAMissingLayer() throws IOException {
    SQLException e = assertThrows(SQLException.class, () -> materializedCounts(
        "select label, count(*), population_count() from s_uniform.conv"
            + " where activation[1] > 0.5 group by label"));
    assertEquals(BoundaryErrors.UNSUPPORTED, e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("s_uniform.conv"), e.getMessage());
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.sample.cache.Sample;
import org.boundarysql.sample.cache.SampleCache;
import org.boundarysql.store.Catalog;
import org.boundarysql.store.Store;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests TABLESAMPLE BOUNDARY and the diagnosis functions through JDBC; expected values come
 * from plain loops over the arrays the test wrote.
 */
class SqlSurfaceTest {
  @TempDir static Path dir;
  static Path catalog;
  static TestCatalog tiny;

  @BeforeAll static void writeCatalog() throws IOException {
    catalog = Files.createDirectories(dir.resolve("catalog"));
    tiny = new TestCatalog(catalog, "tiny", 600, 4, 3, Map.of("conv", new int[] {3, 2, 2}));
    Path nolatent = Files.createDirectories(catalog.resolve("nolatent"));
    Files.writeString(nolatent.resolve("store.json"),
        "{\"classes\": [\"a\", \"b\"], \"layers\": [{\"name\": \"fc2\", \"shape\": [8]}]}");
    Files.copy(catalog.resolve("tiny/items.csv"), nolatent.resolve("items.csv"));
    Files.copy(catalog.resolve("tiny/fc2.npy"), nolatent.resolve("fc2.npy"));
    Files.writeString(nolatent.resolve("items.csv"), Files.readString(
        nolatent.resolve("items.csv")).replaceAll(",[23],", ",1,").replaceAll(",[23]\n", ",1\n"));
  }

  static Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:boundary:catalog=" + catalog + ";cache="
        + dir.resolve("cache"));
  }

  static List<List<Object>> query(String sql) throws SQLException {
    try (Connection c = connect()) {
      return JdbcRows.rows(c, sql);
    }
  }

  /**
   * The messages of the error a query raises. Calcite raises errors of functions evaluated
   * while rows are fetched from {@code ResultSet.next()} unchecked, not as SQLException.
   */
  static String error(String sql) {
    Exception e = assertThrows(Exception.class, () -> query(sql));
    StringBuilder messages = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }

  /** Mean of each neuron over the rows with the given label (and correctness, if not null). */
  static double[] mean(String layer, int label, Boolean correct) {
    float[][] values = tiny.layers.get(layer);
    double[] sum = new double[values[0].length];
    int n = 0;
    for (int i = 0; i < tiny.items; i++) {
      boolean isCorrect = tiny.labels[i] == tiny.predicted[i];
      if (tiny.labels[i] == label && (correct == null || correct == isCorrect)) {
        n++;
        for (int j = 0; j < sum.length; j++) {
          sum[j] += values[i][j];
        }
      }
    }
    for (int j = 0; j < sum.length; j++) {
      sum[j] /= n;
    }
    return sum;
  }

  static List<Object> topK(double[] mean, int k) {
    Integer[] order = new Integer[mean.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> mean[a] != mean[b] ? Double.compare(mean[b], mean[a])
        : Integer.compare(a, b));
    return new ArrayList<>(Arrays.asList(order).subList(0, k));
  }

  @Test void avgActivationPerClass() throws SQLException {
    List<List<Object>> rows = query("select label, avg_activation(activation) from tiny.conv"
        + " group by label order by label");
    assertEquals(List.of(0, 1, 2, 3), rows.stream().map(row -> row.get(0)).toList());
    for (List<Object> row : rows) {
      double[] expected = mean("conv", (Integer) row.get(0), null);
      List<?> actual = (List<?>) row.get(1);
      for (int j = 0; j < expected.length; j++) {
        assertEquals(expected[j], ((Number) actual.get(j)).doubleValue(), 1e-5);
      }
    }
  }

  @Test void topkNeuronsPerClassAndCorrectness() throws SQLException {
    List<List<Object>> rows = query("select label, correct, topk_neurons(activation, 3)"
        + " from tiny.conv group by label, correct");
    assertEquals(8, rows.size());
    assertEquals(8, rows.stream().map(row -> row.subList(0, 2)).distinct().count(),
        "every (label, correct) group once");
    for (List<Object> row : rows) {
      assertEquals(topK(mean("conv", (Integer) row.get(0), (Boolean) row.get(1)), 3),
          row.get(2));
    }
  }

  @Test void argmaxAndArgmaxDist() throws SQLException {
    float[][] fc2 = tiny.layers.get("fc2");
    double[] shares = new double[8];
    int n = 0;
    for (int i = 0; i < tiny.items; i++) {
      if (tiny.labels[i] == 1) {
        int best = 0;
        for (int j = 1; j < 8; j++) {
          best = fc2[i][j] > fc2[i][best] ? j : best;
        }
        shares[best]++;
        n++;
      }
    }
    assertTrue(n > 100, "items of label 1: " + n);
    List<Object> actual = (List<Object>) query("select argmax_dist(activation) from tiny.fc2"
        + " where label = 1").get(0).get(0);
    assertEquals(8, actual.size());
    for (int j = 0; j < 8; j++) {
      assertEquals(shares[j] / n, ((Number) actual.get(j)).doubleValue(), 1e-12);
    }
    // One row per neuron that is some item's argmax, with that many items: every row, no more.
    Map<Integer, Long> expected = new TreeMap<>();
    for (int j = 0; j < 8; j++) {
      if (shares[j] > 0) {
        expected.put(j, (long) shares[j]);
      }
    }
    Map<Integer, Long> counts = new TreeMap<>();
    for (List<Object> row : query("select argmax(activation), count(*) from tiny.fc2"
        + " where label = 1 group by argmax(activation)")) {
      assertNull(counts.put((Integer) row.get(0), ((Number) row.get(1)).longValue()),
          "neuron " + row.get(0) + " twice");
    }
    assertEquals(expected, counts);
  }

  /** Linear CKA of a representation with itself is 1; against conv it equals a naive loop. */
  @Test void linearCka() throws SQLException {
    double self = ((Number) query("select linear_cka(a.activation, b.activation)"
        + " from tiny.fc2 a join tiny.fc2 b on a.id = b.id").get(0).get(0)).doubleValue();
    assertEquals(1.0, self, 1e-9);
    double cka = ((Number) query("select linear_cka(a.activation, b.activation)"
        + " from tiny.fc2 a join tiny.conv b on a.id = b.id").get(0).get(0)).doubleValue();
    assertEquals(naiveCka(tiny.layers.get("fc2"), tiny.layers.get("conv")), cka, 1e-6);
  }

  static double naiveCka(float[][] x, float[][] y) {
    double[][] xc = centered(x);
    double[][] yc = centered(y);
    return frobenius2(cross(xc, yc)) / Math.sqrt(frobenius2(cross(xc, xc))
        * frobenius2(cross(yc, yc)));
  }

  static double[][] centered(float[][] m) {
    double[][] c = new double[m.length][m[0].length];
    for (int j = 0; j < m[0].length; j++) {
      double mean = 0;
      for (float[] row : m) {
        mean += row[j];
      }
      mean /= m.length;
      for (int i = 0; i < m.length; i++) {
        c[i][j] = m[i][j] - mean;
      }
    }
    return c;
  }

  static double[][] cross(double[][] a, double[][] b) {
    double[][] r = new double[a[0].length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int p = 0; p < a[0].length; p++) {
        for (int q = 0; q < b[0].length; q++) {
          r[p][q] += a[i][p] * b[i][q];
        }
      }
    }
    return r;
  }

  static double frobenius2(double[][] m) {
    double s = 0;
    for (double[] row : m) {
      for (double v : row) {
        s += v * v;
      }
    }
    return s;
  }

  /** Hand-computed values: 1 of 3 shared; orthogonal vectors; disjoint distributions. */
  @Test void comparisonScalars() throws SQLException {
    List<Object> row = query("select topk_precision(array[1, 2, 3], array[3, 4, 5]),"
        + " cosine_distance(array[1.0, 0.0], array[0.0, 1.0]),"
        + " cosine_distance(array[1.0, 2.0], array[2.0, 4.0]),"
        + " js_distance(array[1.0, 0.0], array[0.0, 1.0]),"
        + " js_distance(array[0.5, 0.5], array[0.5, 0.5])").get(0);
    assertEquals(1.0 / 3, ((Number) row.get(0)).doubleValue(), 1e-12);
    assertEquals(1.0, ((Number) row.get(1)).doubleValue(), 1e-12);
    assertEquals(0.0, ((Number) row.get(2)).doubleValue(), 1e-12);
    assertEquals(1.0, ((Number) row.get(3)).doubleValue(), 1e-12);
    assertEquals(0.0, ((Number) row.get(4)).doubleValue(), 1e-12);
  }

  /**
   * ACTIVATION_BYTES: the stored floats as little-endian float32 bytes, row by row; an array
   * built in SQL too; null stays null.
   */
  @Test void activationBytes() throws SQLException {
    float[][] conv = tiny.layers.get("conv");
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("select id, activation_bytes(activation) from tiny.conv")) {
      int rows = 0;
      while (r.next()) {
        float[] expected = conv[tiny.row(r.getLong(1))];
        java.nio.FloatBuffer floats = java.nio.ByteBuffer.wrap(r.getBytes(2))
            .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        assertEquals(expected.length, floats.remaining());
        for (float value : expected) {
          assertEquals(value, floats.get(), 0f);
        }
        rows++;
      }
      assertEquals(tiny.items, rows);
    }
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("select activation_bytes(array[1.5, -2.0]),"
             + " activation_bytes(cast(null as real array))")) {
      r.next();
      // 1.5f is 0x3fc00000 and -2.0f 0xc0000000, least significant byte first.
      assertArrayEquals(new byte[] {0, 0, (byte) 0xc0, 0x3f, 0, 0, 0, (byte) 0xc0},
          r.getBytes(1));
      assertNull(r.getBytes(2));
    }
  }

  private static List<Long> ids(String sql) throws SQLException {
    List<Long> ids = new ArrayList<>();
    for (List<Object> row : query(sql)) {
      ids.add(((Number) row.get(0)).longValue());
    }
    ids.sort(null);
    return ids;
  }

  /** The ids the sampler picks when called directly on the test's own arrays, sorted. */
  private static List<Long> samplersChoice(String method, double fraction, long seed) {
    return new ArrayList<>(tiny.sampleIds(method, fraction, 0.7, seed));
  }

  /** The sampled table holds exactly the items the sampler picks when called directly. */
  @Test void sampleIsTheSamplersSample() throws SQLException {
    for (String method : List.of("maxmargin", "uniform", "stratified")) {
      List<Long> expected = samplersChoice(method, 0.1, 0);
      assertEquals(60, expected.size(), "10% of 600 items");
      assertEquals(expected, ids("select id from tiny.fc2 tablesample boundary('" + method
          + "', 0.1)"), method);
    }
  }

  /** Two layers sampled alike join one to one; the same spec gives the same rows. */
  @Test void sampledLayersJoinOneToOne() throws SQLException {
    List<Long> fc2 = ids("select id from tiny.fc2 tablesample boundary('gmm_spherical', 0.2)");
    List<Long> conv = ids("select c.id from tiny.conv as c"
        + " tablesample boundary('gmm_spherical', 0.2, 0.7)");
    assertEquals(fc2, conv);
    assertEquals(fc2, ids("select id from tiny.fc2 tablesample boundary('gmm_spherical', 0.2)"));
    assertEquals((long) fc2.size(), ((Number) query("select count(*) from"
        + " tiny.fc2 as a tablesample boundary('gmm_spherical', 0.2) join"
        + " tiny.conv as b tablesample boundary('gmm_spherical', 0.2) on a.id = b.id")
        .get(0).get(0)).longValue());
    assertEquals(120, fc2.size());
    assertEquals(List.of(List.of(8, 12)), query("select distinct cardinality(a.activation),"
        + " cardinality(b.activation) from"
        + " tiny.fc2 as a tablesample boundary('gmm_spherical', 0.2) join"
        + " tiny.conv as b tablesample boundary('gmm_spherical', 0.2) on a.id = b.id"));
  }

  /** REPEATABLE changes a random method's sample, not a deterministic method's. */
  @Test void repeatableChangesRandomMethodsOnly() throws SQLException {
    assertNotEquals(ids("select id from tiny.fc2 tablesample boundary('uniform', 0.1)"),
        ids("select id from tiny.fc2 tablesample boundary('uniform', 0.1) repeatable(7)"));
    assertEquals(samplersChoice("uniform", 0.1, 7),
        ids("select id from tiny.fc2 tablesample boundary('uniform', 0.1) repeatable(7)"));
    assertEquals(samplersChoice("uniform", 0.1, 0),
        ids("select id from tiny.fc2 tablesample boundary('uniform', 0.1)"));
    assertEquals(ids("select id from tiny.fc2 tablesample boundary('maxmargin', 0.1)"),
        ids("select id from tiny.fc2 tablesample boundary('maxmargin', 0.1) repeatable(7)"));
  }

  @Test void explainShowsTheSample() throws SQLException {
    String plan = (String) query("explain plan for select avg_activation(activation)"
        + " from tiny.conv tablesample boundary('maxmargin', 0.05, 0.5) repeatable(3)")
        .get(0).get(0);
    assertTrue(plan.contains("table=[[tiny, conv]], sample=[maxmargin fraction=0.05 j=0.5"
        + " seed=0 size=30]"), plan);
  }

  /**
   * The listed size is 50% of 600 = 300 items, and the correct and incorrect counts are those
   * of the sampled ids by the test's own labels and predictions.
   */
  @Test void samplesTableListsSamples() throws SQLException {
    List<Long> sampled = ids("select id from tiny.items tablesample boundary('stratified', 0.5)"
        + " repeatable(11)");
    assertEquals(300, sampled.size());
    int correct = 0;
    for (long id : sampled) {
      int row = tiny.row(id);
      correct += tiny.labels[row] == tiny.predicted[row] ? 1 : 0;
    }
    List<List<Object>> rows = query("select size, correct, incorrect"
        + " from boundary.samples where store = 'tiny' and sampler = 'stratified'"
        + " and fraction = 0.5 and seed = 11");
    assertEquals(List.of(List.of(300, correct, 300 - correct)), rows);
    assertTrue(correct > 0 && correct < 300, "both kinds sampled: " + correct);
  }

  /** A new cache (a restart) reads the sample from disk; a corrupt file is recomputed. */
  @Test void cacheSurvivesRestartAndCorruption() throws SQLException, IOException {
    List<Long> sampled = ids("select id from tiny.fc2 tablesample boundary('vas', 0.1)");
    Store store = Catalog.open(catalog, dir.resolve("cache")).stores().stream()
        .filter(s -> s.name().equals("tiny")).findFirst().orElseThrow();
    SampleSpec spec = new SampleSpec(SamplingMethod.forName("vas"), 0.1, 0.7, 0);
    ComputationLog computations = new ComputationLog();
    SampleCache restarted = new SampleCache(dir.resolve("cache"));
    Sample fromDisk = restarted.get(store, spec);
    assertTrue(fromDisk.fromDisk());
    assertEquals(0, computations.started("sample"));
    List<Long> ids = new ArrayList<>();
    for (int row : fromDisk.rows()) {
      ids.add(store.items().id(row));
    }
    ids.sort(null);
    assertEquals(sampled, ids);
    Path file;
    try (var files = Files.walk(dir.resolve("cache/tiny/samples"))) {
      file = files.filter(f -> f.getFileName().toString().startsWith("vas-")).findFirst()
          .orElseThrow();
    }
    Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 40));
    SampleCache afterCorruption = new SampleCache(dir.resolve("cache"));
    Sample recomputed = afterCorruption.get(store, spec);
    assertFalse(recomputed.fromDisk());
    assertEquals(1, computations.started("sample"));
    computations.close();
    assertArrayEquals(fromDisk.rows(), recomputed.rows());
    // Both are the sampler's own choice on the values the test wrote.
    assertEquals(samplersChoice("vas", 0.1, 0), sampled);
  }

  /**
   * A margin-stratified sample of the 600 items at 10% (60 items, default j = 0.4): strata of
   * 60 (the 10% nearest the boundary), then five of 108 (cuts at 168, 276, 384, 492); targets
   * 0.4 · 60 = 24 and 0.6 · 60 · 108/540 = 7.2 each: 24, 7, 7, 7, 7, 7 = 59, the last item to
   * the equal largest shortfall of the lowest stratum, 1: probabilities 24/60, 8/108, 7/108.
   * The ids are the sampled ones, each stratum's Σ 1/π is its size, and a restart reads the same
   * probabilities from the sample file.
   */
  @Test void inclusionProbabilitiesVisible() throws SQLException {
    try (Connection c = connect()) {
      List<List<Object>> sampled = JdbcRows.rows(c, "select id from tiny.fc2 tablesample"
          + " boundary('margin_stratified', 0.1) repeatable (3) order by id");
      List<List<Object>> items = JdbcRows.rows(c, "select id, stratum, inclusion_probability"
          + " from boundary.sample_items where store = 'tiny' and sampler = 'margin_stratified'"
          + " and seed = 3 order by id");
      assertEquals(sampled, items.stream().map(row -> List.of(row.get(0))).toList());
      double[] sizes = new double[6];
      for (List<Object> row : items) {
        int stratum = (Integer) row.get(1);
        assertEquals(expected(stratum), (Double) row.get(2), 1e-15);
        sizes[stratum] += 1 / (Double) row.get(2);
      }
      assertArrayEquals(new double[] {60, 108, 108, 108, 108, 108}, sizes, 1e-9);
      assertEquals(List.of(List.of(0.4, 60, 6, 7 / 108.0, 0.4)), JdbcRows.rows(c,
          "select j, size, strata, min_inclusion, max_inclusion from boundary.samples"
          + " where store = 'tiny' and sampler = 'margin_stratified' and seed = 3"));
      JdbcRows.rows(c, "select count(*) from tiny.fc2 tablesample boundary('vas', 0.1)");
      assertEquals(List.of(Arrays.asList(60L, null, null)), JdbcRows.rows(c, "select count(*),"
          + " max(stratum), max(inclusion_probability) from boundary.sample_items"
          + " where store = 'tiny' and sampler = 'vas'"));
    }
    Store store = Catalog.open(catalog, dir.resolve("cache")).stores().stream()
        .filter(s -> s.name().equals("tiny")).findFirst().orElseThrow();
    Sample fromDisk = new SampleCache(dir.resolve("cache")).get(store,
        new SampleSpec(SamplingMethod.MARGIN_STRATIFIED, 0.1, 0.4, 3));
    assertTrue(fromDisk.fromDisk());
    for (int i = 0; i < fromDisk.rows().length; i++) {
      assertEquals(expected(fromDisk.draw().strata()[i]),
          fromDisk.draw().probabilities()[i], 1e-15);
    }
  }

  private static double expected(int stratum) {
    return stratum == 0 ? 24 / 60.0 : stratum == 1 ? 8 / 108.0 : 7 / 108.0;
  }

  @Test void bernoulliStillWorks() throws SQLException {
    long n = ((Number) query("select count(*) from tiny.fc2 tablesample bernoulli(50)")
        .get(0).get(0)).longValue();
    assertTrue(n > 200 && n < 400, "bernoulli(50) of 600 gave " + n);
  }

  @Test void errors() {
    String unknown = error("select id from tiny.fc2 tablesample boundary('nearest', 0.1)");
    assertTrue(unknown.contains("nearest") && unknown.contains("maxmargin")
        && unknown.contains("gmm_full") && unknown.contains("ebtree"), unknown);
    assertTrue(error("select id from tiny.fc2 tablesample boundary('uniform', 0)")
        .contains("fraction must be in (0, 1], got 0.0"));
    assertTrue(error("select id from tiny.fc2 tablesample boundary('uniform', 1.5)")
        .contains("fraction must be in (0, 1], got 1.5"));
    assertTrue(error("select id from tiny.fc2 tablesample boundary('uniform', 0.1, 2)")
        .contains("j must be in [0, 1], got 2.0"));
    assertTrue(error("select topk_neurons(activation, 0) from tiny.fc2")
        .contains("TOPK_NEURONS: k must be between 1 and the layer's 8 neurons, got 0"));
    assertTrue(error("select topk_neurons(activation, 9) from tiny.fc2")
        .contains("TOPK_NEURONS: k must be between 1 and the layer's 8 neurons, got 9"));
    String lengths = error("select cosine_distance(avg_activation(activation), array[1.0])"
        + " from tiny.fc2");
    assertTrue(lengths.contains("length"), lengths);
    String noLatent = error("select id from nolatent.fc2 tablesample boundary('uniform', 0.1)");
    assertTrue(noLatent.contains("needs a latent layer, but store nolatent names no"),
        noLatent);
  }
}

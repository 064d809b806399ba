/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import org.boundarysql.adapter.BoundaryErrors;
import org.boundarysql.adapter.JdbcRows;
import org.boundarysql.adapter.RepeatableBernoulli;
import org.boundarysql.adapter.TestCatalog;
import org.boundarysql.estimate.DirectModelAssistedMean;
import org.boundarysql.materialize.SampledStore;
import org.boundarysql.sample.Draw;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.store.DirectPrincipalScores;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.Store;
import org.boundarysql.store.StoreDirectory;
import org.boundarysql.store.StoreManifest;
import org.boundarysql.store.StoreWriter;
import org.boundarysql.task.ProgressListener;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model-assisted estimates through the remote driver, on a store written by the test (latent
 * layer fc2, logits, target conv): every estimate and interval against
 * {@link DirectModelAssistedMean} (normal equations, explicit hat matrix, variance loop), fed
 * with auxiliaries, population moments, strata pooling and the floor computed here by loops,
 * and the inclusion probabilities of the design (n/N by hand for uniform; the sampler's own draw
 * for margin_stratified). Store p, the same with an input, has the input's principal component
 * scores among its auxiliaries ({@link DirectPrincipalScores}: covariance by loops, power
 * iteration).
 */
class ServerEstimateTest {
  /** z with P(|Z| ≤ z) = 0.9 and 0.8. */
  private static final double Z90 = 1.6448536269514722;
  private static final double Z80 = 1.2815515655446004;

  /** The sample materialized as store s_ms; the same as TABLESAMPLE {@link #MS_SQL}. */
  private static final SampleSpec MARGIN_STRATIFIED =
      SampleSpec.of(SamplingMethod.MARGIN_STRATIFIED, 0.2, 0.4, 5);
  private static final String MS_SQL = "boundary('margin_stratified', 0.2, 0.4) repeatable(5)";

  @TempDir static Path dir;
  static TestCatalog store;
  /** A store with an input (x, 12 values per item), and its items' reference scores. */
  static TestCatalog withInput;
  static float[][] inputScores;
  static BoundaryServer server;

  @BeforeAll static void start() throws Exception {
    Path catalog = Files.createDirectories(dir.resolve("catalog"));
    Map<String, int[]> layers = new java.util.LinkedHashMap<>();
    layers.put("logits", new int[] {4});
    layers.put("conv", new int[] {3, 2, 2});
    store = new TestCatalog(catalog, "s", 900, 4, 11, layers);
    withInput = new TestCatalog(catalog, "p", 800, 4, 13, layers);
    inputScores = DirectPrincipalScores.scores(DirectPrincipalScores.fed(
        DirectPrincipalScores.addInput(catalog.resolve("p"), withInput.items, 17)), 12);
    // sampled stores beside it, and their latent store s_latent, as materialize writes them
    Store full = Store.open(catalog.resolve("s"), dir.resolve("cache"));
    SampledStore.materialize(full, MARGIN_STRATIFIED, dir.resolve("cache"), catalog, "s_ms",
        ProgressListener.NONE);
    SampledStore.materialize(full, SampleSpec.of(SamplingMethod.MAXMARGIN, 0.2),
        dir.resolve("cache"), catalog, "s_mm", ProgressListener.NONE);
    server = BoundaryServer.start(catalog, dir.resolve("cache"), BoundaryServer.LOOPBACK, 0,
        null);
  }

  @AfterAll static void stop() {
    server.close();
  }

  /** Rows of a query through the remote driver, each column as a Java value. */
  private static List<List<Object>> rows(String sql) throws SQLException {
    try (Connection c = RemoteServer.connect(server)) {
      return JdbcRows.rows(c, sql);
    }
  }

  /**
   * An item's auxiliaries: latent (fc2), logits, softmax of the logits, and its input scores if
   * {@code scores} is not null.
   */
  private static double[] auxiliaries(TestCatalog store, float[][] scores, int i) {
    float[] latent = store.layers.get("fc2")[i];
    float[] logits = store.layers.get("logits")[i];
    int inputs = scores == null ? 0 : scores[i].length;
    double[] x = new double[latent.length + 2 * logits.length + inputs];
    for (int j = 0; j < inputs; j++) {
      x[latent.length + 2 * logits.length + j] = scores[i][j];
    }
    double total = 0;
    for (float logit : logits) {
      total += Math.exp(logit);
    }
    for (int j = 0; j < latent.length; j++) {
      x[j] = latent[j];
    }
    for (int c = 0; c < logits.length; c++) {
      x[latent.length + c] = logits[c];
      x[latent.length + logits.length + c] = Math.exp(logits[c]) / total;
    }
    return x;
  }

  /** The reference estimate of a group: {mean, standard error}, or null under 5 items. */
  private static double[][] reference(IntPredicate group, Draw draw, double[] pi,
      Function<float[], double[]> target) {
    return reference(store, null, group, draw, pi, target);
  }

  /** As above, on a store whose items' input scores are {@code scores} (null: none). */
  private static double[][] reference(TestCatalog store, float[][] scores, IntPredicate group,
      Draw draw, double[] pi, Function<float[], double[]> target) {
    Map<Integer, Integer> drawn = new HashMap<>();
    for (int k = 0; k < draw.rows().length; k++) {
      drawn.put(draw.rows()[k], k);
    }
    List<double[]> x = new ArrayList<>();
    List<double[]> y = new ArrayList<>();
    List<Integer> strata = new ArrayList<>();
    List<Double> probabilities = new ArrayList<>();
    List<double[]> population = new ArrayList<>();
    for (int i = 0; i < store.items; i++) {
      if (group.test(i)) {
        population.add(auxiliaries(store, scores, i));
        Integer k = drawn.get(i);
        if (k != null) {
          x.add(auxiliaries(store, scores, i));
          y.add(target.apply(store.layers.get("conv")[i]));
          strata.add(draw.strata()[k]);
          probabilities.add(pi[k]);
        }
      }
    }
    if (y.size() < 5) {
      return null;
    }
    int q = x.get(0).length;
    double[] mean = new double[q];
    double[] scale = new double[q];
    for (double[] row : population) {
      for (int j = 0; j < q; j++) {
        mean[j] += row[j] / population.size();
      }
    }
    for (double[] row : population) {
      for (int j = 0; j < q; j++) {
        scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / population.size();
      }
    }
    for (int j = 0; j < q; j++) {
      scale[j] = Math.sqrt(scale[j]);
    }
    DirectModelAssistedMean.Sample sample = new DirectModelAssistedMean.Sample(
        x.toArray(double[][]::new), y.toArray(double[][]::new), pooled(strata),
        probabilities.stream().mapToDouble(p -> p).toArray(), mean, scale);
    double[][] estimate = DirectModelAssistedMean.at(sample,
        DirectModelAssistedMean.gcvPenalty(sample));
    double[] positive = Arrays.stream(estimate[1]).filter(se -> se > 0).sorted().toArray();
    double floor = positive[positive.length / 2] / Math.sqrt(y.size());
    for (int c = 0; c < estimate[1].length; c++) {
      estimate[1][c] = Math.max(estimate[1][c], floor);
    }
    return estimate;
  }

  /**
   * Strata of one sampled item of the group pooled: two or more such items form one stratum;
   * a lone one joins the largest stratum (the lower number among equals).
   */
  private static int[] pooled(List<Integer> strata) {
    Map<Integer, Integer> sizes = new TreeMap<>();
    strata.forEach(h -> sizes.merge(h, 1, Integer::sum));
    List<Integer> singles = sizes.keySet().stream().filter(h -> sizes.get(h) == 1).toList();
    int largest = sizes.keySet().stream().max((a, b) -> sizes.get(a).equals(sizes.get(b))
        ? Integer.compare(b, a) : Integer.compare(sizes.get(a), sizes.get(b))).orElseThrow();
    int pool = singles.size() >= 2 ? -1 : largest;
    return strata.stream().mapToInt(h -> singles.contains(h) ? pool : h).toArray();
  }

  private static double[] values(float[] activation) {
    double[] y = new double[activation.length];
    for (int c = 0; c < y.length; c++) {
      y[c] = activation[c];
    }
    return y;
  }

  private static double[] argmaxIndicator(float[] activation) {
    int best = 0;
    for (int c = 1; c < activation.length; c++) {
      best = activation[c] > activation[best] ? c : best;
    }
    double[] y = new double[activation.length];
    y[best] = 1;
    return y;
  }

  private static void assertClose(double[] expected, Object actual, String what) {
    assertNotNull(actual, what);
    List<?> list = (List<?>) actual;
    assertEquals(expected.length, list.size(), what);
    for (int c = 0; c < expected.length; c++) {
      assertEquals(expected[c], ((Number) list.get(c)).doubleValue(),
          1e-7 * Math.max(1, Math.abs(expected[c])), what + " neuron " + c);
    }
  }

  private static double[] plus(double[][] estimate, double z) {
    double[] bound = new double[estimate[0].length];
    for (int c = 0; c < bound.length; c++) {
      bound[c] = estimate[0][c] + z * estimate[1][c];
    }
    return bound;
  }

  /**
   * Checks every group of a query by label against the reference, the query run twice on one
   * connection: the second run finds the groups' population and fit bases kept by the first.
   */
  private static void assertEstimatesByLabel(String sample, Draw draw, double[] pi)
      throws SQLException {
    assertEstimatesByLabel("s.conv tablesample " + sample, sample, draw, pi);
  }

  /** As above, for the rows of {@code table}. */
  private static void assertEstimatesByLabel(String table, String sample, Draw draw,
      double[] pi) throws SQLException {
    String sql = "select label, count(*), estimate_basis(),"
        + " avg_activation_estimate(activation), avg_activation_low(activation),"
        + " avg_activation_high(activation, 0.8), topk_neurons_estimate(activation, 3),"
        + " argmax_dist_estimate(activation), avg_activation(activation)"
        + " from " + table + " where split = 'test' group by label";
    try (Connection c = RemoteServer.connect(server)) {
      for (int run = 0; run < 2; run++) {
        assertEstimatesByLabel(JdbcRows.rows(c, sql), sample + " run " + run, draw, pi);
      }
    }
  }

  private static void assertEstimatesByLabel(List<List<Object>> rows, String sample, Draw draw,
      double[] pi) {
    assertEquals(store.classes, rows.size());
    for (List<Object> row : rows) {
      int label = (Integer) row.get(0);
      IntPredicate group = i -> store.labels[i] == label && store.splits[i].equals("test");
      double[][] expected = reference(group, draw, pi, ServerEstimateTest::values);
      String what = sample + " label " + label;
      assertEquals("model_assisted", row.get(2), what);
      assertClose(expected[0], row.get(3), what);
      assertClose(plus(expected, -Z90), row.get(4), what + " low");
      assertClose(plus(expected, Z80), row.get(5), what + " high");
      Integer[] top = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
      Arrays.sort(top, (a, b) -> expected[0][a] == expected[0][b] ? Integer.compare(a, b)
          : Double.compare(expected[0][b], expected[0][a]));
      assertEquals(List.of(top[0], top[1], top[2]), row.get(6), what + " top 3");
      double[] shares = reference(group, draw, pi, ServerEstimateTest::argmaxIndicator)[0];
      double total = 0;
      for (int c = 0; c < shares.length; c++) {
        shares[c] = Math.min(1, Math.max(0, shares[c]));
        total += shares[c];
      }
      for (int c = 0; c < shares.length; c++) {
        shares[c] /= total;
      }
      assertClose(shares, row.get(7), what + " argmax");
    }
  }

  /** A uniform sample's weights are n/N, one stratum: the estimate matches the reference. */
  @Test void uniformEstimatesMatchTheDirectComputation() throws SQLException {
    Draw draw = store.draw("uniform", 0.2, 0.7, 3);
    double[] pi = new double[draw.rows().length];
    Arrays.fill(pi, (double) draw.rows().length / store.items);
    assertEstimatesByLabel("boundary('uniform', 0.2) repeatable(3)", draw, pi);
  }

  /**
   * A store with a float input: its items' scores on the input's principal components are
   * auxiliaries beside the latent layer and logits, and the basis says so.
   */
  @Test void inputScoresAreAuxiliaries() throws SQLException {
    Draw draw = withInput.draw("uniform", 0.2, 0.7, 3);
    double[] pi = new double[draw.rows().length];
    Arrays.fill(pi, (double) draw.rows().length / withInput.items);
    List<List<Object>> rows = rows("select label, estimate_basis(),"
        + " avg_activation_estimate(activation), avg_activation_low(activation)"
        + " from p.conv tablesample boundary('uniform', 0.2) repeatable(3)"
        + " where split = 'test' group by label");
    assertEquals(withInput.classes, rows.size());
    boolean inputsMatter = false;
    for (List<Object> row : rows) {
      int label = (Integer) row.get(0);
      IntPredicate group = i -> withInput.labels[i] == label
          && withInput.splits[i].equals("test");
      double[][] expected = reference(withInput, inputScores, group, draw, pi,
          ServerEstimateTest::values);
      String what = "input store label " + label;
      assertEquals("model_assisted (latent, logits, input)", row.get(1), what);
      assertClose(expected[0], row.get(2), what);
      assertClose(plus(expected, -Z90), row.get(3), what + " low");
      double[] without = reference(withInput, null, group, draw, pi,
          ServerEstimateTest::values)[0];
      for (int c = 0; c < without.length; c++) {
        inputsMatter |= Math.abs(without[c] - expected[0][c]) > 1e-6;
      }
    }
    assertTrue(inputsMatter, "the input scores change the estimate");
  }

  /** margin_stratified: strata and probabilities of the sampler's draw, pooled per group. */
  @Test void marginStratifiedEstimatesMatchTheDirectComputation() throws SQLException {
    Draw draw = store.draw("margin_stratified", 0.2, 0.4, 5);
    assertTrue(draw.strataCount() >= 6);
    assertEstimatesByLabel("boundary('margin_stratified', 0.2, 0.4) repeatable(5)", draw,
        draw.probabilities());
  }

  /**
   * Calcite's BERNOULLI(30): every item had a chance of 0.3, one stratum; the kept items are
   * those of the sample's own test of an id.
   */
  @Test void bernoulliEstimatesMatchTheDirectComputation() throws SQLException {
    int[] kept = java.util.stream.IntStream.range(0, store.items)
        .filter(i -> RepeatableBernoulli.keeps(store.ids[i], 2, 0.3)).toArray();
    Draw draw = new Draw(kept, new int[kept.length], filled(kept.length, 0.3));
    List<List<Object>> rows = rows("select label, avg_activation_estimate(activation),"
        + " estimate_basis() from s.conv tablesample bernoulli(30) repeatable(2)"
        + " group by label");
    assertEquals(store.classes, rows.size());
    for (List<Object> row : rows) {
      int label = (Integer) row.get(0);
      assertClose(reference(i -> store.labels[i] == label, draw, draw.probabilities(),
          ServerEstimateTest::values)[0], row.get(1), "bernoulli label " + label);
      assertEquals("model_assisted", row.get(2));
    }
  }

  private static double[] filled(int n, double value) {
    double[] values = new double[n];
    Arrays.fill(values, value);
    return values;
  }

  /**
   * A join of two layers sampled alike: the estimate of the joined layer's activation is the
   * one of the single-table query.
   */
  @Test void joinOfTwoLayers() throws SQLException {
    Draw draw = store.draw("uniform", 0.2, 0.7, 3);
    double[] pi = new double[draw.rows().length];
    Arrays.fill(pi, (double) draw.rows().length / store.items);
    List<List<Object>> rows = rows("select a.label, avg_activation_estimate(b.activation),"
        + " estimate_basis() from s.fc2 as a tablesample boundary('uniform', 0.2) repeatable(3)"
        + " join s.conv as b tablesample boundary('uniform', 0.2) repeatable(3)"
        + " on a.id = b.id where a.correct group by a.label");
    assertEquals(store.classes, rows.size());
    for (List<Object> row : rows) {
      int label = (Integer) row.get(0);
      double[][] expected = reference(i -> store.labels[i] == label
          && store.labels[i] == store.predicted[i], draw, pi, ServerEstimateTest::values);
      assertClose(expected[0], row.get(1), "join label " + label);
      assertEquals("model_assisted", row.get(2));
    }
  }

  /**
   * Groups of fewer than 5 sampled items get no estimate and say so; groups the sample misses
   * have no row, like every aggregate's; the others get theirs.
   */
  @Test void smallGroups() throws SQLException {
    Draw draw = store.draw("uniform", 0.2, 0.7, 3);
    double[] pi = new double[draw.rows().length];
    Arrays.fill(pi, (double) draw.rows().length / store.items);
    int[] sampled = new int[store.classes * store.classes];
    for (int row : draw.rows()) {
      sampled[store.labels[row] * store.classes + store.predicted[row]]++;
    }
    List<List<Object>> rows = rows("select label, predicted, count(*),"
        + " avg_activation_estimate(activation), estimate_basis()"
        + " from s.conv tablesample boundary('uniform', 0.2) repeatable(3)"
        + " group by label, predicted");
    assertEquals(Arrays.stream(sampled).filter(n -> n > 0).count(), rows.size());
    int small = 0;
    for (List<Object> row : rows) {
      int label = (Integer) row.get(0);
      int predicted = (Integer) row.get(1);
      long n = (Long) row.get(2);
      assertEquals(sampled[label * store.classes + predicted], n);
      if (n < 5) {
        small++;
        assertNull(row.get(3));
        assertEquals("none: the sample holds " + n + " of the group's items, fewer than 5",
            row.get(4));
      } else if (n < 20) {
        // Fewer items than auxiliaries (16): the fit interpolates, GCV's score is flat over
        // the small penalties and the reference's choice may differ from the SVD's by a step.
        assertEquals(12, ((List<?>) row.get(3)).size());
        assertEquals("model_assisted", row.get(4));
      } else {
        assertClose(reference(i -> store.labels[i] == label && store.predicted[i] == predicted,
            draw, pi, ServerEstimateTest::values)[0], row.get(3), label + "/" + predicted);
      }
    }
    assertTrue(small > 0, "the test needs a group of fewer than 5 sampled items");
  }

  /**
   * No estimate where the design gives no known probabilities, the rows come from two samples
   * or the sample holds none of the population's items; the exact mean with a zero-width
   * interval where the query read the full table.
   */
  @Test void unknownProbabilitiesAndFullTables() throws SQLException {
    List<Object> maxMargin = rows("select avg_activation_estimate(activation),"
        + " avg_activation_low(activation), estimate_basis()"
        + " from s.conv tablesample boundary('maxmargin', 0.2)").get(0);
    assertNull(maxMargin.get(0));
    assertNull(maxMargin.get(1));
    assertEquals("none: maxmargin gives its items no known chance of being sampled",
        maxMargin.get(2));
    List<Object> mixed = rows("select avg_activation_estimate(b.activation), estimate_basis()"
        + " from s.fc2 as a tablesample boundary('uniform', 0.5)"
        + " join s.conv as b tablesample boundary('uniform', 0.5) repeatable(1)"
        + " on a.id = b.id").get(0);
    assertNull(mixed.get(0));
    assertTrue(((String) mixed.get(1)).startsWith("none: the query reads several samples"),
        (String) mixed.get(1));

    // a join that gives each sampled item of a label several rows: no estimate (the
    // estimate's rows show it; ESTIMATE_BASIS(), which reads no activation, cannot)
    List<Object> repeated = rows("select count(*), count(distinct a.id),"
        + " avg_activation_estimate(a.activation) from s.conv as a"
        + " tablesample boundary('uniform', 0.2) repeatable(3)"
        + " join s.items as b on a.label = b.label and b.id < 1300 where a.label = 2").get(0);
    assertTrue((Long) repeated.get(0) > (Long) repeated.get(1), repeated.toString());
    assertTrue((Long) repeated.get(1) >= 5, repeated.toString());
    assertNull(repeated.get(2));

    Draw draw = store.draw("uniform", 0.2, 0.7, 3);
    long missed = java.util.stream.IntStream.range(0, store.items)
        .filter(i -> Arrays.binarySearch(draw.rows(), i) < 0).mapToLong(i -> store.ids[i])
        .findFirst().orElseThrow();
    List<Object> none = rows("select count(*), population_count(), estimate_basis(),"
        + " avg_activation_estimate(activation) from s.conv"
        + " tablesample boundary('uniform', 0.2) repeatable(3) where id = " + missed).get(0);
    assertEquals(List.of(0L, 1L, "none: the sample holds no item of the group"),
        none.subList(0, 3));
    assertNull(none.get(3));

    double[] mean = new double[12];
    int population = 0;
    for (int i = 0; i < store.items; i++) {
      if (store.labels[i] == 1 && store.splits[i].equals("train")) {
        population++;
        for (int c = 0; c < 12; c++) {
          mean[c] += store.layers.get("conv")[i][c];
        }
      }
    }
    for (int c = 0; c < 12; c++) {
      mean[c] /= population;
    }
    List<Object> full = rows("select avg_activation_estimate(activation),"
        + " avg_activation_low(activation, 0.99), avg_activation_high(activation),"
        + " estimate_basis() from s.conv where label = 1 and split = 'train'").get(0);
    assertClose(mean, full.get(0), "full");
    assertClose(mean, full.get(1), "full low");
    assertClose(mean, full.get(2), "full high");
    assertEquals("exact", full.get(3));
  }

  /**
   * The draw a sampled store records: its items (as rows of store s), and the stratum and
   * inclusion probability of each, read from its items.csv by the test.
   */
  private static Draw recordedDraw(Path sampledStore) throws IOException {
    List<String> lines = Files.readAllLines(sampledStore.resolve("items.csv"));
    List<String> header = List.of(lines.get(0).split(","));
    int id = header.indexOf("id");
    int stratum = header.indexOf("stratum");
    int pi = header.indexOf("inclusion_probability");
    int n = lines.size() - 1;
    int[] rows = new int[n];
    int[] strata = new int[n];
    double[] probabilities = new double[n];
    for (int k = 0; k < n; k++) {
      String[] fields = lines.get(k + 1).split(",");
      rows[k] = store.row(Long.parseLong(fields[id]));
      strata[k] = Integer.parseInt(fields[stratum]);
      probabilities[k] = Double.parseDouble(fields[pi]);
    }
    return new Draw(rows, strata, probabilities);
  }

  /**
   * A store written by materialize is the sample: its estimates use the design it records
   * (strata and inclusion probabilities read here from its items.csv, its items those the
   * sampler draws from the test's values) and the population of its latent store s_latent,
   * and match the direct computation.
   */
  @Test void sampledStoreEstimatesMatchTheDirectComputation() throws Exception {
    Draw recorded = recordedDraw(dir.resolve("catalog").resolve("s_ms"));
    Draw drawn = store.draw("margin_stratified", 0.2, 0.4, 5);
    assertTrue(Arrays.equals(drawn.rows(), recorded.rows()), "the sampler's items");
    assertTrue(recorded.strataCount() >= 6);
    assertEstimatesByLabel("s_ms.conv", "store s_ms", recorded, recorded.probabilities());
  }

  /**
   * The estimates over a sampled store equal those of the same TABLESAMPLE over its source
   * (another path: the source's rows and auxiliaries, the sample's cached draw), under WHERE,
   * FILTER, joins of layers and for the latent layer and the logits as targets.
   */
  @Test void sampledStoreAnswersAsTheTableSampleOfItsSource() throws SQLException {
    List<String> queries = List.of(
        "select label, predicted, count(*), population_count(), estimate_basis(),"
            + " avg_activation_estimate(activation), avg_activation_low(activation, 0.8),"
            + " avg_activation_high(activation), argmax_dist_estimate(activation),"
            + " topk_neurons_estimate(activation, 2) from {conv} where split = 'test'"
            + " group by label, predicted",
        "select a.label, estimate_basis(), avg_activation_estimate(b.activation)"
            + " filter (where a.correct), avg_activation_estimate(a.activation)"
            + " from {fc2} as a join {conv} as b on a.id = b.id where a.id > 1500"
            + " group by a.label",
        "select predicted, estimate_basis(), avg_activation_estimate(activation),"
            + " avg_activation_low(activation) from {logits} where activation[1] > 0.2"
            + " group by predicted");
    try (Connection c = RemoteServer.connect(server)) {
      for (String query : queries) {
        List<List<Object>> sampled = JdbcRows.rows(c, query.replaceAll("\\{(\\w+)}", "s_ms.$1"));
        List<List<Object>> source = JdbcRows.rows(c, query.replaceAll("\\{(\\w+)}",
            "s.$1 tablesample " + MS_SQL));
        assertEquals(source, sampled, query);
        assertTrue(sampled.stream().anyMatch(row -> row.contains("model_assisted")), query);
      }
    }
  }

  /**
   * No estimate, and why: a sampled store of a design without known probabilities, a
   * TABLESAMPLE of a sampled store; the plain aggregates keep their meaning.
   */
  @Test void sampledStoresWithoutAnEstimate() throws SQLException {
    List<Object> maxMargin = rows("select count(*), estimate_basis(),"
        + " avg_activation_estimate(activation), population_count() from s_mm.conv").get(0);
    assertEquals(List.of((long) store.draw("maxmargin", 0.2, 0.7, 0).rows().length,
        "none: maxmargin gives its items no known chance of being sampled (s_mm records no"
            + " inclusion_probability)"), maxMargin.subList(0, 2));
    assertNull(maxMargin.get(2));
    assertEquals((long) store.items, maxMargin.get(3));
    // a TABLESAMPLE of a sampled store: no estimate, and no population to count
    String twiceSampled = "s_ms is a sample (" + MARGIN_STRATIFIED.describe() + "), and a"
        + " TABLESAMPLE of it samples that sample: query s_ms without TABLESAMPLE, or s_latent"
        + " with it";
    String sample = " from s_ms.conv tablesample boundary('uniform', 0.5)";
    List<Object> twice = rows("select count(*), estimate_basis(),"
        + " avg_activation_estimate(activation)" + sample).get(0);
    assertEquals(Arrays.asList((long) (recordedRows() / 2), "none: " + twiceSampled, null),
        twice);
    try (Connection c = RemoteServer.connect(server); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeQuery("select population_count()" + sample));
      assertEquals(BoundaryErrors.BAD_ARGUMENT, e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains(twiceSampled), e.getMessage());
      assertEquals(recordedRows(), RemoteServer.single(c, "select count(*) from s_ms.conv"));

      // the items table: its columns found in the latent store's by name, but the design's
      long test = Arrays.stream(store.splits).filter("test"::equals).count();
      assertEquals(test, RemoteServer.single(c, "select population_count() from s_ms.items"
          + " where split = 'test'"));
      SQLException unknown = assertThrows(SQLException.class, () -> s.executeQuery(
          "select stratum, population_count() from s_ms.items group by stratum"));
      assertEquals(BoundaryErrors.UNSUPPORTED, unknown.getSQLState(), unknown.getMessage());
      assertTrue(unknown.getMessage().contains("s_ms.items.stratum"), unknown.getMessage());
    }
  }

  private static int recordedRows() {
    return store.draw("margin_stratified", 0.2, 0.4, 5).rows().length;
  }

  /** Rows of a query over a catalog, embedded. */
  private static List<List<Object>> embeddedRows(Path catalog, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:boundary:catalog=" + catalog
        + ";cache=" + dir.resolve("cache"))) {
      return JdbcRows.rows(c, sql);
    }
  }

  /** A catalog of its own holding the sampled store s_ms of store s (seed 11) and s_latent. */
  private static Path materializedCatalog(String name) throws IOException {
    Path catalog = dir.resolve(name);
    SampledStore.materialize(Store.open(dir.resolve("catalog").resolve("s"),
        dir.resolve("cache")), MARGIN_STRATIFIED, dir.resolve("cache"), catalog, "s_ms",
        ProgressListener.NONE);
    return catalog;
  }

  /**
   * A sampled store whose latent store is missing, written with other store files, or older
   * than the latent stores that keep the logits: no estimate, and why; what needs the
   * population is refused.
   */
  @Test void sampledStoresWithoutTheirPopulation() throws Exception {
    String sql = "select estimate_basis(), avg_activation_estimate(activation)"
        + " from s_ms.conv group by label";

    Path missing = materializedCatalog("missing");
    StoreDirectory.deleteTree(missing.resolve("s_latent"));
    for (List<Object> row : embeddedRows(missing, sql)) {
      assertEquals(Arrays.asList("none: the population of s_ms is its latent store s_latent,"
          + " which this catalog does not hold", null), row);
    }
    SQLException e = assertThrows(SQLException.class,
        () -> embeddedRows(missing, "select population_count() from s_ms.conv"));
    assertTrue(e.getMessage().contains("the population of s_ms.conv is table s_latent.items,"
        + " which this catalog does not hold"), e.getMessage());

    // the latent store of another store s (seed 12), put in place of s_ms's
    Path other = materializedCatalog("other");
    Path otherSource = Files.createDirectories(dir.resolve("other-source"));
    new TestCatalog(otherSource, "s", 900, 4, 12, Map.of("logits", new int[] {4}));
    SampledStore.materialize(Store.open(otherSource.resolve("s"), dir.resolve("cache")),
        MARGIN_STRATIFIED, dir.resolve("cache"), dir.resolve("other-out"), "s_ms",
        ProgressListener.NONE);
    StoreDirectory.deleteTree(other.resolve("s_latent"));
    Files.move(dir.resolve("other-out").resolve("s_latent"), other.resolve("s_latent"));
    for (List<Object> row : embeddedRows(other, sql)) {
      assertEquals(Arrays.asList("none: the latent store s_latent was not written with s_ms"
          + " (their sample.json name other sources)", null), row);
    }

    // as the latent stores written before they kept the logits: the latent layer only
    Path old = materializedCatalog("old");
    Path oldLatent = old.resolve("s_latent");
    String provenance = Files.readString(oldLatent.resolve("sample.json"));
    StoreDirectory.deleteTree(oldLatent);
    try (StoreWriter writer = new StoreWriter(oldLatent, new StoreManifest("s",
        List.of("c0", "c1", "c2", "c3"), "fc2", List.of(new LayerSpec("fc2", new int[] {8}))),
        store.items)) {
      for (int i = 0; i < store.items; i++) {
        writer.writeItem(store.ids[i], store.splits[i], store.labels[i], store.predicted[i]);
        writer.writeActivation("fc2", store.layers.get("fc2")[i]);
      }
    }
    Files.writeString(oldLatent.resolve("sample.json"), provenance.replace(
        "latent layer and logits", "latent layer only"));
    for (List<Object> row : embeddedRows(old, sql)) {
      assertEquals(Arrays.asList("none: the latent store s_latent holds no layer logits of"
          + " s_ms (latent stores written before they kept the logits do not: write the"
          + " sample again)", null), row);
    }
    // the plain aggregates and the population are as before
    assertEquals(List.of(List.of((long) store.items)),
        embeddedRows(old, "select population_count() from s_ms.conv"));
  }

  /**
   * The estimates a scan computes itself (an aggregate of one sampled layer by item columns:
   * EXPLAIN shows BoundaryTableAggregate) are, value for value, those of the generic plan (a
   * join with the population and Calcite's aggregate) on the same rows: the same query with
   * ESTIMATE_BASIS(), which no scan computes; under WHERE, with groups too small for an
   * estimate, groups the sample misses, and without GROUP BY; and those of a join of two
   * layers and of a FILTER, which only the generic plan serves. They match the direct
   * computation too.
   */
  @Test void estimatesInTheScanAreTheGenericPlans() throws SQLException {
    String estimates = "avg_activation_estimate(activation), topk_neurons_estimate(activation,"
        + " 3), argmax_dist_estimate(activation), count(*), avg_activation(activation)";
    String uniform = " from s.conv tablesample boundary('uniform', 0.2) repeatable(3)";
    String stratified = " from s.conv tablesample " + MS_SQL;
    Draw draw = store.draw("uniform", 0.2, 0.7, 3);
    long missed = java.util.stream.IntStream.range(0, store.items)
        .filter(i -> Arrays.binarySearch(draw.rows(), i) < 0).mapToLong(i -> store.ids[i])
        .findFirst().orElseThrow();
    Map<String, String> bodies = new java.util.LinkedHashMap<>();
    bodies.put("label", uniform + " where split = 'test' group by label");
    bodies.put("label ", stratified + " where split = 'test' group by label");
    bodies.put("label, predicted", uniform + " group by label, predicted");
    bodies.put("predicted", stratified + " where correct and id > 1100 group by predicted");
    bodies.put("", uniform + " where label = 2");
    bodies.put(" ", uniform + " where id = " + missed);
    int small = 0;
    try (Connection c = RemoteServer.connect(server)) {
      for (Map.Entry<String, String> query : bodies.entrySet()) {
        String keys = query.getKey().isBlank() ? "" : query.getKey().trim() + ", ";
        String inScan = "select " + keys + estimates + query.getValue();
        String generic = "select " + keys + estimates + ", estimate_basis()" + query.getValue();
        assertTrue(plan(c, inScan).contains("BoundaryTableAggregate"), plan(c, inScan));
        assertFalse(plan(c, generic).contains("BoundaryTableAggregate"), plan(c, generic));
        int keyCount = keys.split(",").length - 1;
        Map<List<Object>, List<Object>> expected = byKeys(JdbcRows.rows(c, generic), keyCount,
            keyCount + 5);
        Map<List<Object>, List<Object>> actual = byKeys(JdbcRows.rows(c, inScan), keyCount,
            keyCount + 5);
        assertEquals(expected, actual, inScan);
        small += (int) actual.values().stream().filter(r -> r.get(r.size() - 5) == null
            && (Long) r.get(r.size() - 2) > 0).count();
      }
      assertTrue(small > 0, "the test needs a group of fewer than 5 sampled items");

      // the scan's estimates against the direct computation
      double[] pi = new double[draw.rows().length];
      Arrays.fill(pi, (double) draw.rows().length / store.items);
      for (List<Object> row : JdbcRows.rows(c, "select label, avg_activation_estimate("
          + "activation)" + uniform + " where split = 'test' group by label")) {
        int label = (Integer) row.get(0);
        assertClose(reference(i -> store.labels[i] == label && store.splits[i].equals("test"),
            draw, pi, ServerEstimateTest::values)[0], row.get(1), "in the scan, label " + label);
      }

      // a join of two layers and a FILTER: the generic plan, the same estimates
      Map<List<Object>, List<Object>> correct = byKeys(JdbcRows.rows(c, "select label,"
          + " avg_activation_estimate(activation)" + uniform + " where correct group by label"),
          1, 2);
      assertEquals(correct, byKeys(JdbcRows.rows(c, "select a.label,"
          + " avg_activation_estimate(b.activation) from s.fc2 as a"
          + " tablesample boundary('uniform', 0.2) repeatable(3)"
          + " join s.conv as b tablesample boundary('uniform', 0.2) repeatable(3)"
          + " on a.id = b.id where a.correct group by a.label"), 1, 2));
      assertEquals(correct, byKeys(JdbcRows.rows(c, "select label,"
          + " avg_activation_estimate(activation) filter (where correct)" + uniform
          + " group by label"), 1, 2));
    }
  }

  /** The text of a query's plan. */
  private static String plan(Connection c, String sql) throws SQLException {
    return JdbcRows.rows(c, "explain plan for " + sql).toString();
  }

  /** A query's first {@code width} columns by its first {@code keyCount}. */
  private static Map<List<Object>, List<Object>> byKeys(List<List<Object>> rows, int keyCount,
      int width) {
    Map<List<Object>, List<Object>> byKeys = new HashMap<>();
    for (List<Object> row : rows) {
      byKeys.put(row.subList(0, keyCount), row.subList(0, width));
    }
    return byKeys;
  }

  /**
   * Bad levels and k fail their statement with 22023, a non-array with 42883; the server keeps
   * serving.
   */
  @Test void badArguments() throws SQLException {
    String from = " from s.conv tablesample boundary('uniform', 0.2) repeatable(3)";
    Map<String, String> bad = Map.of(
        "avg_activation_low(activation, 1.5)",
        "AVG_ACTIVATION_LOW: level must be between 0 and 1 (exclusive), got 1.5",
        "avg_activation_high(activation, 0)",
        "AVG_ACTIVATION_HIGH: level must be between 0 and 1 (exclusive), got 0",
        "topk_neurons_estimate(activation, 0)",
        "TOPK_NEURONS_ESTIMATE: k must be between 1 and the layer's 12 neurons, got 0");
    try (Connection c = RemoteServer.connect(server); Statement s = c.createStatement()) {
      for (Map.Entry<String, String> call : bad.entrySet()) {
        SQLException e = assertThrows(SQLException.class,
            () -> s.executeQuery("select " + call.getKey() + from));
        assertEquals(BoundaryErrors.BAD_ARGUMENT, e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains(call.getValue()), e.getMessage());
      }
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeQuery("select avg_activation_estimate(label)" + from));
      // Not an array: refused by validation, as for AVG_ACTIVATION (undefined function).
      assertEquals("42883", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("No match found for function signature"
          + " AVG_ACTIVATION_ESTIMATE(<NUMERIC>)"), e.getMessage());
      assertEquals(RemoteServer.single(c, "select count(*)" + from),
          store.draw("uniform", 0.2, 0.7, 3).rows().length);
    }
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.adapter.CloseRows;
import org.boundarysql.adapter.ComputationLog;
import org.boundarysql.adapter.JdbcRows;
import org.boundarysql.server.BoundaryServer;
import org.boundarysql.server.RemoteServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SQL over an on-demand store answers as SQL over the full capture of the same model and
 * inputs, within 1e-5, embedded and remote, sampled and over every item, for every diagnosis
 * function; EXPLAIN says what will be computed; only the rows a query reads are computed; the
 * items' inputs read as fed and as pictures; a computation over the budget is refused (54000).
 */
class OnDemandSqlTest {
  /** The queries, written for store {@code S}; every diagnosis function appears. */
  static final List<String> QUERIES = List.of(
      "select label, count(*) as items, population_count() as population,"
          + " error_estimator() as estimator, avg_activation(activation) as mean"
          + " from S.relu tablesample boundary('maxmargin', 0.05) where split = 'test'"
          + " group by label order by label",
      "select label, count(*) as items, topk_neurons(activation, 5) as top5"
          + " from S.relu where not correct group by label order by label",
      "select predicted, argmax_dist(activation) as dist from S.pool"
          + " tablesample boundary('uniform', 0.2) group by predicted order by predicted",
      "select count(*) as items, linear_cka(r.activation, p.activation) as cka"
          + " from S.relu as r tablesample boundary('maxmargin', 0.1)"
          + " join S.pool as p tablesample boundary('maxmargin', 0.1) on r.id = p.id",
      "select count(*) as items, linear_cka(l.activation, r.activation) as cka"
          + " from S.logits as l join S.relu as r on l.id = r.id where l.label = 2",
      "select label, topk_neurons_error(activation, 3) as e1,"
          + " avg_activation_error(activation) as e2, argmax_dist_error(activation) as e3"
          + " from S.relu tablesample boundary('uniform', 0.3) group by label order by label",
      "select label, count(*) as items, estimate_basis() as basis,"
          + " avg_activation_estimate(activation) as estimate,"
          + " avg_activation_low(activation) as low, argmax_dist_estimate(activation) as dist"
          + " from S.relu tablesample boundary('margin_stratified', 0.2) group by label"
          + " order by label",
      "select id, argmax(activation) as best, activation[3] as third,"
          + " cosine_distance(activation, activation) as zero,"
          + " activation_bytes(activation) as bytes from S.relu where id in (5, 17, 450)"
          + " order by id",
      "select id, activation from S.pool tablesample boundary('maxmargin', 0.05) order by id",
      "select s.label, cosine_distance(s.mean, a.mean) as distance,"
          + " topk_precision(s.top, a.top) as prec, js_distance(s.dist, a.dist) as js"
          + " from (select label, avg_activation(activation) as mean,"
          + " topk_neurons(activation, 4) as top, argmax_dist(activation) as dist"
          + " from S.relu tablesample boundary('maxmargin', 0.1) group by label) s"
          + " join (select label, avg_activation(activation) as mean,"
          + " topk_neurons(activation, 4) as top, argmax_dist(activation) as dist"
          + " from S.relu group by label) a on s.label = a.label order by s.label");

  @TempDir static Path tmp;
  static OnDemandStores stores;
  static BoundaryServer server;

  @BeforeAll
  static void captureAndServe() throws Exception {
    stores = new OnDemandStores(tmp, 11).capture();
    server = BoundaryServer.start(stores.catalog, tmp.resolve("served-cache"), "127.0.0.1", 0,
        null, new BoundaryServer.Limits(60, 60));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Connection embedded(String cache) throws SQLException {
    return DriverManager.getConnection("jdbc:boundary:catalog=" + stores.catalog + ";cache="
        + tmp.resolve(cache));
  }

  @Test void answersEqualTheFullCaptureEmbeddedAndRemote() throws Exception {
    try (Connection full = embedded("cache-whole");
        Connection embedded = embedded("cache-embedded");
        Connection remote = RemoteServer.connect(server)) {
      assertEquals(JdbcRows.rows(full, "select id from whole.items tablesample"
          + " boundary('maxmargin', 0.05) order by id"), JdbcRows.rows(embedded,
          "select id from twin.items tablesample boundary('maxmargin', 0.05) order by id"),
          "the same latent values, so the same sample");
      for (String query : QUERIES) {
        List<List<Object>> expected = JdbcRows.rows(full, query.replace("S.", "whole."));
        assertFalse(expected.isEmpty(), query);
        for (Connection twin : List.of(embedded, remote)) {
          List<List<Object>> actual = JdbcRows.rows(twin, query.replace("S.", "twin."));
          CloseRows.assertClose(expected, actual, 1e-5, query);
        }
      }
    }
  }

  /**
   * The model-assisted estimate of an on-demand layer: the population's side reads every
   * item's stored latent layer and logits and its kept input (the principal component scores),
   * and only the sampled rows are computed.
   */
  @Test void estimatesComputeTheSampledRowsOnly() throws Exception {
    try (Connection c = embedded("cache-estimates")) {
      List<Object> row = JdbcRows.rows(c, "select count(*), estimate_basis(),"
          + " avg_activation_estimate(activation) from twin.relu"
          + " tablesample boundary('margin_stratified', 0.2)").get(0);
      assertEquals("model_assisted (latent, logits, input)", row.get(1));
      assertTrue(row.get(2) instanceof List<?> estimate && estimate.size() == 32, row.toString());
      long sampled = ((Number) row.get(0)).longValue();
      String plan = JdbcRows.rows(c, "explain plan for select avg_activation(activation)"
          + " from twin.relu").toString();
      assertTrue(plan.contains("compute=[relu for " + OnDemandStores.ITEMS + " rows, " + sampled
          + " cached]"), plan);
    }
  }

  /** EXPLAIN names the layer and its rows, and how many are cached, before and after. */
  @Test void explainShowsWhatWillBeComputedAndOnlyThoseRowsAreComputed() throws Exception {
    int[] wanted = IntStream.range(0, OnDemandStores.ITEMS)
        .filter(i -> i >= OnDemandStores.TEST_ITEMS && stores.labels[i] == 1
            && CaptureTest.argmax(stores.expected("logits", i)) != 1).toArray();
    String query = "select count(*) as items, avg_activation(activation) as mean from twin.pool"
        + " where split = 'train' and label = 1 and not correct";
    try (Connection c = embedded("cache-explain")) {
      String plan = JdbcRows.rows(c, "explain plan for " + query).toString();
      assertTrue(plan.contains("compute=[pool for " + wanted.length + " rows, 0 cached]"), plan);
      List<List<Object>> answer = JdbcRows.rows(c, query);
      assertEquals((long) wanted.length, ((Number) answer.get(0).get(0)).longValue());
      double[] mean = new double[8];
      for (int i : wanted) {
        float[] pool = stores.expected("pool", i);
        for (int k = 0; k < 8; k++) {
          mean[k] += pool[k] / wanted.length;
        }
      }
      CloseRows.assertClose(List.of(List.of((long) wanted.length, boxed(mean))), answer, 1e-5,
          query);
      plan = JdbcRows.rows(c, "explain plan for " + query).toString();
      assertTrue(plan.contains("compute=[pool for " + wanted.length + " rows, " + wanted.length
          + " cached]"), plan);
      assertEquals(List.of(List.of("flat", "stored", 600), List.of("logits", "stored", 600),
          List.of("relu", "on demand", 0), List.of("pool", "on demand", wanted.length)),
          JdbcRows.rows(c, "select layer, kind, rows_cached from boundary.layers"
              + " where store = 'twin'"));
    }
  }

  /**
   * A sampled query with the population of its groups (counted on the full table) computes
   * the sample's rows only: the population's activations are never read.
   */
  @Test void aSamplesPopulationComputesNoActivation() throws Exception {
    try (Connection c = embedded("cache-population")) {
      long sample = ((Number) JdbcRows.rows(c, "select count(*) from twin.items tablesample"
          + " boundary('maxmargin', 0.1)").get(0).get(0)).longValue();
      List<List<Object>> answer = JdbcRows.rows(c, "select count(*) as items,"
          + " population_count() as population, linear_cka(l.activation, r.activation) as cka"
          + " from twin.logits as l tablesample boundary('maxmargin', 0.1)"
          + " join twin.relu as r tablesample boundary('maxmargin', 0.1) on l.id = r.id"
          + " where l.label = 1");
      long label1 = Arrays.stream(stores.labels).filter(l -> l == 1).count();
      assertEquals(label1, ((Number) answer.get(0).get(1)).longValue());
      assertEquals(List.of(List.of(sample)), JdbcRows.rows(c, "select cast(rows_cached as"
          + " bigint) from boundary.layers where store = 'twin' and layer = 'relu'"));
    }
  }

  /**
   * A statement reading two on-demand layers of a store computes both in one run of the model:
   * the first scan to read computes the sample's rows of both, the second finds them cached.
   */
  @Test void theLayersAStatementReadsAreComputedInOneRun() throws Exception {
    try (Connection c = embedded("cache-demand"); ComputationLog log = new ComputationLog()) {
      JdbcRows.rows(c, "select count(*) as items, linear_cka(r.activation, p.activation) as cka"
          + " from twin.relu as r tablesample boundary('uniform', 0.1)"
          + " join twin.pool as p tablesample boundary('uniform', 0.1) on r.id = p.id");
      assertEquals(1, log.started("rows"), "one computation for both layers");
      assertEquals(1, log.count("computing rows twin [relu, pool] for 60 rows"));
    }
  }

  /** The items' inputs as the model is fed them, and as 4×4 gray pictures of the bytes. */
  @Test void itemsHaveTheirInputsAndPictures() throws Exception {
    try (Connection c = embedded("cache-items")) {
      List<List<Object>> rows = JdbcRows.rows(c, "select id, input, input_png from twin.items"
          + " where id in (3, 450) order by id");
      for (List<Object> row : rows) {
        int id = ((Number) row.get(0)).intValue();
        float[] image = stores.image(id);
        List<?> input = (List<?>) row.get(1);
        for (int p = 0; p < 16; p++) {
          assertEquals(image[p], ((Number) input.get(p)).floatValue(), 1e-6, "pixel " + p);
        }
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream((byte[]) row.get(2)));
        assertEquals(4, picture.getWidth());
        assertEquals(4, picture.getHeight());
        for (int p = 0; p < 16; p++) {
          assertEquals(stores.pixels[id * 16 + p] & 0xff,
              picture.getRaster().getSample(p % 4, p / 4, 0), "pixel " + p + " of " + id);
        }
      }
    }
  }

  /** Over the budget: refused at once, remote, with the estimate; cached rows still read. */
  @Test void aComputationOverTheBudgetIsRefusedWith54000() throws Exception {
    try (BoundaryServer tight = BoundaryServer.start(stores.catalog, tmp.resolve("tight-cache"),
        "127.0.0.1", 0, null, new BoundaryServer.Limits(60, 1e-6));
        Connection c = RemoteServer.connect(tight)) {
      SQLException refused = assertThrows(SQLException.class, () -> JdbcRows.rows(c,
          "select avg_activation(activation) from twin.relu"));
      assertEquals("54000", refused.getSQLState(), refused.getMessage());
      assertTrue(refused.getMessage().contains("computing relu of store twin for 600 items"
          + " would take about"), refused.getMessage());
      assertEquals(List.of(List.of(600L)), JdbcRows.rows(c, "select count(*) from twin.flat"));
    }
  }

  static List<Object> boxed(double[] values) {
    return Arrays.stream(values).boxed().map(v -> (Object) v).toList();
  }
}

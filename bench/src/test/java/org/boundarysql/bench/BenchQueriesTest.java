/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.adapter.BoundaryDriver;
import org.boundarysql.kernel.LinearCka;
import org.boundarysql.sample.cache.SampleCache;
import org.boundarysql.store.Layer;
import org.boundarysql.store.Store;
import org.boundarysql.store.SyntheticStore;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark's queries answer alike in BoundarySQL, DuckDB and the Java loop, on the full
 * store and on samples, over a small synthetic store with many misclassified items so that
 * every query has rows to aggregate.
 */
class BenchQueriesTest {
  @TempDir static Path dir;
  static Store store;
  static BenchRoles roles;
  static Connection boundary;
  static Connection duck;
  static List<Variant> variants = new ArrayList<>();

  @BeforeAll static void writeStore() throws Exception {
    Path storeDir = SyntheticStore.write(dir.resolve("catalog").resolve("lenet"), 900, 900, 20,
        0.3, 7);
    store = Store.open(storeDir, dir.resolve("cache").resolve("lenet"));
    roles = BenchRoles.of(store, Map.of());
    Class.forName(BoundaryDriver.class.getName());
    boundary = DriverManager.getConnection(BoundaryDriver.PREFIX + "catalog="
        + dir.resolve("catalog") + ";cache=" + dir.resolve("cache"));
    variants.add(Variant.full());
    SampleCache samples = new SampleCache(dir.resolve("cache"));
    for (double fraction : Benchmark.FRACTIONS) {
      variants.add(Variant.sample(samples, store, fraction));
    }
    duck = DuckDbCopy.open(store, roles.layers(), variants, Progress.QUIET);
  }

  @AfterAll static void close() throws SQLException {
    boundary.close();
    duck.close();
  }

  /** Each query on each variant: BoundarySQL and DuckDB give the Java loop's answer. */
  @Test void enginesAgreeWithTheLoop() throws SQLException {
    SqlEngine calcite = new SqlEngine("embedded", boundary, SqlEngine.boundarySql("lenet", roles));
    SqlEngine duckdb = new SqlEngine("DuckDB", duck, SqlEngine.duckDbSql(roles));
    for (BenchQuery query : BenchQuery.values()) {
      for (Variant variant : variants) {
        Answer expected = new ScanLoop(store, roles, variant.rows()).answer(query);
        for (SqlEngine engine : List.of(calcite, duckdb)) {
          Answer answer;
          try (var statement = engine.prepare(query, variant)) {
            answer = SqlEngine.execute(statement);
          }
          assertNull(answer.difference(expected), engine.name() + " " + query + " "
              + variant.name() + ": " + answer.summary() + " vs " + expected.summary());
        }
      }
    }
  }

  /**
   * By role: the widest layer, the store's latent layer, the other layer of one value per class,
   * the larger split (the first of equal ones), and the classes counted by hand; named layers
   * and split instead when given.
   */
  @Test void rolesOfTheStore() {
    assertEquals(List.of("conv2", "fc2", "logits", "test"), List.of(roles.wide(),
        roles.latent(), roles.logits(), roles.split()));
    int classes = store.manifest().classes().size();
    int[] wrong = new int[classes];
    int[] sizes = new int[classes];
    int[] confusions = new int[classes * classes];
    for (int r = 0; r < store.items().size(); r++) {
      if (store.items().split(r).equals("test")) {
        sizes[store.items().label(r)]++;
        if (!store.items().correct(r)) {
          wrong[store.items().label(r)]++;
          confusions[store.items().label(r) * classes + store.items().predicted(r)]++;
        }
      }
    }
    assertEquals(Arrays.stream(wrong).max().orElseThrow(), wrong[roles.q3Class()]);
    assertEquals(Arrays.stream(sizes).max().orElseThrow(), sizes[roles.q4Class()]);
    assertEquals(Arrays.stream(confusions).max().orElseThrow(),
        confusions[roles.q5Label() * classes + roles.q5Predicted()]);
    BenchRoles named = BenchRoles.of(store, Map.of("wide", "LOGITS", "split", "train"));
    assertEquals(List.of("logits", "fc2", "logits", "train"), List.of(named.wide(),
        named.latent(), named.logits(), named.split()));
  }

  /** TABLESAMPLE BOUNDARY reads the items of the sample the benchmark takes from the cache. */
  @Test void tablesampleReadsTheCachedSample() throws SQLException {
    for (Variant variant : variants.subList(1, variants.size())) {
      List<Long> ids = new ArrayList<>();
      try (Statement statement = boundary.createStatement();
           ResultSet resultSet = statement.executeQuery("select id from lenet.items"
               + variant.tablesample() + " order by id")) {
        while (resultSet.next()) {
          ids.add(resultSet.getLong(1));
        }
      }
      assertEquals(Arrays.stream(variant.rows()).mapToLong(row -> store.items().id(row))
          .sorted().boxed().toList(), ids, variant.name());
    }
  }

  /** The full store's answers have rows in every query, so the comparison above means much. */
  @Test void fullAnswersAreNotEmpty() {
    for (BenchQuery query : BenchQuery.values()) {
      Answer answer = new ScanLoop(store, roles, null).answer(query);
      assertFalse(answer.rows().isEmpty(), query.name());
      assertTrue(((Number) answer.rows().get(0).get(query == BenchQuery.Q1
          || query == BenchQuery.Q2 ? 1 : 0)).longValue() > 1, query + ": " + answer.summary());
    }
  }

  /**
   * LINEAR_CKA keeps a small group's rows and takes the Gram-matrix route, a large one streams
   * into the kernel: both give what LinearCka gives.
   */
  @Test void linearCkaMatchesTheKernelOnBothRoutes() throws SQLException {
    Layer logits = store.layer("logits").orElseThrow();
    Layer conv2 = store.layer("conv2").orElseThrow();
    for (int limit : new int[] {5, 900}) {
      LinearCka kernel = new LinearCka(logits.width(), conv2.width());
      float[] a = new float[logits.width()];
      float[] b = new float[conv2.width()];
      int n = 0;
      for (int row = 0; row < store.items().size() && n < limit; row++) {
        if (store.items().label(row) == 3) {
          logits.read(row, a);
          conv2.read(row, b);
          kernel.add(a, b);
          n++;
        }
      }
      String sql = "select linear_cka(l.activation, c.activation) from (select * from"
          + " lenet.logits where label = 3 order by id limit " + limit + ") l join lenet.conv2 c"
          + " on l.id = c.id";
      try (Statement statement = boundary.createStatement();
           ResultSet resultSet = statement.executeQuery(sql)) {
        assertTrue(resultSet.next());
        assertEquals(kernel.cka(), resultSet.getDouble(1), 1e-7, "rows: " + n);
      }
    }
  }

  /** Filters pushed into the scan count what a loop counts, on the store and on a sample. */
  @Test void pushedFiltersMatchLoops() throws SQLException {
    int[] sample = variants.get(1).rows();
    check("label <> 3 and predicted >= 2 and split = 'train'",
        r -> store.items().label(r) != 3 && store.items().predicted(r) >= 2
            && store.items().split(r).equals("train"), null);
    check("not correct and label = 4", r -> !store.items().correct(r)
        && store.items().label(r) == 4, null);
    check("correct and split <> 'test' and id < 1500", r -> store.items().correct(r)
        && !store.items().split(r).equals("test") && store.items().id(r) < 1500, null);
    check("label > 2 and label <= 5 and correct = false", r -> store.items().label(r) > 2
        && store.items().label(r) <= 5 && !store.items().correct(r), sample);
    check("split = 'nowhere'", r -> false, null);
  }

  private static void check(String where, IntPredicate loop, int[] sample)
      throws SQLException {
    long expected = 0;
    int n = sample == null ? store.items().size() : sample.length;
    for (int i = 0; i < n; i++) {
      expected += loop.test(sample == null ? i : sample[i]) ? 1 : 0;
    }
    String from = "lenet.conv2 as c" + (sample == null ? ""
        : " tablesample boundary('maxmargin', " + Benchmark.FRACTIONS.get(0) + ")");
    try (Statement statement = boundary.createStatement()) {
      try (ResultSet plan = statement.executeQuery("explain plan for select count(*) from "
          + from + " where " + where)) {
        assertTrue(plan.next());
        assertTrue(plan.getString(1).contains("filter=["), plan.getString(1));
      }
      try (ResultSet count = statement.executeQuery("select count(*), sum(label) from " + from
          + " where " + where)) {
        assertTrue(count.next());
        assertEquals(expected, count.getLong(1), where);
      }
    }
  }
}

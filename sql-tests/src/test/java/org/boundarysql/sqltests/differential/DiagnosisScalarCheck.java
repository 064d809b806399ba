/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import org.boundarysql.sqltests.differential.Expr.Call;
import org.boundarysql.sqltests.differential.Expr.Column;
import org.boundarysql.sqltests.differential.Expr.Literal;
import org.boundarysql.sqltests.differential.Expr.Op;
import org.boundarysql.sqltests.differential.Select.Item;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The diagnosis scalar functions agree with {@link DiagnosisLoops} over the same rows:
 * per row, {@code ARGMAX(activation)} and {@code ACTIVATION_BYTES(activation)} (the row's
 * float32 values, little-endian); per group, {@code TOPK_PRECISION}, {@code COSINE_DISTANCE}
 * and {@code JS_DISTANCE} of the group's diagnosis aggregates over a random subset of its rows
 * ({@code FILTER (WHERE s)}) against the same aggregates over all of them. Which rows pass the
 * filter, their keys and the subset, DuckDB answers.
 */
final class DiagnosisScalarCheck implements Check {
  private static final double TOLERANCE = 1e-9;
  /** An expected figure that rounding decides, not checked. */
  private static final Double NOT_COMPARED = Double.valueOf(Double.NaN);

  private final Tables tables;
  private final Map<Long, Integer> rowOfId;

  DiagnosisScalarCheck(Tables tables) {
    this.tables = tables;
    this.rowOfId = tables.store().rows();
  }

  @Override public String run(SplittableRandom random, Engines engines) throws SQLException {
    ExprGenerator exprs = new ExprGenerator(random);
    From.Table a = tables.layer(exprs.pick(tables.layers()), "a", null);
    List<Column> scope = a.columns();
    Expr where = random.nextInt(4) == 0 ? null : exprs.predicate(scope, 2);
    Column activation = column(a, "activation");
    float[][] rows = tables.store().layers().get(a.name());
    if (random.nextInt(3) == 0) {
      return perRow(engines, a, activation, where, rows);
    }
    Column key = random.nextInt(3) == 0 ? null : exprs.column(scope.stream()
        .filter(c -> !c.name().equals("id")).toList());
    Expr subset = exprs.predicate(scope, 1);
    int k = 1 + random.nextInt(Math.min(12, rows[0].length));
    Literal kLiteral = new Literal((long) k, SqlType.INTEGER);
    List<Item> items = new ArrayList<>();
    if (key != null) {
      items.add(new Item(key, "k"));
    }
    items.add(new Item(new Call(Op.TOPK_PRECISION, SqlType.DOUBLE,
        new Expr.Filtered(new Call(Op.TOPK_NEURONS, SqlType.ARRAY, activation, kLiteral), subset),
        new Call(Op.TOPK_NEURONS, SqlType.ARRAY, activation, kLiteral)), "tp"));
    items.add(new Item(new Call(Op.COSINE_DISTANCE, SqlType.DOUBLE,
        new Expr.Filtered(new Call(Op.AVG_ACTIVATION, SqlType.ARRAY, activation), subset),
        new Call(Op.AVG_ACTIVATION, SqlType.ARRAY, activation)), "cd"));
    items.add(new Item(new Call(Op.JS_DISTANCE, SqlType.DOUBLE,
        new Expr.Filtered(new Call(Op.ARGMAX_DIST, SqlType.ARRAY, activation), subset),
        new Call(Op.ARGMAX_DIST, SqlType.ARRAY, activation)), "jd"));
    Select query = Select.of(items, a).withWhere(where)
        .withGroupBy(key == null ? List.of() : List.of(key), Select.Grouping.PLAIN, null);

    List<Item> rowItems = new ArrayList<>(List.of(new Item(column(a, "id"), "id"),
        new Item(subset, "s")));
    if (key != null) {
      rowItems.add(new Item(key, "k"));
    }
    // per group: its rows, and those of the subset
    Map<Object, List<List<Integer>>> groups = new LinkedHashMap<>();
    if (key == null) {
      groups.put(null, List.of(new ArrayList<>(), new ArrayList<>()));
    }
    for (List<Object> row : engines.duckdb(Select.of(rowItems, a).withWhere(where)).rows()) {
      int store = rowOfId.get(((BigDecimal) row.get(0)).longValueExact());
      List<List<Integer>> group = groups.computeIfAbsent(key == null ? null : row.get(2),
          g -> List.of(new ArrayList<>(), new ArrayList<>()));
      group.get(0).add(store);
      if (Boolean.TRUE.equals(row.get(1))) {
        group.get(1).add(store);
      }
    }
    ResultTable actual;
    try {
      actual = engines.boundary(query);
    } catch (SQLException | RuntimeException | AssertionError e) {
      return "BoundarySQL failed: " + Engines.describe(e) + "\n  " + query.sql(Dialect.BOUNDARY)
          + ";";
    }
    String problem = compareGroups(groups, actual, key != null, rows, k);
    return problem == null ? null : problem + "\n  BoundarySQL (" + engines.route() + "): "
        + query.sql(Dialect.BOUNDARY) + ";\n  BoundarySQL (" + actual.size() + " rows):\n"
        + actual.show();
  }

  /** ARGMAX and ACTIVATION_BYTES of each row that passes the filter. */
  private String perRow(Engines engines, From.Table a, Column activation, Expr where,
      float[][] rows) throws SQLException {
    Select query = Select.of(List.of(new Item(column(a, "id"), "id"),
        new Item(new Call(Op.ARGMAX, SqlType.INTEGER, activation), "top"),
        new Item(new Call(Op.ACTIVATION_BYTES, SqlType.VARCHAR, activation), "bytes")), a)
        .withWhere(where);
    List<Item> ids = List.of(new Item(column(a, "id"), "id"));
    int expected = engines.duckdb(Select.of(ids, a).withWhere(where)).size();
    ResultTable actual;
    try {
      actual = engines.boundary(query);
    } catch (SQLException | RuntimeException | AssertionError e) {
      return "BoundarySQL failed: " + Engines.describe(e) + "\n  " + query.sql(Dialect.BOUNDARY)
          + ";";
    }
    if (actual.size() != expected) {
      return expected + " rows expected, " + actual.size() + " returned\n  "
          + query.sql(Dialect.BOUNDARY) + ";";
    }
    for (List<Object> row : actual.rows()) {
      float[] values = rows[rowOfId.get(((BigDecimal) row.get(0)).longValueExact())];
      ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * values.length)
          .order(ByteOrder.LITTLE_ENDIAN);
      bytes.asFloatBuffer().put(values);
      List<Object> expectedBytes = new ArrayList<>();
      for (byte b : bytes.array()) {
        expectedBytes.add(BigDecimal.valueOf(b));
      }
      if (((BigDecimal) row.get(1)).intValueExact() != DiagnosisLoops.argmax(values)
          || !expectedBytes.equals(row.get(2))) {
        return "id " + row.get(0) + ": argmax " + row.get(1) + " (expected "
            + DiagnosisLoops.argmax(values) + ") or its activation's bytes differ\n  "
            + query.sql(Dialect.BOUNDARY) + ";";
      }
    }
    return null;
  }

  private static String compareGroups(Map<Object, List<List<Integer>>> groups,
      ResultTable actual, boolean keyed, float[][] rows, int k) {
    if (groups.size() != actual.size()) {
      return groups.size() + " groups expected, " + actual.size() + " returned";
    }
    Map<Object, List<Object>> byKey = new HashMap<>();
    for (List<Object> row : actual.rows()) {
      byKey.put(keyed ? row.get(0) : null, row.subList(keyed ? 1 : 0, row.size()));
    }
    for (Map.Entry<Object, List<List<Integer>>> group : groups.entrySet()) {
      List<Object> values = null;
      for (Map.Entry<Object, List<Object>> entry : byKey.entrySet()) {
        values = ResultComparison.same(group.getKey(), entry.getKey()) ? entry.getValue()
            : values;
      }
      if (values == null) {
        return "no group " + group.getKey();
      }
      List<Double> expected = expected(group.getValue().get(0), group.getValue().get(1), rows,
          k);
      for (int i = 0; i < 3; i++) {
        Object value = values.get(i);
        if (expected.get(i) == NOT_COMPARED) {
          continue;
        }
        boolean same = expected.get(i) == null ? value == null : value != null
            && ResultComparison.close(expected.get(i), ((Number) value).doubleValue(),
                TOLERANCE);
        if (!same) {
          return "group " + group.getKey() + ": " + List.of("topk_precision", "cosine_distance",
              "js_distance").get(i) + " " + value + ", expected " + expected.get(i);
        }
      }
    }
    return null;
  }

  /** The three figures of a group (all its rows) and its subset; null if either is empty. */
  private static List<Double> expected(List<Integer> all, List<Integer> subset, float[][] rows,
      int k) {
    List<Double> figures = new ArrayList<>(java.util.Arrays.asList(null, null, null));
    if (all.isEmpty() || subset.isEmpty()) {
      return figures;
    }
    List<float[]> allRows = all.stream().map(r -> rows[r]).toList();
    List<float[]> subsetRows = subset.stream().map(r -> rows[r]).toList();
    double[] allMean = DiagnosisLoops.mean(allRows);
    double[] subsetMean = DiagnosisLoops.mean(subsetRows);
    // near ties at the k-th neuron make the top k a matter of rounding: not compared
    figures.set(0, tiedAt(subsetMean, k) || tiedAt(allMean, k) ? NOT_COMPARED
        : DiagnosisLoops.topkPrecision(DiagnosisLoops.topK(subsetMean, k),
            DiagnosisLoops.topK(allMean, k)));
    figures.set(1, DiagnosisLoops.cosineDistance(subsetMean, allMean));
    figures.set(2, DiagnosisLoops.jsDistance(DiagnosisLoops.argmaxShares(subsetRows),
        DiagnosisLoops.argmaxShares(allRows)));
    return figures;
  }

  /** Whether the k-th and (k+1)-th largest means are equal but for rounding. */
  private static boolean tiedAt(double[] mean, int k) {
    double[] sorted = mean.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return k < n && ResultComparison.close(sorted[n - k], sorted[n - k - 1], TOLERANCE);
  }

  private static Column column(From.Table table, String name) {
    return table.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }
}

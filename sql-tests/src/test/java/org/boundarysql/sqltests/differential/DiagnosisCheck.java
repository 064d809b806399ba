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
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The diagnosis aggregates ({@code TOPK_NEURONS}, {@code AVG_ACTIVATION}, {@code ARGMAX_DIST},
 * {@code LINEAR_CKA}) under a random filter and grouping agree with {@link DiagnosisLoops} over
 * the same rows, read from the store's files; which rows pass the filter, and their group keys,
 * DuckDB answers.
 */
final class DiagnosisCheck implements Check {
  /** Means and CKA are sums of products of the same floats, added in another order. */
  private static final double TOLERANCE = 1e-9;

  private final Tables tables;
  private final Map<Long, Integer> rowOfId;

  DiagnosisCheck(Tables tables) {
    this.tables = tables;
    this.rowOfId = tables.store().rows();
  }

  @Override public String run(SplittableRandom random, Engines engines) throws SQLException {
    ExprGenerator exprs = new ExprGenerator(random);
    List<String> layers = tables.layers();
    From.Table a = tables.layer(exprs.pick(layers), "a", null);
    From.Table b = random.nextInt(4) == 0 ? tables.layer(exprs.pick(layers), "b", null)
        : random.nextBoolean() ? tables.items("i", null) : null;
    From from = b == null ? a : new From.Join(a, b, new Call(Op.EQ, SqlType.BOOLEAN,
        column(a, "id"), column(b, "id")), false);
    List<Column> scope = from.columns();
    Expr where = random.nextInt(4) == 0 ? null : exprs.predicate(scope, 2);
    Column key = random.nextInt(3) == 0 ? null : exprs.column(scope.stream()
        .filter(c -> !c.name().equals("id")).toList());
    boolean cka = b != null && !b.name().equals(Tables.ITEMS);
    Column activation = column(a, "activation");
    int width = ((Domains.Activations) activation.domain()).width();
    int k = 1 + random.nextInt(Math.min(12, width));
    List<Item> rowItems = new ArrayList<>(List.of(new Item(column(a, "id"), "id")));
    if (key != null) {
      rowItems.add(new Item(key, "k"));
    }
    Select query = Select.of(aggregates(key, activation, cka ? column(b, "activation") : null,
        k), from).withWhere(where)
        .withGroupBy(key == null ? List.of() : List.of(key), Select.Grouping.PLAIN, null);

    Map<Object, List<Integer>> groups = groups(
        engines.duckdb(Select.of(rowItems, from).withWhere(where)), key != null);
    ResultTable actual;
    try {
      actual = engines.boundary(query);
    } catch (SQLException | RuntimeException | AssertionError e) {
      return "BoundarySQL failed: " + Engines.describe(e) + "\n  " + query.sql(Dialect.BOUNDARY)
          + ";";
    }
    String problem = compare(groups, actual, key != null, a.name(), cka ? b.name() : null, k);
    return problem == null ? null : problem + "\n  " + query.sql(Dialect.BOUNDARY) + ";\n"
        + "  BoundarySQL (" + actual.size() + " rows):\n" + actual.show();
  }

  /**
   * The output columns: the group key (if any), the count and the aggregates, LINEAR_CKA of
   * the two activations if there is another, or else the three others of the first.
   */
  private static List<Item> aggregates(Column key, Column activation, Column other, int k) {
    List<Item> items = new ArrayList<>();
    if (key != null) {
      items.add(new Item(key, "k"));
    }
    items.add(new Item(new Call(Op.COUNT_STAR, SqlType.BIGINT), "n"));
    if (other != null) {
      items.add(new Item(new Call(Op.LINEAR_CKA, SqlType.DOUBLE, activation, other), "cka"));
    } else {
      items.add(new Item(new Call(Op.TOPK_NEURONS, SqlType.ARRAY, activation,
          new Literal((long) k, SqlType.INTEGER)), "top"));
      items.add(new Item(new Call(Op.AVG_ACTIVATION, SqlType.ARRAY, activation), "mean"));
      items.add(new Item(new Call(Op.ARGMAX_DIST, SqlType.ARRAY, activation), "dist"));
    }
    return items;
  }

  /** The store rows of each group (one group, maybe empty, if there is no key). */
  private Map<Object, List<Integer>> groups(ResultTable rows, boolean keyed) {
    Map<Object, List<Integer>> groups = new LinkedHashMap<>();
    if (!keyed) {
      groups.put(null, new ArrayList<>());
    }
    for (List<Object> row : rows.rows()) {
      long id = ((BigDecimal) row.get(0)).longValueExact();
      groups.computeIfAbsent(keyed ? row.get(1) : null, g -> new ArrayList<>())
          .add(rowOfId.get(id));
    }
    return groups;
  }

  private String compare(Map<Object, List<Integer>> groups, ResultTable actual, boolean keyed,
      String layer, String ckaLayer, int k) {
    if (groups.size() != actual.size()) {
      return groups.size() + " groups expected " + groups.keySet() + ", " + actual.size()
          + " returned";
    }
    for (List<Object> row : actual.rows()) {
      Object key = keyed ? row.get(0) : null;
      List<Integer> rows = groups.get(key);
      if (rows == null) {
        return "unexpected group " + key;
      }
      List<Object> values = row.subList(keyed ? 1 : 0, row.size());
      String problem = compareGroup(rows, values, layer, ckaLayer, k);
      if (problem != null) {
        return "group " + key + " (" + rows.size() + " rows): " + problem;
      }
    }
    return null;
  }

  /** Checks one group's count and aggregates against the loops over its rows. */
  private String compareGroup(List<Integer> rows, List<Object> values, String layer,
      String ckaLayer, int k) {
    if (((BigDecimal) values.get(0)).intValueExact() != rows.size()) {
      return "count " + values.get(0) + ", expected " + rows.size();
    }
    List<float[]> activations = activations(layer, rows);
    if (ckaLayer != null) {
      Double expected = rows.isEmpty() ? null
          : DiagnosisLoops.cka(activations, activations(ckaLayer, rows));
      return ResultComparison.same(expected, values.get(1)) ? null
          : "linear_cka " + values.get(1) + ", expected " + expected;
    }
    if (rows.isEmpty()) {
      return values.subList(1, 4).stream().allMatch(v -> v == null) ? null
          : "aggregates of no rows " + values.subList(1, 4) + ", expected nulls";
    }
    double[] mean = DiagnosisLoops.mean(activations);
    int[] top = DiagnosisLoops.topK(mean, k);
    String problem = compareTop(top, mean, (List<?>) values.get(1));
    if (problem == null) {
      problem = compareArray("avg_activation", mean, (List<?>) values.get(2));
    }
    return problem != null ? problem : compareArray("argmax_dist",
        DiagnosisLoops.argmaxShares(activations), (List<?>) values.get(3));
  }

  /**
   * TOPK_NEURONS returned the expected neurons, or neurons whose means differ from the
   * expected ones' only by rounding (exact ties still go to the lower index).
   */
  private static String compareTop(int[] expected, double[] mean, List<?> actual) {
    boolean same = actual.size() == expected.length;
    for (int i = 0; same && i < expected.length; i++) {
      int neuron = ((BigDecimal) actual.get(i)).intValueExact();
      same = neuron == expected[i] || mean[neuron] != mean[expected[i]]
          && ResultComparison.close(mean[neuron], mean[expected[i]], TOLERANCE);
    }
    return same ? null : "topk_neurons " + actual + ", expected " + Arrays.toString(expected);
  }

  private static String compareArray(String name, double[] expected, List<?> actual) {
    boolean same = actual.size() == expected.length;
    for (int i = 0; same && i < expected.length; i++) {
      same = ResultComparison.close(expected[i], ((Number) actual.get(i)).doubleValue(),
          TOLERANCE);
    }
    return same ? null : name + " " + actual + ",\n    expected " + Arrays.toString(expected);
  }

  private List<float[]> activations(String layer, List<Integer> rows) {
    float[][] values = tables.store().layers().get(layer);
    return rows.stream().map(r -> values[r]).toList();
  }

  private static Column column(From.Table table, String name) {
    return table.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }
}

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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * {@code POPULATION_COUNT()}, {@code ERROR_ESTIMATOR()} and the {@code _ERROR} aggregates of a
 * sampled layer, under a random filter and grouping, agree with plain loops over the sample's
 * ids and the full table. Per group: {@code COUNT(*)} is the group's sampled rows and
 * {@code POPULATION_COUNT()} its rows in the full table under the same filter; the estimator
 * follows the README's rules ({@code exact} when the sample holds the group whole,
 * {@code bootstrap} for {@code uniform}, {@code stratified} and {@code BERNOULLI} samples of at
 * least 5 of its items, {@code none} otherwise; without GROUP BY, a sample that holds none of the
 * rows is {@code exact} for no rows, {@code none} for some, and has no figures); the error
 * figures are those of the full data ({@code [1, 1, 1]}, {@code [0, 0, 0]}) when exact, null
 * when none, and within the metric's range with the interval's ends in order when
 * bootstrapped (a mean of resamples need not lie between their 5% and 95% quantiles). Which
 * rows of the full table pass the filter, and their keys, DuckDB answers.
 */
final class PopulationCheck implements Check {
  private static final Set<String> RANDOM_WITHIN_GROUPS = Set.of("uniform", "stratified",
      "bernoulli");
  private static final List<Double> FRACTIONS = List.of(0.1, 0.2, 0.3, 0.5);
  private static final int MIN_ITEMS = 5;

  private final Tables tables;
  private final List<String> clauses = new ArrayList<>();
  private final Map<String, long[]> samples = new ConcurrentHashMap<>();

  PopulationCheck(Tables tables, long seed) {
    this.tables = tables;
    SplittableRandom random = new SplittableRandom(seed + 1);
    for (String method : SampleCheck.METHODS) {
      clauses.add(SampleCheck.clause(method,
          FRACTIONS.get(random.nextInt(FRACTIONS.size())), random));
    }
  }

  @Override public String run(SplittableRandom random, Engines engines) throws SQLException {
    int spec = random.nextInt(SampleCheck.METHODS.size());
    String method = SampleCheck.METHODS.get(spec);
    String clause = clauses.get(spec);
    long[] ids = samples.get(clause);
    if (ids == null) {
      ids = SampleCheck.ids(engines, tables, clause);
      samples.putIfAbsent(clause, ids);
    }
    ExprGenerator exprs = new ExprGenerator(random);
    From.Table full = tables.layer(exprs.pick(tables.layers()), "a", null);
    From.Table sampled = tables.layer(full.name(), "a", new From.Sample(clause, ids));
    List<Column> scope = full.columns();
    Expr where = random.nextInt(4) == 0 ? null : exprs.predicate(scope, 2);
    Column key = random.nextInt(3) == 0 ? null : exprs.column(scope.stream()
        .filter(c -> !c.name().equals("id")).toList());
    Column activation = column(full, "activation");
    int width = ((Domains.Activations) activation.domain()).width();
    int k = 1 + random.nextInt(Math.min(12, width));

    List<Item> items = new ArrayList<>();
    if (key != null) {
      items.add(new Item(key, "k"));
    }
    items.add(new Item(new Call(Op.COUNT_STAR, SqlType.BIGINT), "n"));
    items.add(new Item(new Call(Op.POPULATION_COUNT, SqlType.BIGINT), "population"));
    items.add(new Item(new Call(Op.ERROR_ESTIMATOR, SqlType.VARCHAR), "estimator"));
    items.add(new Item(new Call(Op.TOPK_NEURONS_ERROR, SqlType.ARRAY, activation,
        new Literal((long) k, SqlType.INTEGER)), "top"));
    items.add(new Item(new Call(Op.AVG_ACTIVATION_ERROR, SqlType.ARRAY, activation), "mean"));
    items.add(new Item(new Call(Op.ARGMAX_DIST_ERROR, SqlType.ARRAY, activation), "dist"));
    Select query = Select.of(items, sampled).withWhere(where)
        .withGroupBy(key == null ? List.of() : List.of(key), Select.Grouping.PLAIN, null);

    List<Item> rowItems = new ArrayList<>(List.of(new Item(column(full, "id"), "id")));
    if (key != null) {
      rowItems.add(new Item(key, "k"));
    }
    Map<Object, long[]> expected = counts(engines.duckdb(Select.of(rowItems, full)
        .withWhere(where)), key != null, Arrays.stream(ids).boxed()
        .collect(Collectors.toSet()));
    ResultTable actual;
    try {
      actual = engines.boundary(query);
    } catch (SQLException | RuntimeException | AssertionError e) {
      return "BoundarySQL failed: " + Engines.describe(e) + "\n  " + query.sql(Dialect.BOUNDARY)
          + ";";
    }
    String problem = compare(expected, actual, key != null, method);
    return problem == null ? null : problem + "\n  BoundarySQL (" + engines.route() + "): "
        + query.sql(Dialect.BOUNDARY) + ";\n  BoundarySQL (" + actual.size() + " rows):\n"
        + actual.show();
  }

  /**
   * Per group, {sampled, population}: the full table's rows under the filter, and those among
   * them that the sample holds; only the groups with a sampled row, or the one group there is
   * without a key.
   */
  private static Map<Object, long[]> counts(ResultTable rows, boolean keyed, Set<Long> sample) {
    Map<Object, long[]> counts = new LinkedHashMap<>();
    for (List<Object> row : rows.rows()) {
      long id = ((BigDecimal) row.get(0)).longValueExact();
      long[] c = counts.computeIfAbsent(keyed ? row.get(1) : null, g -> new long[2]);
      c[0] += sample.contains(id) ? 1 : 0;
      c[1]++;
    }
    if (keyed) {
      counts.values().removeIf(c -> c[0] == 0);
    } else {
      counts.putIfAbsent(null, new long[2]); // the one row, whatever the sample holds
    }
    return counts;
  }

  private static String compare(Map<Object, long[]> expected, ResultTable actual, boolean keyed,
      String method) {
    if (expected.size() != actual.size()) {
      return expected.size() + " groups expected " + expected.keySet() + ", " + actual.size()
          + " returned";
    }
    Map<Object, List<Object>> byKey = new HashMap<>();
    for (List<Object> row : actual.rows()) {
      byKey.put(keyed ? row.get(0) : null, row.subList(keyed ? 1 : 0, row.size()));
    }
    for (Map.Entry<Object, long[]> group : expected.entrySet()) {
      List<Object> values = findGroup(byKey, group.getKey());
      if (values == null) {
        return "no group " + group.getKey();
      }
      String problem = compareGroup(group.getValue(), values, method);
      if (problem != null) {
        return "group " + group.getKey() + " (" + group.getValue()[0] + " of "
            + group.getValue()[1] + " items sampled): " + problem;
      }
    }
    return null;
  }

  /** The row of a group key; keys of one column compare as the result comparison does. */
  private static List<Object> findGroup(Map<Object, List<Object>> byKey, Object key) {
    for (Map.Entry<Object, List<Object>> entry : byKey.entrySet()) {
      if (ResultComparison.same(key, entry.getKey())) {
        return entry.getValue();
      }
    }
    return null;
  }

  private static String compareGroup(long[] counts, List<Object> values, String method) {
    long sampled = counts[0];
    long population = counts[1];
    if (((BigDecimal) values.get(0)).longValueExact() != sampled) {
      return "count " + values.get(0) + ", expected " + sampled;
    }
    if (((BigDecimal) values.get(1)).longValueExact() != population) {
      return "population_count " + values.get(1) + ", expected " + population;
    }
    String estimator = sampled == population ? "exact"
        : RANDOM_WITHIN_GROUPS.contains(method) && sampled >= MIN_ITEMS ? "bootstrap" : "none";
    if (sampled == 0) {
      // the one row of a query without GROUP BY whose sample holds none of its rows: no
      // answer, so no error figures
      return estimator.equals(values.get(2)) && values.subList(3, 6).stream()
          .allMatch(v -> v == null) ? null
          : "no sampled row: " + values.subList(2, 6) + ", expected " + estimator
              + " and no figures";
    }
    if (!estimator.equals(values.get(2))) {
      return "error_estimator " + values.get(2) + ", expected " + estimator;
    }
    List<?> top = (List<?>) values.get(3);
    List<?> mean = (List<?>) values.get(4);
    List<?> dist = (List<?>) values.get(5);
    return switch (estimator) {
      case "exact" -> same(top, 1) && same(mean, 0) && same(dist, 0) ? null
          : "exact figures " + top + ", " + mean + ", " + dist;
      case "none" -> top == null && mean == null && dist == null ? null
          : "figures " + top + ", " + mean + ", " + dist + " where none is given";
      default -> interval(top, 0, 1) && interval(mean, 0, 2) && upperBound(dist) ? null
          : "bootstrap figures out of range: " + top + ", " + mean + ", " + dist;
    };
  }

  /** [v, v, v]. */
  private static boolean same(List<?> figures, double v) {
    return figures != null && figures.size() == 3
        && figures.stream().allMatch(f -> ((Number) f).doubleValue() == v);
  }

  /** [expected, low, high], all within [min, max], low ≤ high. */
  private static boolean interval(List<?> figures, double min, double max) {
    if (figures == null || figures.size() != 3) {
      return false;
    }
    double expected = ((Number) figures.get(0)).doubleValue();
    double low = ((Number) figures.get(1)).doubleValue();
    double high = ((Number) figures.get(2)).doubleValue();
    return min <= low && low <= high && high <= max && min <= expected && expected <= max;
  }

  /** [expected, 0, high], within [0, 1]: a one-sided bound. */
  private static boolean upperBound(List<?> figures) {
    return figures != null && figures.size() == 3
        && ((Number) figures.get(1)).doubleValue() == 0 && interval(figures, 0, 1);
  }

  private static Column column(From.Table table, String name) {
    return table.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }
}

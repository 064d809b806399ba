/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A random query over {@code TABLESAMPLE BOUNDARY} or {@code TABLESAMPLE BERNOULLI(p)
 * REPEATABLE(s)} samples of the tables returns what DuckDB returns for the same query over the
 * full tables restricted to the sample's items (the ids that
 * {@code select id from S.items tablesample ...} returns: every table of a store is sampled
 * alike). A BOUNDARY sample also has the documented size, {@code round(fraction * items)} (but
 * for {@code ebtree}, whose tree decides). One sample per method, its fraction, j and seed
 * chosen by the run's seed, keeps the time spent sampling small.
 */
final class SampleCheck implements Check {
  /** The BOUNDARY methods, and Calcite's BERNOULLI. */
  static final List<String> METHODS = List.of("maxmargin", "gmm_full", "gmm_spherical",
      "uniform", "stratified", "stratified_weighted", "latent_grid", "vas", "ebtree", "weighted",
      "boundary_stratified", "bernoulli");
  /** Fractions whose sample sizes round alike whichever way halves round, on both stores. */
  private static final List<Double> FRACTIONS = List.of(0.04, 0.1, 0.2, 0.3, 0.5);

  private final Tables tables;
  /** The clause after TABLESAMPLE of each method's sample. */
  private final List<String> clauses = new ArrayList<>();
  private final List<Double> fractions = new ArrayList<>();
  private final Map<String, long[]> samples = new ConcurrentHashMap<>();

  SampleCheck(Tables tables, long seed) {
    this.tables = tables;
    SplittableRandom random = new SplittableRandom(seed);
    for (String method : METHODS) {
      double fraction = FRACTIONS.get(random.nextInt(FRACTIONS.size()));
      fractions.add(fraction);
      clauses.add(clause(method, fraction, random));
    }
  }

  /** The clause after TABLESAMPLE for a method and fraction, j and seed drawn now and then. */
  static String clause(String method, double fraction, SplittableRandom random) {
    if (method.equals("bernoulli")) {
      return "bernoulli(" + Math.round(fraction * 100) + ") repeatable(" + random.nextInt(100)
          + ")";
    }
    return "boundary('" + method + "', " + fraction
        + (random.nextInt(3) == 0 ? ", " + random.nextInt(5) / 4.0 : "") + ")"
        + (random.nextInt(3) == 0 ? " repeatable(" + random.nextInt(100) + ")" : "");
  }

  /** The ids of the items a sample clause picks, in the order the store holds them. */
  static long[] ids(Engines engines, Tables tables, String clause) throws SQLException {
    return engines.boundary("select id from " + tables.schema() + "." + Tables.ITEMS
        + " tablesample " + clause).rows().stream()
        .mapToLong(row -> ((BigDecimal) row.get(0)).longValueExact()).toArray();
  }

  @Override public String run(SplittableRandom random, Engines engines) throws SQLException {
    int spec = random.nextInt(METHODS.size());
    String method = METHODS.get(spec);
    double fraction = fractions.get(spec);
    String clause = clauses.get(spec);
    long[] ids = samples.get(clause);
    if (ids == null) {
      ids = ids(engines, tables, clause);
      long size = Math.round(fraction * tables.store().size());
      if (!method.equals("ebtree") && !method.equals("bernoulli") && ids.length != size) {
        return "tablesample " + clause + " holds " + ids.length + " items, not round("
            + fraction + " * " + tables.store().size() + ") = " + size;
      }
      samples.putIfAbsent(clause, ids);
    }
    return engines.compare(new QueryGenerator(tables, random, new From.Sample(clause, ids))
        .query());
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Planning of new query texts once the planner has run a while, as in a server: every query is
 * planned many times with a new comment (the JIT compiles the planner), then each query's
 * new-text prepares are timed. The query tables' planning column comes after one second of
 * warm-up per query only, which leaves much of the planner interpreted.
 */
final class SteadyPlanning {
  /** New texts of every query planned before timing: the planner's warm-up. */
  static final int WARM_ROUNDS = 300;

  /** New-text planning of one query by one engine, after {@code warmPlans} plans. */
  record Result(String engine, BenchQuery query, Timing timing, int warmPlans) { }

  private SteadyPlanning() {
  }

  /** Warms each engine's planner, then times new texts of every query on {@code variant}. */
  static List<Result> measure(List<SqlEngine> engines, List<BenchQuery> queries,
      Variant variant, Timing.Budget budget, Progress progress) throws Exception {
    int rounds = budget == Timing.Budget.QUICK ? WARM_ROUNDS / 10 : WARM_ROUNDS;
    List<Result> results = new ArrayList<>();
    for (SqlEngine engine : engines) {
      for (int round = 0; round < rounds; round++) {
        for (BenchQuery query : queries) {
          engine.prepareNew(query, variant).close();
        }
      }
      for (BenchQuery query : queries) {
        Timing timing = Timing.measure(() -> {
          engine.prepareNew(query, variant).close();
          return null;
        }, budget);
        progress.say("%s %-9s planning of a new text after %,d plans: %.2f ms", query,
            engine.name(), rounds * queries.size(), timing.median());
        results.add(new Result(engine.name(), query, timing, rounds * queries.size()));
      }
    }
    return results;
  }
}

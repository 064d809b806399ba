/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.store.Store;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figure 11: each query on each variant, through each engine and the Java loop. An engine's
 * planning is timed apart from its executions: the first prepare of a query (which generates
 * and compiles code) and then the median of warm repeated prepares. Executions reuse one
 * prepared statement per engine; the engines and the loop take turns (see
 * {@link Timing#interleaved}). Every engine's answer is compared with the Java loop's.
 */
final class QueryBench {
  /** Repeated prepares: warm, as in a server that has planned queries for a while. */
  private static final Timing.Budget PREPARES = new Timing.Budget(1.0, 7, 101, 0.5);

  /**
   * One engine's numbers for one query on one variant: the first prepare in the process, the
   * warm prepare of a new text, the prepared execution, the same text run again as a plain
   * statement (ad hoc, repeated) and a new text run as a plain statement (ad hoc, new).
   */
  record Measured(double firstPrepare, Timing prepare, Timing execute, Timing adHocRepeated,
      Timing adHocNew, Answer answer, String difference) { }

  /** The numbers of one query on one variant. */
  record Result(BenchQuery query, Variant variant, Timing loop, long loopBytes, int rowsRead,
      Timing floor, Answer reference, Map<String, Measured> engines) {
    /** GB/s of the Java loop over the activation bytes it read. */
    double loopGigabytesPerSecond() {
      return loopBytes / (loop.median() * 1e6);
    }

    /** GB/s of the streaming read of the same bytes: the machine's floor for this query. */
    double floorGigabytesPerSecond() {
      return loopBytes / (floor.median() * 1e6);
    }
  }

  private final Store store;
  private final BenchRoles roles;
  private final List<SqlEngine> engines;
  private final Timing.Budget budget;
  private final Progress progress;

  QueryBench(Store store, BenchRoles roles, List<SqlEngine> engines, Timing.Budget budget,
      Progress progress) {
    this.store = store;
    this.roles = roles;
    this.engines = engines;
    this.budget = budget;
    this.progress = progress;
  }

  List<Result> run(List<BenchQuery> queries, List<Variant> variants) throws Exception {
    List<Result> results = new ArrayList<>();
    for (BenchQuery query : queries) {
      for (Variant variant : variants) {
        results.add(run(query, variant));
      }
    }
    return results;
  }

  Result run(BenchQuery query, Variant variant) throws Exception {
    ScanLoop loop = new ScanLoop(store, roles, variant.rows());
    Answer reference = loop.answerNotingRows(query);
    long bytes = loop.bytesRead();
    int rowsRead = loop.rowsRead();
    StreamingRead floor = new StreamingRead(store.directory(), loop.rowsByLayer());
    List<Timing.Action> actions = new ArrayList<>(List.of(() -> loop.answer(query),
        floor::read));
    List<double[]> firstPrepares = new ArrayList<>();
    List<Timing> prepares = new ArrayList<>();
    List<Timing> adHocNew = new ArrayList<>();
    List<Answer> adHocAnswers = new ArrayList<>();
    List<PreparedStatement> statements = new ArrayList<>();
    List<Answer> answers = new ArrayList<>();
    try {
      for (SqlEngine engine : engines) {
        firstPrepares.add(new double[] {Timing.once(() -> {
          engine.prepare(query, variant).close();
          return null;
        })});
        prepares.add(Timing.measure(() -> {
          engine.prepareNew(query, variant).close();
          return null;
        }, budget == Timing.Budget.QUICK ? budget : PREPARES));
        adHocNew.add(Timing.measure(() -> engine.executeAdHoc(query, variant, true),
            budget == Timing.Budget.QUICK ? budget : PREPARES));
        PreparedStatement statement = engine.prepare(query, variant);
        statements.add(statement);
        answers.add(SqlEngine.execute(statement));
        adHocAnswers.add(engine.executeAdHoc(query, variant, false));
        actions.add(() -> SqlEngine.execute(statement));
      }
      for (SqlEngine engine : engines) {
        actions.add(() -> engine.executeAdHoc(query, variant, false));
      }
      List<Timing> timings = Timing.interleaved(actions, budget);
      progress.say("%s %-4s java loop  %10.3f ms  %s", query, variant.name(),
          timings.get(0).median(), abbreviate(reference.summary()));
      progress.say("%s %-4s floor      %10.3f ms  (streaming read of the same %,d bytes)",
          query, variant.name(), timings.get(1).median(), floor.bytes());
      Map<String, Measured> measured = new LinkedHashMap<>();
      for (int e = 0; e < engines.size(); e++) {
        Measured m = new Measured(firstPrepares.get(e)[0], prepares.get(e), timings.get(e + 2),
            timings.get(e + 2 + engines.size()), adHocNew.get(e), answers.get(e),
            difference(reference, answers.get(e), adHocAnswers.get(e)));
        measured.put(engines.get(e).name(), m);
        progress.say("%s %-4s %-9s %10.3f ms  (ad hoc %.3f ms, new text %.1f ms; prepare"
            + " %.1f ms, first %.0f ms)%s", query, variant.name(), engines.get(e).name(),
            m.execute().median(), m.adHocRepeated().median(), m.adHocNew().median(),
            m.prepare().median(), m.firstPrepare(), m.difference() == null ? ""
                : "  ANSWER DIFFERS: " + m.difference());
      }
      return new Result(query, variant, timings.get(0), bytes, rowsRead, timings.get(1),
          reference, measured);
    } finally {
      floor.close();
      for (PreparedStatement statement : statements) {
        statement.close();
      }
    }
  }

  /** How the prepared or else the ad hoc answer differs from the loop's, or null. */
  private static String difference(Answer reference, Answer prepared, Answer adHoc) {
    String difference = prepared.difference(reference);
    if (difference == null && adHoc.difference(reference) != null) {
      difference = "ad hoc: " + adHoc.difference(reference);
    }
    return difference;
  }

  private static String abbreviate(String text) {
    return text.length() <= 90 ? text : text.substring(0, 90) + "…";
  }
}

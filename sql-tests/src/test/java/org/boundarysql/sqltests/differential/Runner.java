/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Runs a check's queries on parallel workers, each with connections of its own: an embedded
 * one, one through the remote driver, and one to DuckDB.
 */
final class Runner {
  /** Opens a worker's connections. */
  interface Connector {
    Engines connect() throws SQLException;
  }

  /** The answer of the query of one index that the check found wrong. */
  record Mismatch(int index, String description) { }

  /** How many queries ran, and the mismatches among them in the order of their indexes. */
  record Outcome(int queries, List<Mismatch> mismatches) { }

  private Runner() {
  }

  /**
   * Runs {@code check} on the query of each index, with the random numbers of that index, on
   * {@code workers} threads; every other query goes through the remote driver.
   */
  static Outcome run(Check check, int[] indexes, IntFunction<SplittableRandom> randoms,
      Connector connector, int workers) throws Exception {
    List<Mismatch> mismatches = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger queries = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(workers);
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        int worker = w;
        futures.add(executor.submit(() -> {
          try (Engines engines = connector.connect()) {
            for (int i = worker; i < indexes.length; i += workers) {
              queries.incrementAndGet();
              engines.route(Settings.remote(indexes[i]));
              String mismatch;
              try {
                mismatch = check.run(randoms.apply(indexes[i]), engines);
              } catch (SQLException | RuntimeException | AssertionError e) {
                mismatch = "the check failed: " + Engines.describe(e);
              }
              if (mismatch != null) {
                mismatches.add(new Mismatch(indexes[i], mismatch));
                // at once too: a long run shows what it finds as it goes
                System.out.println("mismatch, N = " + indexes[i] + ": " + mismatch);
              }
            }
          }
          return null;
        }));
      }
      for (Future<Void> future : futures) {
        future.get();
      }
    } finally {
      executor.shutdownNow();
    }
    List<Mismatch> sorted = new ArrayList<>(mismatches);
    sorted.sort(Comparator.comparingInt(Mismatch::index));
    return new Outcome(queries.get(), sorted);
  }
}

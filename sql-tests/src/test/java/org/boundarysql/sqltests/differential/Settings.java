/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * How many queries the differential tests generate and from which seed; set by system
 * properties:
 * <ul>
 * <li>{@code differential.queries}: queries in all, half on each store, shared among the checks
 *     (default {@value #DEFAULT_QUERIES}, the number a build runs, sized to take about 90 s on
 *     this project's 2-core machine when it does nothing else; the long mode asks for
 *     100,000);
 * <li>{@code differential.seed} (default {@value #DEFAULT_SEED});
 * <li>{@code differential.index}: only that query of each check, to run a mismatch again.
 * </ul>
 * The same settings give the same queries, on any machine and under any load: no clock
 * decides how many run.
 */
record Settings(long seed, int queries, int index) {
  static final long DEFAULT_SEED = 20240512;
  static final int DEFAULT_QUERIES = 1500;

  static Settings fromSystemProperties() {
    return new Settings(Long.getLong("differential.seed", DEFAULT_SEED),
        Integer.getInteger("differential.queries", DEFAULT_QUERIES),
        Integer.getInteger("differential.index", -1));
  }

  /**
   * The indexes of a check's queries on one of {@code stores} stores: its share (in percent) of
   * the store's queries, or the one asked.
   */
  int[] indexes(int percent, int stores) {
    return index >= 0 ? new int[] {index}
        : IntStream.range(0, queries / stores * percent / 100).toArray();
  }

  /** The random numbers of one query: the same for the same seed, check, store and index. */
  SplittableRandom random(String check, String store, int queryIndex) {
    return new SplittableRandom(seed * 1_000_003L + (check + "/" + store).hashCode() * 65_537L
        + queryIndex);
  }

  /** Whether a query goes through the remote driver: every other one. */
  static boolean remote(int queryIndex) {
    return queryIndex % 2 == 1;
  }
}

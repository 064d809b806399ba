/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * How many queries the differential tests generate, from which seed, in how much time; set by
 * system properties:
 * <ul>
 * <li>{@code differential.queries}: queries per store, shared among the checks (default
 *     {@value #DEFAULT_QUERIES});
 * <li>{@code differential.seconds}: time for all the checks on all the stores, after which
 *     each check starts no more queries (default {@value #DEFAULT_SECONDS} with the default
 *     number of queries, unlimited when {@code differential.queries} is given; 0: unlimited);
 * <li>{@code differential.seed} (default {@value #DEFAULT_SEED});
 * <li>{@code differential.index}: only that query of each check, to run a mismatch again.
 * </ul>
 */
record Settings(long seed, int queries, double seconds, int index) {
  static final long DEFAULT_SEED = 20240512;
  static final int DEFAULT_QUERIES = 400;
  static final int DEFAULT_SECONDS = 40;

  static Settings fromSystemProperties() {
    String queries = System.getProperty("differential.queries");
    String seconds = System.getProperty("differential.seconds");
    return new Settings(Long.getLong("differential.seed", DEFAULT_SEED),
        queries == null ? DEFAULT_QUERIES : Integer.parseInt(queries),
        seconds != null ? Double.parseDouble(seconds) : queries == null ? DEFAULT_SECONDS : 0,
        Integer.getInteger("differential.index", -1));
  }

  /** The indexes of a check's queries: its share (in percent) of the queries, or the one asked. */
  int[] indexes(int percent) {
    return index >= 0 ? new int[] {index} : IntStream.range(0, queries * percent / 100).toArray();
  }

  /**
   * When a check with this share (in percent) of the queries on one of {@code stores} stores
   * must start no more queries, as a {@link System#nanoTime()}; none if the time is unlimited.
   */
  long deadline(int percent, int stores) {
    return seconds <= 0 ? Long.MAX_VALUE
        : System.nanoTime() + (long) (seconds * 1e9 * percent / 100 / stores);
  }

  /** The random numbers of one query: the same for the same seed, check, store and index. */
  SplittableRandom random(String check, String store, int queryIndex) {
    return new SplittableRandom(seed * 1_000_003L + (check + "/" + store).hashCode() * 65_537L
        + queryIndex);
  }
}

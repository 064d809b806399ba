/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.estimate;

import org.boundarysql.sample.SamplingMethod;

import java.util.Locale;

/**
 * What a group's error figures can honestly rest on, given how its sampled items were chosen
 * (the design) and how many of the group's items the sample holds.
 *
 * <ul>
 *   <li>{@link #EXACT}: the sample holds every item of the group (or the query read no
 *       sample), so the answer is the full data's.
 *   <li>{@link #BOOTSTRAP}: the design picks at random within the group ({@code uniform},
 *       {@code stratified} by confusion-matrix cell, Calcite's {@code BERNOULLI}), so the
 *       group's items in the sample are, given their number, a simple random sample of the
 *       group, which {@link BootstrapError} resamples.
 *   <li>{@link #NONE}: every other design, and the rows of a tokens table whose items were
 *       sampled ({@link #CLUSTERS}). The boundary methods take the two ends of a
 *       ranking and never an item of its middle; the others give items unequal chances that
 *       the unweighted answer ignores. No estimate from the sample alone sees that bias, so
 *       none is given; so too for fewer than {@value #MIN_ITEMS} items, and for a group mixing
 *       samples of different specs.
 * </ul>
 */
public enum EstimateBasis {
  EXACT, BOOTSTRAP, NONE;

  /** Design of a query that read no sample. */
  public static final String FULL = "full";
  /** Design of Calcite's {@code TABLESAMPLE BERNOULLI}. */
  public static final String BERNOULLI = "bernoulli";
  /**
   * Design of the rows of a tokens table whose items were sampled: whole items, each a cluster
   * of rows, which a bootstrap of rows would take for independent draws.
   */
  public static final String CLUSTERS = "clusters";
  /** Design of a group whose rows come from samples of different specs. */
  public static final String MIXED = "mixed";
  /** The fewest sampled items a bootstrap is given for. */
  public static final int MIN_ITEMS = 5;

  /** The basis's name in SQL, as {@code ERROR_ESTIMATOR()} gives it: {@code exact}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The basis for a group of {@code population} items of which {@code sampled} are in a
   * sample of the given design: {@link #FULL}, {@link #BERNOULLI}, {@link #MIXED} or a
   * {@link SamplingMethod}'s name.
   */
  public static EstimateBasis of(String design, long sampled, long population) {
    if (sampled > population) {
      throw new IllegalArgumentException("a group cannot hold " + sampled + " sampled items of "
          + population);
    }
    if (design.equals(FULL) || sampled == population) {
      return EXACT;
    }
    return randomWithinGroups(design) && sampled >= MIN_ITEMS ? BOOTSTRAP : NONE;
  }

  /** Returns whether a design picks at random within every group, given the group's size. */
  public static boolean randomWithinGroups(String design) {
    return design.equals(BERNOULLI)
        || design.equalsIgnoreCase(SamplingMethod.UNIFORM.methodName())
        || design.equalsIgnoreCase(SamplingMethod.STRATIFIED.methodName());
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import java.util.Arrays;

/**
 * A sample as its design drew it: the picked rows, ascending, and, for a design that knows
 * them, each row's stratum and inclusion probability (the chance the design gave the item of
 * being picked, in (0, 1]). Within a stratum the design drew a fixed number of items at random
 * without replacement, so its probability is the same for every row of the stratum. Designs
 * that do not know their probabilities (the boundary rankings, the mixtures, vas, ...) have
 * neither array.
 */
public record Draw(int[] rows, int[] strata, double[] probabilities) {
  /** Checks that both arrays are given or neither, at the rows' length, probabilities in (0, 1]. */
  public Draw {
    if ((strata == null) != (probabilities == null)) {
      throw new IllegalArgumentException("strata and probabilities come together");
    }
    if (strata != null) {
      if (strata.length != rows.length || probabilities.length != rows.length) {
        throw new IllegalArgumentException(rows.length + " rows, " + strata.length
            + " strata, " + probabilities.length + " probabilities");
      }
      for (double p : probabilities) {
        if (!(p > 0 && p <= 1)) {
          throw new IllegalArgumentException("inclusion probability " + p + " not in (0, 1]");
        }
      }
    }
  }

  /** A draw whose design does not know its inclusion probabilities. */
  public static Draw unweighted(int[] rows) {
    return new Draw(rows, null, null);
  }

  /** Returns whether the design knows each row's inclusion probability. */
  public boolean hasProbabilities() {
    return probabilities != null;
  }

  /** Returns the number of strata the rows come from, 0 without probabilities. */
  public int strataCount() {
    return strata == null ? 0 : (int) Arrays.stream(strata).distinct().count();
  }

  @Override public boolean equals(Object o) {
    return o instanceof Draw d && Arrays.equals(rows, d.rows) && Arrays.equals(strata, d.strata)
        && Arrays.equals(probabilities, d.probabilities);
  }

  @Override public int hashCode() {
    return 31 * (31 * Arrays.hashCode(rows) + Arrays.hashCode(strata))
        + Arrays.hashCode(probabilities);
  }

  @Override public String toString() {
    return "Draw[" + rows.length + " rows" + (hasProbabilities() ? ", " + strataCount()
        + " strata" : ", no probabilities") + "]";
  }
}

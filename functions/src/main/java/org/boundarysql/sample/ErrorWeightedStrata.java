/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

/**
 * The strata of the stratified-weighted design: each true class's correctly and incorrectly
 * classified items. Each class gets its {@link Allocation#proportional proportional} count t, of
 * which ⌈t/2⌉ go to its misclassified items (all of them if there are fewer) and the rest to its
 * correct items; a side too small for its share hands the difference to the other side.
 */
final class ErrorWeightedStrata {
  private final Strata strata;
  private final int[] counts;

  private ErrorWeightedStrata(Strata strata, int[] counts) {
    this.strata = strata;
    this.counts = counts;
  }

  static ErrorWeightedStrata of(LatentSpace space, double fraction) {
    int classes = space.classCount();
    int[] keys = new int[space.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = 2 * space.label(i) + (space.correct(i) ? 0 : 1);
    }
    Strata strata = Strata.of(keys, 2 * classes);
    int[] classSizes = new int[classes];
    for (int c = 0; c < classes; c++) {
      classSizes[c] = strata.members(2 * c).length + strata.members(2 * c + 1).length;
    }
    int[] classCounts = Allocation.proportional(classSizes, fraction);
    int[] counts = new int[2 * classes];
    for (int c = 0; c < classes; c++) {
      int fromWrong = Math.min(strata.members(2 * c + 1).length, (classCounts[c] + 1) / 2);
      int fromCorrect = Math.min(strata.members(2 * c).length, classCounts[c] - fromWrong);
      counts[2 * c] = fromCorrect;
      counts[2 * c + 1] = classCounts[c] - fromCorrect;
    }
    return new ErrorWeightedStrata(strata, counts);
  }

  /** Returns the number of strata: two per class, correct at 2c and misclassified at 2c + 1. */
  int count() {
    return counts.length;
  }

  int[] members(int stratum) {
    return strata.members(stratum);
  }

  int sampleCount(int stratum) {
    return counts[stratum];
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * How many items a sample takes, in total and from each group.
 *
 * <p>A sample of fraction f of n items has exactly {@code round(f·n)} items (halves up), and at
 * least one when n > 0. Proportional allocation gives each group g ⌊f·|g|⌋ items and hands the
 * rest, one each, to the groups with the largest remainders f·|g| − ⌊f·|g|⌋ (largest-remainder
 * apportionment; equal remainders go to the larger group, then the lower group index), so the
 * groups add up to the exact total and each gets within one item of f·|g|. A group smaller than
 * 1/f items may therefore get none.
 */
public final class Allocation {
  private Allocation() {
  }

  /** Returns the size of a sample of {@code fraction} of {@code n} items. */
  public static int sampleSize(int n, double fraction) {
    if (n == 0) {
      return 0;
    }
    return (int) Math.max(1, Math.min(n, Math.round(fraction * n)));
  }

  /** Returns how many of the near-boundary end a group's {@code taken} picks hold. */
  public static int boundaryCount(int taken, double j) {
    return (int) Math.round(j * taken);
  }

  /** Returns the per-group counts of a sample of {@code fraction} of all groups' items. */
  public static int[] proportional(int[] sizes, double fraction) {
    int total = sampleSize(IntStream.of(sizes).sum(), fraction);
    int[] counts = new int[sizes.length];
    double[] remainders = new double[sizes.length];
    int assigned = 0;
    for (int g = 0; g < sizes.length; g++) {
      double quota = fraction * sizes[g];
      counts[g] = (int) Math.min(sizes[g], Math.floor(quota));
      // Rounded to 1e-9, so that remainders equal in exact arithmetic compare equal and the tie
      // rule decides: 0.1·43 leaves 0.29999999999999982, 0.1·3 leaves 0.30000000000000004.
      remainders[g] = counts[g] < sizes[g] ? Math.rint((quota - counts[g]) * 1e9) / 1e9 : -1;
      assigned += counts[g];
    }
    int[] byRemainder = IntStream.range(0, sizes.length).boxed()
        .sorted(Comparator.<Integer>comparingDouble(g -> -remainders[g])
            .thenComparingInt(g -> -sizes[g])
            .thenComparingInt(g -> g))
        .mapToInt(Integer::intValue)
        .toArray();
    for (int i = 0; assigned < total; i++) {
      counts[byRemainder[i]]++;
      assigned++;
    }
    return counts;
  }

  /**
   * Returns per-group counts as equal as the group sizes allow and adding up to {@code total}
   * (at most the sum of sizes): groups too small for an equal share give all their items and the
   * others share the rest equally; the last indivisible items go to the largest groups, then the
   * lower group index.
   */
  public static int[] equal(int[] sizes, int total) {
    int[] counts = new int[sizes.length];
    int remaining = Math.min(total, IntStream.of(sizes).sum());
    int[] open = IntStream.range(0, sizes.length).filter(g -> sizes[g] > 0)
        .boxed()
        .sorted(Comparator.<Integer>comparingInt(g -> sizes[g]).thenComparingInt(g -> -g))
        .mapToInt(Integer::intValue)
        .toArray();
    // Smallest groups first: each takes min(its size, an equal share of what is left), so a
    // group that cannot fill its share passes the surplus on to the larger ones after it.
    for (int i = 0; i < open.length; i++) {
      int share = remaining / (open.length - i);
      int extra = remaining % (open.length - i);
      int g = open[i];
      // The indivisible items go to the groups at the end of the order: the largest.
      counts[g] = Math.min(sizes[g], share + (i >= open.length - extra ? 1 : 0));
      remaining -= counts[g];
    }
    return counts;
  }
}

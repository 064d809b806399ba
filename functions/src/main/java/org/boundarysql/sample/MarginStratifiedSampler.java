/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.task.ProgressListener;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Margin-stratified sampler, a probability design that stays near the boundary: every item is
 * ranked by the score {@link MaxMarginSampler} ranks by (its model's log ratio
 * P(A|x) / P(¬A|x), same model, same score), the ranking is cut at fixed quantiles into
 * {@link #PERCENTILES strata}, the stratum of the {@value #NEAREST_PERCENT}% of items nearest the
 * boundary gets the share j of the sample and the other strata share the rest in proportion to
 * their size, every stratum at least {@value #MIN_PER_STRATUM} items (or all it has), and each
 * stratum's items are drawn at random without replacement from the seed. A sample too small for
 * two items in each of the six strata has fewer: the farthest strata merge into the one before
 * them (below four items a single stratum, a uniform draw), so the sample keeps its size. Every
 * item's chance of being picked is its stratum's count over its size, and the sample keeps it.
 *
 * <p>Memory: MaxMargin's 12 bytes per item, a ranking of 4 bytes per item, the picks.
 */
public final class MarginStratifiedSampler extends ProbabilitySampler {
  /** The default share of the sample given to the items nearest the boundary. */
  public static final double DEFAULT_J = 0.4;
  /** Percentage of the items in the nearest stratum. */
  static final int NEAREST_PERCENT = 10;
  /**
   * Upper ends of the strata as percentiles of the ranking, nearest the boundary first: the
   * stratum h ends before position ⌊PERCENTILES[h] · n / 100⌋, in integers so that no cut
   * moves by rounding.
   */
  static final int[] PERCENTILES = {NEAREST_PERCENT, 28, 46, 64, 82, 100};
  /** The fewest items drawn from a stratum that has them, so each has a within variance. */
  static final int MIN_PER_STRATUM = 2;

  @Override public Draw draw(LatentSpace space, SampleSpec spec, ProgressListener progress) {
    BoundaryScores scores = new MaxMarginSampler().score(space, spec.seed(), progress);
    int n = space.size();
    int[] ranked = IntStream.range(0, n).toArray();
    Ranking.sort(ranked, scores::logRatio);
    int total = Allocation.sampleSize(n, spec.fraction());
    int[][] strata = new int[Math.max(1, Math.min(PERCENTILES.length, total / MIN_PER_STRATUM))][];
    int from = 0;
    for (int h = 0; h < strata.length; h++) {
      int to = h == strata.length - 1 ? n : (int) ((long) PERCENTILES[h] * n / 100);
      strata[h] = Arrays.copyOfRange(ranked, from, Math.max(from, to));
      from = Math.max(from, to);
    }
    int[] sizes = new int[strata.length];
    for (int h = 0; h < sizes.length; h++) {
      sizes[h] = strata[h].length;
    }
    int[] counts = counts(sizes, total, spec.j());
    SplittableRandom random = new SplittableRandom(spec.seed());
    Selection selection = new Selection(IntStream.of(counts).sum());
    for (int h = 0; h < strata.length; h++) {
      selection.addStratum(h, strata[h], counts[h], random);
    }
    return selection.toDraw();
  }

  /**
   * Per-stratum counts for a sample of {@code total} items: each stratum first gets
   * min({@value #MIN_PER_STRATUM}, its size); then the items are handed out one at a time to
   * the stratum furthest below its target (j·total for stratum 0, (1 − j)·total·size / (size of
   * strata 1..) for the others; ties to the lower stratum) that still has items left. The total
   * is {@code total}, or more when the minimums need it, at most every item.
   */
  static int[] counts(int[] sizes, int total, double j) {
    int others = IntStream.of(sizes).skip(1).sum();
    double[] targets = new double[sizes.length];
    int[] counts = new int[sizes.length];
    int assigned = 0;
    int available = 0;
    for (int h = 0; h < sizes.length; h++) {
      targets[h] = h == 0 ? j * total
          : others == 0 ? 0 : (1 - j) * total * sizes[h] / others;
      counts[h] = Math.min(Math.min(MIN_PER_STRATUM, total), sizes[h]);
      assigned += counts[h];
      available += sizes[h];
    }
    int goal = Math.min(available, Math.max(total, assigned));
    while (assigned < goal) {
      int best = -1;
      for (int h = 0; h < sizes.length; h++) {
        if (counts[h] < sizes[h]
            && (best < 0 || targets[h] - counts[h] > targets[best] - counts[best])) {
          best = h;
        }
      }
      counts[best]++;
      assigned++;
    }
    return counts;
  }
}

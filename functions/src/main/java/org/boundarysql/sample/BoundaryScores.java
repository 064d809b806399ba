/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import java.util.stream.IntStream;

/**
 * Each item's group (the class or cluster a fitted model assigns it to) and its log likelihood
 * ratio log P(A|x) / P(¬A|x) for its group A: low near a decision boundary, high for exemplars.
 */
public final class BoundaryScores {
  private final int[] groups;
  private final double[] logRatios;
  private final int groupCount;

  /** Creates scores; groups are in [0, groupCount). */
  public BoundaryScores(int[] groups, double[] logRatios, int groupCount) {
    if (groups.length != logRatios.length) {
      throw new IllegalArgumentException(
          "lengths differ: " + groups.length + " groups, " + logRatios.length + " ratios");
    }
    this.groups = groups;
    this.logRatios = logRatios;
    this.groupCount = groupCount;
  }

  /** Creates scores of {@code size} items, all in group 0 with ratio 0 until {@link #set}. */
  public BoundaryScores(int size, int groupCount) {
    this(new int[size], new double[size], groupCount);
  }

  /**
   * Creates scores from unnormalised log probabilities {@code logScores[item][column]}, the
   * column of {@code columnGroups[column]}: see {@link #set}.
   */
  public static BoundaryScores fromLogScores(double[][] logScores, int[] columnGroups,
      int groupCount) {
    BoundaryScores scores = new BoundaryScores(logScores.length, groupCount);
    for (int i = 0; i < logScores.length; i++) {
      scores.set(i, logScores[i], columnGroups);
    }
    return scores;
  }

  /**
   * Sets an item's scores from its unnormalised log probabilities {@code logScores[column]},
   * the column of {@code columnGroups[column]}: its group is its most likely column A and its
   * log ratio is logScores[A] − log Σ_{z≠A} exp(logScores[z]), computed in log space because
   * probabilities saturate at 1 long before the ratio stops growing. Items set from several
   * threads must be distinct.
   */
  public void set(int item, double[] logScores, int[] columnGroups) {
    int best = 0;
    for (int c = 1; c < logScores.length; c++) {
      if (logScores[c] > logScores[best]) {
        best = c;
      }
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < logScores.length; c++) {
      if (c != best) {
        max = Math.max(max, logScores[c]);
      }
    }
    double sum = 0;
    for (int c = 0; c < logScores.length; c++) {
      if (c != best) {
        sum += Math.exp(logScores[c] - max);
      }
    }
    // A single column has no alternative: every item is an exemplar of its group.
    double logOthers = max == Double.NEGATIVE_INFINITY ? max : max + Math.log(sum);
    groups[item] = columnGroups[best];
    logRatios[item] = logScores[best] - logOthers;
  }

  /** Sets an item's group and log ratio, computed elsewhere as {@link #set(int, double[],
   * int[])} does. */
  public void set(int item, int group, double logRatio) {
    groups[item] = group;
    logRatios[item] = logRatio;
  }

  /** Returns the number of items. */
  public int size() {
    return groups.length;
  }

  /** Returns the group of an item. */
  public int group(int item) {
    return groups[item];
  }

  /** Returns the log likelihood ratio of an item for its group. */
  public double logRatio(int item) {
    return logRatios[item];
  }

  /** Returns the number of groups, some possibly empty. */
  public int groupCount() {
    return groupCount;
  }

  /** Returns the members of each group in ascending order of log ratio, ties by item. */
  int[][] rankedGroups() {
    Strata strata = Strata.of(groups, groupCount);
    int[][] ranked = new int[groupCount][];
    for (int g = 0; g < groupCount; g++) {
      ranked[g] = strata.members(g);
      Ranking.sort(ranked[g], i -> logRatios[i]);
    }
    return ranked;
  }

  /**
   * Selects the boundary sample: each group gets its {@link Allocation#proportional} count t of
   * the fraction, of which {@link Allocation#boundaryCount round(j·t)} are its lowest-ratio
   * items and the rest its highest-ratio items. j = 1 takes only items nearest the boundary,
   * j = 0 only exemplars; the total is exactly {@link Allocation#sampleSize}.
   */
  public int[] selectTwoEnds(double fraction, double j) {
    int[][] ranked = rankedGroups();
    int[] counts = Allocation.proportional(
        IntStream.range(0, groupCount).map(g -> ranked[g].length).toArray(), fraction);
    Selection selection = new Selection(IntStream.of(counts).sum());
    for (int g = 0; g < groupCount; g++) {
      int[] members = ranked[g];
      int low = Allocation.boundaryCount(counts[g], j);
      for (int r = 0; r < low; r++) {
        selection.add(members[r]);
      }
      for (int r = members.length - (counts[g] - low); r < members.length; r++) {
        selection.add(members[r]);
      }
    }
    return selection.toSortedArray();
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.task.ProgressListener;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests the margin-stratified design against strata and counts worked out here: the test ranks
 * the items by MaxMargin's log ratio with a comparator, cuts the ranking at the documented
 * quantiles, and works out the counts by hand in the comments.
 */
class MarginStratifiedSamplerTest {
  private static final LatentSpace SPACE = SyntheticSpaces.classes(1000, 4, 6, 100, 3);

  /** Each item's stratum: its position in the ranking by log ratio, ties by item, cut at
   * 10%, 28%, 46%, 64%, 82%. */
  private static int[] strataByHand(LatentSpace space) {
    BoundaryScores scores = new MaxMarginSampler().score(space, 0, ProgressListener.NONE);
    Integer[] ranked = IntStream.range(0, space.size()).boxed().toArray(Integer[]::new);
    Arrays.sort(ranked, Comparator.<Integer>comparingDouble(scores::logRatio)
        .thenComparingInt(i -> i));
    int[] percent = {10, 28, 46, 64, 82};
    int[] stratum = new int[space.size()];
    for (int r = 0; r < ranked.length; r++) {
      int h = 0;
      while (h < percent.length && r >= percent[h] * space.size() / 100) {
        h++;
      }
      stratum[ranked[r]] = h;
    }
    return stratum;
  }

  /**
   * 1,000 items, 5%, default j = 0.4: 50 items; strata of 100, 180, 180, 180, 180, 180; the
   * nearest gets 0.4 · 50 = 20 (probability 20/100), the others (1 − 0.4) · 50 · 180/900 = 6
   * each (6/180).
   */
  @Test void countsAndProbabilitiesByHand() {
    int[] stratum = strataByHand(SPACE);
    SampleSpec spec = SampleSpec.of(SamplingMethod.MARGIN_STRATIFIED, 0.05);
    assertEquals(0.4, spec.j());
    Draw draw = spec.draw(SPACE, ProgressListener.NONE);
    int[] perStratum = new int[6];
    for (int i = 0; i < draw.rows().length; i++) {
      int h = stratum[draw.rows()[i]];
      perStratum[h]++;
      assertEquals(h, draw.strata()[i], "row " + draw.rows()[i]);
      assertEquals(h == 0 ? 0.2 : 1 / 30.0, draw.probabilities()[i], 1e-15);
    }
    assertArrayEquals(new int[] {20, 6, 6, 6, 6, 6}, perStratum);
  }

  /**
   * j = 1 at 2% (20 items): every stratum first gets 2 (12), the remaining 8 go to the nearest
   * stratum, whose target is all 20: 10, 2, 2, 2, 2, 2. At 1% (10 items) the minimums alone
   * take 12, so the sample has 12 items.
   */
  @Test void atLeastTwoPerStratum() {
    assertArrayEquals(new int[] {10, 2, 2, 2, 2, 2},
        MarginStratifiedSampler.counts(new int[] {100, 180, 180, 180, 180, 180}, 20, 1));
    assertArrayEquals(new int[] {2, 2, 2, 2, 2, 2},
        MarginStratifiedSampler.counts(new int[] {100, 180, 180, 180, 180, 180}, 10, 1));
    // A nearest stratum smaller than its share gives all it has; the rest go to the others.
    assertArrayEquals(new int[] {3, 5, 4, 4, 4, 4},
        MarginStratifiedSampler.counts(new int[] {3, 10, 10, 10, 10, 10}, 24, 0.9));
  }

  /** The seed decides the draw (REPEATABLE); the strata and probabilities stay. */
  @Test void repeatable() {
    SampleSpec spec = new SampleSpec(SamplingMethod.MARGIN_STRATIFIED, 0.05, 0.4, 7);
    Draw first = spec.draw(SPACE, ProgressListener.NONE);
    assertEquals(first, spec.draw(SPACE, ProgressListener.NONE));
    Draw other = spec.withSeed(8).draw(SPACE, ProgressListener.NONE);
    assertFalse(Arrays.equals(first.rows(), other.rows()));
    assertArrayEquals(first.rows(), spec.select(SPACE, ProgressListener.NONE));
  }

  /**
   * The stored probability is the item's chance: over 400 seeds, each stratum's items are
   * picked on average as often as their probability says (within 4 standard errors of the
   * stratum's mean frequency), and Σ 1/π over a sample is the number of items.
   */
  @Test void probabilitiesAreTheChances() {
    LatentSpace space = SyntheticSpaces.classes(300, 3, 4, 60, 5);
    int[] stratum = strataByHand(space);
    int seeds = 400;
    int[] picked = new int[space.size()];
    double[] probability = new double[6];
    for (long seed = 0; seed < seeds; seed++) {
      Draw draw = new SampleSpec(SamplingMethod.MARGIN_STRATIFIED, 0.1, 0.4, seed)
          .draw(space, ProgressListener.NONE);
      double horvitzThompson = 0;
      for (int i = 0; i < draw.rows().length; i++) {
        picked[draw.rows()[i]]++;
        probability[stratum[draw.rows()[i]]] = draw.probabilities()[i];
        horvitzThompson += 1 / draw.probabilities()[i];
      }
      assertEquals(space.size(), horvitzThompson, 1e-9);
    }
    for (int h = 0; h < 6; h++) {
      int members = 0;
      double frequency = 0;
      for (int i = 0; i < space.size(); i++) {
        if (stratum[i] == h) {
          members++;
          frequency += (double) picked[i] / seeds;
        }
      }
      frequency /= members;
      double p = probability[h];
      double standardError = Math.sqrt(p * (1 - p) / seeds / members);
      assertTrue(Math.abs(frequency - p) <= 4 * standardError + 1e-12,
          "stratum " + h + ": picked " + frequency + " of the time, probability " + p);
    }
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The radix ranking against a sort of boxed items by a comparator. */
class RankingTest {
  /** Ties, signed zeros, infinities and NaN, small and large arrays. */
  @Test void ordersAsTheComparator() {
    SplittableRandom random = new SplittableRandom(7);
    double[] specials = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, 1.5, -1.5};
    for (int n : new int[] {0, 1, 5, 63, 64, 65, 1000, 50_000}) {
      double[] scores = new double[n + 10];
      for (int i = 0; i < scores.length; i++) {
        int kind = random.nextInt(4);
        scores[i] = kind == 0 ? specials[random.nextInt(specials.length)]
            : kind == 1 ? random.nextInt(5) // many ties
            : random.nextGaussian() * Math.pow(10, random.nextInt(-5, 6));
      }
      // Every other item of 0..n+9, ascending, as the samplers pass their groups.
      int[] items = IntStream.range(0, scores.length).filter(i -> i % 2 == 0 || i < n)
          .toArray();
      int[] expected = IntStream.of(items).boxed()
          .sorted(Comparator.<Integer>comparingDouble(i -> scores[i]).thenComparingInt(i -> i))
          .mapToInt(Integer::intValue).toArray();
      Ranking.sort(items, i -> scores[i]);
      assertArrayEquals(expected, items, "n = " + n);
    }
  }
}

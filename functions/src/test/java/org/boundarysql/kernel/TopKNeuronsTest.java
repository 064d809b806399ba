/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Tests {@link TopKNeurons}. */
class TopKNeuronsTest {
  /** Descending by mean, equal means by lower index. */
  @Test void ranksByMeanThenIndex() {
    TopKNeurons top = new TopKNeurons(3);
    top.add(new float[] {1, 5, 3, 5, 0});
    top.add(new float[] {1, 1, 3, 1, 0});
    // Means: 1, 3, 3, 3, 0.
    assertArrayEquals(new int[] {1, 2, 3}, top.indices());
  }

  /** k larger than the width returns every index. */
  @Test void largeKReturnsAll() {
    assertArrayEquals(new int[] {2, 0, 1}, TopKNeurons.indices(new double[] {2, 1, 3}, 10));
  }

  /** NaN ranks last. */
  @Test void nanRanksLast() {
    assertArrayEquals(new int[] {1, 2},
        TopKNeurons.indices(new double[] {Double.NaN, 1, 0.5}, 2));
  }

  /** Agrees with a full stable sort on random values with many ties. */
  @Test void agreesWithSort() {
    Random random = new Random(3);
    for (int trial = 0; trial < 50; trial++) {
      double[] values = random.doubles(200, 0, 20).map(Math::floor).toArray();
      int k = 1 + random.nextInt(60);
      int[] expected = IntStream.range(0, values.length).boxed()
          .sorted(Comparator.<Integer>comparingDouble(i -> -values[i]).thenComparingInt(i -> i))
          .limit(k).mapToInt(Integer::intValue).toArray();
      assertArrayEquals(expected, TopKNeurons.indices(values, k));
    }
  }

  /** k must be positive. */
  @Test void rejectsNonPositiveK() {
    assertThrows(IllegalArgumentException.class, () -> new TopKNeurons(0));
  }
}

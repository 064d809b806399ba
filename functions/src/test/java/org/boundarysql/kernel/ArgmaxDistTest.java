/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Tests {@link ArgmaxDist}. */
class ArgmaxDistTest {
  /** Shares of rows by the index of their maximum, ties to the lower index. */
  @Test void sharesOfMaxima() {
    ArgmaxDist distribution = new ArgmaxDist();
    distribution.add(new float[] {0, 2, 1});
    distribution.add(new float[] {3, 3, 1});
    distribution.add(new float[] {0, 1, 9});
    distribution.add(new float[] {0, 7, 1});
    assertEquals(4, distribution.count());
    assertArrayEquals(new double[] {0.25, 0.5, 0.25}, distribution.shares(), 0);
  }

  /** argmax: first maximum, NaN loses, a row of NaN gives 0. */
  @Test void argmax() {
    assertEquals(1, ArgmaxDist.argmax(new float[] {1, 4, 4, 2}));
    assertEquals(2, ArgmaxDist.argmax(new float[] {Float.NaN, -1, 3}));
    assertEquals(0, ArgmaxDist.argmax(new float[] {Float.NaN, Float.NaN}));
    assertEquals(0, ArgmaxDist.argmax(new float[] {-0.5f}));
    assertThrows(IllegalArgumentException.class, () -> ArgmaxDist.argmax(new float[0]));
  }

  /** The distribution of no rows is undefined. */
  @Test void emptyHasNoShares() {
    assertThrows(IllegalStateException.class, () -> new ArgmaxDist(2).shares());
  }

  /** Two halves merged count as one accumulator over all rows. */
  @Test void mergeAddsTheCounts() {
    ArgmaxDist first = new ArgmaxDist();
    first.add(new float[] {1, 3, 2});
    first.add(new float[] {5, 3, 2});
    ArgmaxDist second = new ArgmaxDist();
    second.add(new float[] {0, 3, 4});
    second.add(new float[] {0, 3, 2});
    first.merge(second);
    first.merge(new ArgmaxDist());
    assertEquals(4, first.count());
    assertArrayEquals(new double[] {0.25, 0.5, 0.25}, first.shares(), 0);
  }
}

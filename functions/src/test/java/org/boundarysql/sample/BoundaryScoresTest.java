/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tests {@link BoundaryScores}. */
class BoundaryScoresTest {
  /** The group is the most likely column; the ratio is its probability over the others'. */
  @Test void fromLogScores() {
    double[][] logScores = {
        {Math.log(0.7), Math.log(0.2), Math.log(0.1)},
        {Math.log(0.1), Math.log(0.1), Math.log(0.8)}};
    BoundaryScores scores = BoundaryScores.fromLogScores(logScores, new int[] {4, 5, 6}, 7);
    assertEquals(4, scores.group(0));
    assertEquals(Math.log(0.7 / 0.3), scores.logRatio(0), 1e-12);
    assertEquals(6, scores.group(1));
    assertEquals(Math.log(0.8 / 0.2), scores.logRatio(1), 1e-12);
  }

  /** Saturated probabilities still rank: the ratio is computed in log space. */
  @Test void ranksBeyondSaturation() {
    BoundaryScores scores = BoundaryScores.fromLogScores(
        new double[][] {{0, -800}, {0, -900}}, new int[] {0, 1}, 2);
    assertEquals(800, scores.logRatio(0), 1e-9);
    assertEquals(900, scores.logRatio(1), 1e-9);
  }

  /** j = 1 takes each group's lowest ratios, j = 0 its highest, j = ½ both ends. */
  @Test void selectTwoEnds() {
    BoundaryScores scores = new BoundaryScores(new int[] {0, 0, 0, 0, 1, 1, 1, 1},
        new double[] {1, 2, 3, 4, 8, 7, 6, 5}, 2);
    assertArrayEquals(new int[] {0, 1, 6, 7}, scores.selectTwoEnds(0.5, 1));
    assertArrayEquals(new int[] {2, 3, 4, 5}, scores.selectTwoEnds(0.5, 0));
    assertArrayEquals(new int[] {0, 3, 4, 7}, scores.selectTwoEnds(0.5, 0.5));
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, scores.selectTwoEnds(1, 0.7));
  }
}

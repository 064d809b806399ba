/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.metric;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Tests {@link QueryMetrics} against hand-computed values. */
class QueryMetricsTest {
  /** Precision is the overlap over K, whatever the order. */
  @Test void topKPrecision() {
    assertEquals(1, QueryMetrics.topKPrecision(new int[] {3, 1, 2}, new int[] {1, 2, 3}));
    assertEquals(2 / 3.0, QueryMetrics.topKPrecision(new int[] {3, 1, 9}, new int[] {1, 2, 3}));
    assertEquals(0, QueryMetrics.topKPrecision(new int[] {7}, new int[] {8}));
    assertThrows(IllegalArgumentException.class,
        () -> QueryMetrics.topKPrecision(new int[] {1}, new int[] {1, 2}));
    assertThrows(IllegalArgumentException.class,
        () -> QueryMetrics.topKPrecision(new int[0], new int[0]));
  }

  /** 1 − cos of the angle; zero vectors by the documented convention. */
  @Test void cosineDistance() {
    assertEquals(0, QueryMetrics.cosineDistance(new double[] {1, 2}, new double[] {2, 4}), 1e-15);
    assertEquals(1 - 1 / Math.sqrt(2),
        QueryMetrics.cosineDistance(new double[] {1, 0}, new double[] {1, 1}), 1e-15);
    assertEquals(1, QueryMetrics.cosineDistance(new double[] {1, 0}, new double[] {0, 3}), 0);
    assertEquals(2, QueryMetrics.cosineDistance(new double[] {1, 0}, new double[] {-1, 0}), 0);
    assertEquals(0, QueryMetrics.cosineDistance(new double[2], new double[2]), 0);
    assertEquals(1, QueryMetrics.cosineDistance(new double[2], new double[] {1, 0}), 0);
    assertThrows(IllegalArgumentException.class,
        () -> QueryMetrics.cosineDistance(new double[1], new double[2]));
  }

  /**
   * p = (1, 0), q = (½, ½): m = (¾, ¼), KL(p‖m) = log₂(4/3), KL(q‖m) = ½ log₂(2/3) + ½ log₂ 2,
   * distance = √((0.4150375 + 0.2075187) / 2) = 0.5579230.
   */
  @Test void jensenShannonDistance() {
    assertEquals(0.5579230452841438,
        QueryMetrics.jensenShannonDistance(new double[] {1, 0}, new double[] {0.5, 0.5}), 1e-12);
    assertEquals(1,
        QueryMetrics.jensenShannonDistance(new double[] {1, 0}, new double[] {0, 1}), 1e-12);
    assertEquals(0, QueryMetrics.jensenShannonDistance(
        new double[] {0.2, 0.8}, new double[] {0.2, 0.8}), 1e-12);
    // Counts are normalised.
    assertEquals(0, QueryMetrics.jensenShannonDistance(
        new double[] {1, 4}, new double[] {0.2, 0.8}), 1e-7);
    assertEquals(0, QueryMetrics.jensenShannonDistance(new double[2], new double[2]), 0);
    assertEquals(1, QueryMetrics.jensenShannonDistance(new double[2], new double[] {1, 0}), 0);
    assertThrows(IllegalArgumentException.class,
        () -> QueryMetrics.jensenShannonDistance(new double[] {-1, 2}, new double[] {1, 0}));
    assertThrows(IllegalArgumentException.class,
        () -> QueryMetrics.jensenShannonDistance(new double[1], new double[2]));
  }
}

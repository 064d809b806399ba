/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests {@link LinearCka}. */
class LinearCkaTest {
  /** A representation is perfectly aligned with itself, shifted and scaled. */
  @Test void identicalUpToShiftAndScale() {
    Random random = new Random(1);
    LinearCka cka = new LinearCka(4, 4);
    for (int i = 0; i < 100; i++) {
      float[] a = randomRow(random, 4);
      float[] b = new float[4];
      for (int f = 0; f < 4; f++) {
        b[f] = 3 * a[f] + 10;
      }
      cka.add(a, b);
    }
    assertEquals(1, cka.cka(), 1e-6);
  }

  /** Hand case: X = (1, 2, 3)ᵀ, Y = (1, 3, 2)ᵀ; centred x = (−1, 0, 1), y = (−1, 1, 0). */
  @Test void handComputedCase() {
    LinearCka cka = new LinearCka(1, 1);
    cka.add(new float[] {1}, new float[] {1});
    cka.add(new float[] {2}, new float[] {3});
    cka.add(new float[] {3}, new float[] {2});
    // (xᵀy)² / (xᵀx · yᵀy) = 1² / (2 · 2).
    assertEquals(0.25, cka.cka(), 1e-12);
  }

  /** Agrees with the definition computed on explicit centred matrices. */
  @Test void agreesWithNaiveFormula() {
    LinearCka cka = new LinearCka(5, 3);
    double expected = feedRandomRows(new Random(5), 60, 5, 3, cka::add);
    assertEquals(expected, cka.cka(), 1e-9);
    assertTrue(expected > 0.05 && expected < 0.95, "a non-trivial case");
  }

  /**
   * Three accumulators, each with its own shift (its first pair), merged into an empty one give
   * the CKA of one accumulator over all the rows: on small integers, where every subtraction and
   * sum is exact, to rounding of the final division.
   */
  @Test void mergedEqualsOneAccumulator() {
    Random random = new Random(7);
    LinearCka all = new LinearCka(5, 3);
    LinearCka[] parts = {new LinearCka(5, 3), new LinearCka(5, 3), new LinearCka(5, 3)};
    for (int i = 0; i < 90; i++) {
      float[] a = new float[5];
      float[] b = new float[3];
      for (int f = 0; f < a.length; f++) {
        a[f] = random.nextInt(20) - 10;
      }
      for (int f = 0; f < b.length; f++) {
        b[f] = random.nextInt(20) - 10 + (f == 0 ? a[0] + a[1] : 0);
      }
      all.add(a, b);
      parts[i % 3].add(a, b);
    }
    LinearCka merged = new LinearCka(5, 3);
    for (LinearCka part : parts) {
      merged.merge(part);
    }
    assertEquals(90, merged.count());
    assertEquals(all.cka(), merged.cka(), 1e-14);
    assertTrue(all.cka() > 0.05 && all.cka() < 0.95, "a non-trivial case");
  }

  /**
   * GroupCka agrees with the definition on both of its paths: the Gram matrices of a few rows
   * (10 rows of widths 40 and 24 stay below (p + q) / 4) and the streamed cross products.
   */
  @Test void groupCkaAgreesWithNaiveFormulaOnBothPaths() {
    for (int n : new int[] {10, 40}) {
      GroupCka cka = new GroupCka();
      double expected = feedRandomRows(new Random(n), n, 40, 24, cka::add);
      assertEquals(expected, cka.result(), 1e-7, n + " rows");
    }
  }

  /**
   * Gives {@code n} random row pairs of widths p and q (the second correlated with the first)
   * to {@code sink}, and returns their CKA by the definition on explicit centred matrices.
   */
  private static double feedRandomRows(Random random, int n, int p, int q,
      BiConsumer<float[], float[]> sink) {
    double[][] x = new double[n][p];
    double[][] y = new double[n][q];
    for (int i = 0; i < n; i++) {
      float[] a = randomRow(random, p);
      float[] b = randomRow(random, q);
      b[0] += a[0] + a[1];
      for (int f = 0; f < p; f++) {
        x[i][f] = a[f];
      }
      for (int f = 0; f < q; f++) {
        y[i][f] = b[f];
      }
      sink.accept(a, b);
    }
    center(x);
    center(y);
    return square(frobenius(cross(x, y))) / (frobenius(cross(x, x)) * frobenius(cross(y, y)));
  }

  /** A constant representation has no alignment. */
  @Test void constantIsNaN() {
    LinearCka cka = new LinearCka(1, 1);
    cka.add(new float[] {1}, new float[] {1});
    cka.add(new float[] {1}, new float[] {2});
    assertTrue(Double.isNaN(cka.cka()));
  }

  private static float[] randomRow(Random random, int width) {
    float[] row = new float[width];
    for (int f = 0; f < width; f++) {
      row[f] = (float) random.nextGaussian();
    }
    return row;
  }

  private static void center(double[][] m) {
    for (int f = 0; f < m[0].length; f++) {
      double mean = 0;
      for (double[] row : m) {
        mean += row[f] / m.length;
      }
      for (double[] row : m) {
        row[f] -= mean;
      }
    }
  }

  private static double[][] cross(double[][] a, double[][] b) {
    double[][] c = new double[a[0].length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int r = 0; r < c.length; r++) {
        for (int s = 0; s < c[0].length; s++) {
          c[r][s] += a[i][r] * b[i][s];
        }
      }
    }
    return c;
  }

  private static double frobenius(double[][] m) {
    double sum = 0;
    for (double[] row : m) {
      for (double v : row) {
        sum += v * v;
      }
    }
    return Math.sqrt(sum);
  }

  private static double square(double v) {
    return v * v;
  }
}

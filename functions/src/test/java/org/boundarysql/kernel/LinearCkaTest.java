package org.boundarysql.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

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
    Random random = new Random(5);
    int n = 60;
    int p = 5;
    int q = 3;
    double[][] x = new double[n][p];
    double[][] y = new double[n][q];
    LinearCka cka = new LinearCka(p, q);
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
      cka.add(a, b);
    }
    center(x);
    center(y);
    double expected = square(frobenius(cross(x, y)))
        / (frobenius(cross(x, x)) * frobenius(cross(y, y)));
    assertEquals(expected, cka.cka(), 1e-9);
    assertTrue(expected > 0.05 && expected < 0.95, "a non-trivial case");
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

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.estimate;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests the model-assisted mean against a direct computation written here: the weighted ridge
 * from its normal equations [X̃'WX̃ + diag(0, λs²)] b = X̃'Wy (s the population's standard
 * deviations) solved by Gaussian elimination, the
 * hat matrix's diagonal w_i x̃_i A⁻¹ x̃_i' from the explicit inverse, GCV from the explicit hat
 * matrix, and the stratified variance formula of the class's documentation as a plain loop.
 */
class ModelAssistedMeanTest {
  /** A sample of two strata (12 items at π = 0.3, 18 at π = 0.1), q auxiliaries, 3 targets. */
  private record Data(double[][] x, double[][] y, int[] strata, double[] pi, double[] meanU,
      double[] scaleU) { }

  private static Data data(int q, long seed) {
    Random random = new Random(seed);
    int n = 30;
    double[][] x = new double[n][q];
    double[][] y = new double[n][3];
    int[] strata = new int[n];
    double[] pi = new double[n];
    double[][] beta = new double[q][3];
    for (double[] row : beta) {
      for (int c = 0; c < 3; c++) {
        row[c] = random.nextGaussian();
      }
    }
    for (int i = 0; i < n; i++) {
      strata[i] = i < 12 ? 0 : 1;
      pi[i] = i < 12 ? 0.3 : 0.1;
      for (int j = 0; j < q; j++) {
        x[i][j] = (j + 1) * random.nextGaussian() + j;
      }
      for (int c = 0; c < 3; c++) {
        double value = 2 + random.nextGaussian();
        for (int j = 0; j < q; j++) {
          value += x[i][j] * beta[j][c] / (j + 1);
        }
        y[i][c] = value;
      }
    }
    double[] meanU = new double[q];
    double[] scaleU = new double[q];
    for (int j = 0; j < q; j++) {
      meanU[j] = j + 0.3 * random.nextGaussian();
      scaleU[j] = (j + 1) * (0.8 + 0.4 * random.nextDouble());
    }
    return new Data(x, y, strata, pi, meanU, scaleU);
  }

  /** The estimate and standard errors of the direct computation at penalty λ. */
  private static double[][] direct(Data d, double lambda) {
    int n = d.x.length;
    int q = d.x[0].length;
    int p = d.y[0].length;
    double[] w = new double[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      w[i] = 1 / d.pi[i];
      total += w[i];
    }
    double[][] xt = new double[n][q + 1];
    for (int i = 0; i < n; i++) {
      xt[i][0] = 1;
      System.arraycopy(d.x[i], 0, xt[i], 1, q);
    }
    double[][] a = new double[q + 1][q + 1];
    double[][] rhs = new double[q + 1][p];
    for (int i = 0; i < n; i++) {
      for (int r = 0; r <= q; r++) {
        for (int c = 0; c <= q; c++) {
          a[r][c] += w[i] * xt[i][r] * xt[i][c];
        }
        for (int c = 0; c < p; c++) {
          rhs[r][c] += w[i] * xt[i][r] * d.y[i][c];
        }
      }
    }
    for (int j = 1; j <= q; j++) {
      a[j][j] += lambda * d.scaleU[j - 1] * d.scaleU[j - 1];
    }
    double[][] b = solve(a, rhs);
    double[][] inverse = solve(a, identity(q + 1));
    double[] estimate = new double[p];
    double[] variance = new double[p];
    double[][] z = new double[n][p];
    for (int c = 0; c < p; c++) {
      estimate[c] = b[0][c];
      for (int j = 0; j < q; j++) {
        estimate[c] += d.meanU[j] * b[j + 1][c];
      }
    }
    for (int i = 0; i < n; i++) {
      double h = 0;
      for (int r = 0; r <= q; r++) {
        for (int c = 0; c <= q; c++) {
          h += w[i] * xt[i][r] * inverse[r][c] * xt[i][c];
        }
      }
      for (int c = 0; c < p; c++) {
        double fitted = 0;
        for (int r = 0; r <= q; r++) {
          fitted += xt[i][r] * b[r][c];
        }
        double e = d.y[i][c] - fitted;
        estimate[c] += w[i] * e / total;
        z[i][c] = w[i] * e / (1 - h);
      }
    }
    for (int stratum = 0; stratum < 2; stratum++) {
      for (int c = 0; c < p; c++) {
        double sum = 0;
        int count = 0;
        double pi = 0;
        for (int i = 0; i < n; i++) {
          if (d.strata[i] == stratum) {
            sum += z[i][c];
            count++;
            pi = d.pi[i];
          }
        }
        double mean = sum / count;
        double squares = 0;
        for (int i = 0; i < n; i++) {
          if (d.strata[i] == stratum) {
            squares += (z[i][c] - mean) * (z[i][c] - mean);
          }
        }
        variance[c] += (1 - pi) * count / (count - 1.0) * squares;
      }
    }
    double[] se = new double[p];
    for (int c = 0; c < p; c++) {
      se[c] = Math.sqrt(variance[c]) / total;
    }
    return new double[][] {estimate, se};
  }

  @Test void matchesDirectSolveAtFixedPenalty() {
    for (int q : new int[] {4, 45}) { // 45 auxiliaries for 30 items: only the penalty solves it
      Data d = data(q, 7 + q);
      for (double lambda : new double[] {0.05, 0.7, 20}) {
        ModelAssistedMean.Estimate estimate = ModelAssistedMean.estimate(d.y, d.x, d.strata,
            d.pi, d.meanU, d.scaleU, lambda);
        double[][] expected = direct(d, lambda);
        for (int c = 0; c < 3; c++) {
          assertEquals(expected[0][c], estimate.mean()[c], 1e-8, "q " + q + " λ " + lambda);
          assertEquals(expected[1][c], estimate.standardError()[c], 1e-8 * expected[1][c],
              "q " + q + " λ " + lambda);
        }
      }
    }
  }

  /**
   * GCV picks the penalty of the grid (10⁻⁶ to 10² times the largest eigenvalue of Z'Z, found
   * here by power iteration) with the least n·RSS/(n − 1 − tr H)², computed from the explicit
   * hat matrix of the weighted problem.
   */
  @Test void gcvChoosesTheBestPenaltyOfTheGrid() {
    Data d = data(6, 3);
    int n = d.x.length;
    ModelAssistedMean.Estimate estimate = ModelAssistedMean.estimate(d.y, d.x, d.strata, d.pi,
        d.meanU, d.scaleU);
    double top = largestEigenvalueOfWeightedGram(d);
    double best = Double.NaN;
    double bestScore = Double.POSITIVE_INFINITY;
    for (int g = 40; g >= 0; g--) {
      double lambda = top * Math.pow(10, -6 + 8.0 * g / 40);
      double[] fit = gcvParts(d, lambda);
      double score = n * fit[0] / ((n - 1 - fit[1]) * (n - 1 - fit[1]));
      if (score < bestScore) {
        bestScore = score;
        best = lambda;
      }
    }
    assertEquals(best, estimate.penalty(), 1e-9 * best);
    double[][] expected = direct(d, best);
    for (int c = 0; c < 3; c++) {
      assertEquals(expected[0][c], estimate.mean()[c], 1e-8);
    }
  }

  /** A neuron that is zero in every sampled item gets an interval of positive width. */
  @Test void noZeroWidthIntervals() {
    Data d = data(4, 11);
    for (double[] row : d.y) {
      row[2] = 0;
    }
    ModelAssistedMean.Estimate estimate = ModelAssistedMean.estimate(d.y, d.x, d.strata, d.pi,
        d.meanU, d.scaleU);
    assertEquals(0, estimate.mean()[2], 1e-12);
    assertTrue(estimate.high(2, 0.9) > estimate.low(2, 0.9));
    assertTrue(estimate.low(2, 0.9) < 0 && estimate.high(2, 0.9) > 0);
    // z of a 90% two-sided interval: 1.6448536...
    assertEquals(1.6448536269514722 * estimate.standardError()[0],
        estimate.high(0, 0.9) - estimate.mean()[0], 1e-9);
    assertThrows(IllegalArgumentException.class, () -> estimate.low(0, 1.5));
    assertThrows(IllegalArgumentException.class, () -> ModelAssistedMean.estimate(
        new double[][] {{1}}, new double[][] {{1}}, new int[] {0}, new double[] {0.5},
        new double[] {1}, new double[] {1}));
  }

  /**
   * Strata holding one sampled item of the group are pooled: two singletons (π 0.5 and 0.3)
   * form one stratum with the mean correction 1 − 0.4, the rest keep theirs.
   */
  @Test void singletonStrataArePooled() {
    int[] strata = {0, 0, 0, 1, 2};
    int[] pooled = ModelAssistedMean.pooledStrata(strata);
    assertEquals(pooled[3], pooled[4]);
    assertTrue(pooled[3] != 0);
    double[][] z = {{1}, {2}, {6}, {4}, {10}};
    double[] pi = {0.2, 0.2, 0.2, 0.5, 0.3};
    // stratum 0: mean 3, squares 4 + 1 + 9 = 14, 0.8 · 3/2 · 14 = 16.8;
    // pooled: mean 7, squares 9 + 9 = 18, (1 − 0.4) · 2/1 · 18 = 21.6
    assertEquals(16.8 + 21.6, ModelAssistedMean.stratifiedVariance(z, strata, pi, pooled)[0],
        1e-12);
    // one singleton joins the largest stratum
    int[] lone = ModelAssistedMean.pooledStrata(new int[] {0, 0, 1, 1, 1, 2});
    assertEquals(1, lone[5]);
  }

  private static double largestEigenvalueOfWeightedGram(Data d) {
    double[][] z = standardised(d);
    int q = z[0].length;
    double[] v = new double[q];
    java.util.Arrays.fill(v, 1);
    double eigenvalue = 0;
    for (int iteration = 0; iteration < 2000; iteration++) {
      double[] next = new double[q];
      for (double[] row : z) {
        double dot = 0;
        for (int j = 0; j < q; j++) {
          dot += row[j] * v[j];
        }
        for (int j = 0; j < q; j++) {
          next[j] += row[j] * dot;
        }
      }
      double norm = 0;
      for (double value : next) {
        norm += value * value;
      }
      norm = Math.sqrt(norm);
      eigenvalue = norm;
      for (int j = 0; j < q; j++) {
        v[j] = next[j] / norm;
      }
    }
    return eigenvalue;
  }

  /** Z = W^½ (X − x̄_w) / s, s the population's standard deviations. */
  private static double[][] standardised(Data d) {
    int n = d.x.length;
    int q = d.x[0].length;
    double total = 0;
    for (double pi : d.pi) {
      total += 1 / pi;
    }
    double[][] z = new double[n][q];
    for (int j = 0; j < q; j++) {
      double mean = 0;
      for (int i = 0; i < n; i++) {
        mean += d.x[i][j] / d.pi[i] / total;
      }
      for (int i = 0; i < n; i++) {
        z[i][j] = Math.sqrt(1 / d.pi[i]) * (d.x[i][j] - mean) / d.scaleU[j];
      }
    }
    return z;
  }

  /** The weighted RSS over all targets and tr H (intercept included) at λ, from explicit H. */
  private static double[] gcvParts(Data d, double lambda) {
    int n = d.x.length;
    int q = d.x[0].length;
    double[][] xt = new double[n][q + 1];
    for (int i = 0; i < n; i++) {
      xt[i][0] = Math.sqrt(1 / d.pi[i]);
      System.arraycopy(standardised(d)[i], 0, xt[i], 1, q);
    }
    double[][] a = new double[q + 1][q + 1];
    for (double[] row : xt) {
      for (int r = 0; r <= q; r++) {
        for (int c = 0; c <= q; c++) {
          a[r][c] += row[r] * row[c];
        }
      }
    }
    for (int j = 1; j <= q; j++) {
      a[j][j] += lambda;
    }
    double[][] inverse = solve(a, identity(q + 1));
    double[][] hat = new double[n][n];
    double trace = 0;
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        for (int r = 0; r <= q; r++) {
          for (int c = 0; c <= q; c++) {
            hat[i][k] += xt[i][r] * inverse[r][c] * xt[k][c];
          }
        }
      }
      trace += hat[i][i];
    }
    double rss = 0;
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < n; i++) {
        double fitted = 0;
        for (int k = 0; k < n; k++) {
          fitted += hat[i][k] * Math.sqrt(1 / d.pi[k]) * d.y[k][c];
        }
        double r = Math.sqrt(1 / d.pi[i]) * d.y[i][c] - fitted;
        rss += r * r;
      }
    }
    // tr H includes the intercept's 1: GCV's denominator uses n − 1 − df with df excluding it
    return new double[] {rss, trace - 1};
  }

  private static double[][] identity(int size) {
    double[][] id = new double[size][size];
    for (int i = 0; i < size; i++) {
      id[i][i] = 1;
    }
    return id;
  }

  /** Solves A X = B by Gaussian elimination with partial pivoting. */
  private static double[][] solve(double[][] a, double[][] b) {
    int m = a.length;
    int k = b[0].length;
    double[][] left = new double[m][];
    double[][] right = new double[m][];
    for (int i = 0; i < m; i++) {
      left[i] = a[i].clone();
      right[i] = b[i].clone();
    }
    for (int col = 0; col < m; col++) {
      int pivot = col;
      for (int r = col + 1; r < m; r++) {
        if (Math.abs(left[r][col]) > Math.abs(left[pivot][col])) {
          pivot = r;
        }
      }
      double[] swap = left[col];
      left[col] = left[pivot];
      left[pivot] = swap;
      swap = right[col];
      right[col] = right[pivot];
      right[pivot] = swap;
      for (int r = 0; r < m; r++) {
        if (r != col) {
          double factor = left[r][col] / left[col][col];
          for (int c = col; c < m; c++) {
            left[r][c] -= factor * left[col][c];
          }
          for (int c = 0; c < k; c++) {
            right[r][c] -= factor * right[col][c];
          }
        }
      }
    }
    double[][] x = new double[m][k];
    for (int r = 0; r < m; r++) {
      for (int c = 0; c < k; c++) {
        x[r][c] = right[r][c] / left[r][r];
      }
    }
    return x;
  }
}

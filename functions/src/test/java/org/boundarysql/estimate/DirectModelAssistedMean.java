/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.estimate;

import java.util.ArrayList;
import java.util.List;

/**
 * The model-assisted mean computed directly, as the tests' reference: the weighted ridge from
 * its normal equations [X̃'WX̃ + diag(0, λs²)] b = X̃'Wy (s the population's standard
 * deviations) solved by Gaussian elimination, the hat matrix's diagonal w_i x̃_i A⁻¹ x̃_i' from
 * the explicit inverse, GCV from the explicit hat matrix, and the stratified variance formula
 * of {@link ModelAssistedMean}'s documentation as a plain loop over the strata given (pooled
 * by the caller; a pooled stratum's correction is its mean 1 − π; no floor).
 */
public final class DirectModelAssistedMean {
  /** A group's sample: auxiliaries, targets, strata, probabilities, population mean and sd. */
  public record Sample(double[][] x, double[][] y, int[] strata, double[] pi, double[] meanU,
      double[] scaleU) { }

  private DirectModelAssistedMean() {
  }

  /** The estimate and the standard errors at penalty λ: {estimate, se}. */
  public static double[][] at(Sample d, double lambda) {
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
    for (int stratum : java.util.Arrays.stream(d.strata).distinct().toArray()) {
      for (int c = 0; c < p; c++) {
        double sum = 0;
        int count = 0;
        double pi = 0;
        for (int i = 0; i < n; i++) {
          if (d.strata[i] == stratum) {
            sum += z[i][c];
            count++;
            pi += d.pi[i];
          }
        }
        pi /= count;
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

  /**
   * The penalty GCV picks from the grid (10⁻⁶ to 10² times the largest eigenvalue of Z'Z,
   * found by power iteration): the least n·RSS/(n − 1 − tr H)², from the explicit hat matrix,
   * RSS over at most 64 targets ({@link #gcvParts}).
   */
  public static double gcvPenalty(Sample d) {
    int n = d.x.length;
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
    return best;
  }

  private static double largestEigenvalueOfWeightedGram(Sample d) {
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

  /**
   * The sample with its auxiliaries replaced by their scores on the {@code rank} leading
   * eigenvectors of Z'Z (Z = W^½ (X − x̄_w) / s, eigenvectors by Jacobi rotations): x̃_ik =
   * ((x_i − x̄_w) / s)·v_k, the population's mean alike, scale 1. The ridge on these scores is
   * the ridge on the auxiliaries restricted to their leading principal directions.
   */
  public static Sample principalScores(Sample d, int rank) {
    double[][] z = standardised(d);
    int n = z.length;
    int q = z[0].length;
    double[][] gram = new double[q][q];
    for (double[] row : z) {
      for (int r = 0; r < q; r++) {
        for (int c = 0; c < q; c++) {
          gram[r][c] += row[r] * row[c];
        }
      }
    }
    double[][] vectors = jacobiEigenvectors(gram);
    Integer[] order = new Integer[q];
    for (int k = 0; k < q; k++) {
      order[k] = k;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(gram[b][b], gram[a][a]));
    double total = 0;
    for (double pi : d.pi) {
      total += 1 / pi;
    }
    double[] mean = new double[q];
    for (int j = 0; j < q; j++) {
      for (int i = 0; i < n; i++) {
        mean[j] += d.x[i][j] / d.pi[i] / total;
      }
    }
    double[][] scores = new double[n][rank];
    double[] meanScores = new double[rank];
    double[] ones = new double[rank];
    for (int k = 0; k < rank; k++) {
      ones[k] = 1;
      for (int j = 0; j < q; j++) {
        double loading = vectors[j][order[k]] / d.scaleU[j];
        for (int i = 0; i < n; i++) {
          scores[i][k] += (d.x[i][j] - mean[j]) * loading;
        }
        meanScores[k] += (d.meanU[j] - mean[j]) * loading;
      }
    }
    return new Sample(scores, d.y, d.strata, d.pi, meanScores, ones);
  }

  /**
   * Diagonalises a symmetric matrix in place by cyclic Jacobi rotations (its diagonal becomes
   * the eigenvalues) and returns the eigenvectors as columns.
   */
  private static double[][] jacobiEigenvectors(double[][] a) {
    int m = a.length;
    double[][] vectors = identity(m);
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0;
      for (int r = 0; r < m; r++) {
        for (int c = r + 1; c < m; c++) {
          off += a[r][c] * a[r][c];
        }
      }
      if (off < 1e-30) {
        break;
      }
      for (int r = 0; r < m; r++) {
        for (int c = r + 1; c < m; c++) {
          if (a[r][c] == 0) {
            continue;
          }
          double theta = (a[c][c] - a[r][r]) / (2 * a[r][c]);
          double tan = Math.signum(theta == 0 ? 1 : theta)
              / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          double cos = 1 / Math.sqrt(tan * tan + 1);
          double sin = tan * cos;
          for (int k = 0; k < m; k++) { // columns r and c
            double kr = a[k][r];
            double kc = a[k][c];
            a[k][r] = cos * kr - sin * kc;
            a[k][c] = sin * kr + cos * kc;
          }
          for (int k = 0; k < m; k++) { // rows r and c
            double rk = a[r][k];
            double ck = a[c][k];
            a[r][k] = cos * rk - sin * ck;
            a[c][k] = sin * rk + cos * ck;
          }
          for (int k = 0; k < m; k++) {
            double kr = vectors[k][r];
            double kc = vectors[k][c];
            vectors[k][r] = cos * kr - sin * kc;
            vectors[k][c] = sin * kr + cos * kc;
          }
        }
      }
    }
    return vectors;
  }

  /** Z = W^½ (X − x̄_w) / s, s the population's standard deviations. */
  private static double[][] standardised(Sample d) {
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

  /**
   * The weighted RSS and tr H (intercept included) at λ, from explicit H; the RSS over the
   * targets GCV scores: of the v targets not constant over the sample, all up to 64, else 64
   * spread evenly (the j-th at ⌊j · v / 64⌋).
   */
  private static double[] gcvParts(Sample d, double lambda) {
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
    List<Integer> varying = new ArrayList<>();
    for (int c = 0; c < d.y[0].length; c++) {
      for (int i = 1; i < n; i++) {
        if (d.y[i][c] != d.y[0][c]) {
          varying.add(c);
          break;
        }
      }
    }
    int scored = Math.min(varying.size(), 64);
    for (int j = 0; j < scored; j++) {
      int c = varying.get(j * varying.size() / scored);
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

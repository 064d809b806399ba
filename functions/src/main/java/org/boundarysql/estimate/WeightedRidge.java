/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.estimate;

import smile.math.matrix.Matrix;

/**
 * A design-weighted ridge regression of several targets on the same auxiliaries, with an
 * unpenalised intercept: it minimises Σ w_i (y_i − a − x_i·b)² + λ Σ_j (s_j b_j)² for every
 * target, s_j being auxiliary j's standard deviation over the population (the penalty acts on
 * standardised coefficients, so auxiliaries of any scale are treated alike; one without
 * variation in the population gets no coefficient). The population's scale, not the sample's:
 * an auxiliary nearly constant in the sample but not in the population (a class probability
 * near zero in every sampled item) would otherwise be blown up to unit variance, and its small
 * sample-to-population difference with it. λ is shared by the targets and chosen from
 * {@link #grid} by generalised cross-validation on the weighted problem: the λ minimising
 * n · RSS(λ) / (n − 1 − df(λ))², df(λ) = Σ s_k² / (s_k² + λ) over the singular values s_k of the
 * weighted standardised auxiliaries.
 *
 * <p>One thin singular value decomposition of the n × q weighted auxiliaries serves every λ and
 * every target, so a wide auxiliary vector (q > n) costs n²q, not q³.
 */
final class WeightedRidge {
  /** Grid points: λ from 10⁻⁶ to 10² times the largest squared singular value. */
  static final int GRID_POINTS = 41;

  private final double[] weightedMeanX;
  private final double[] scale;
  private final double[] weightedMeanY;
  /** Coefficients on standardised auxiliaries, [aux][target]. */
  private final double[][] coefficients;
  private final double[] leverage;
  private final double penalty;

  private WeightedRidge(double[] weightedMeanX, double[] scale, double[] weightedMeanY,
      double[][] coefficients, double[] leverage, double penalty) {
    this.weightedMeanX = weightedMeanX;
    this.scale = scale;
    this.weightedMeanY = weightedMeanY;
    this.coefficients = coefficients;
    this.leverage = leverage;
    this.penalty = penalty;
  }

  /**
   * Fits targets {@code y[i][t]} on auxiliaries {@code x[i][j]} with weights {@code w[i] > 0}
   * and the auxiliaries' population standard deviations {@code scale}, at the GCV-chosen λ if
   * {@code fixedPenalty} is NaN, else at that λ.
   */
  static WeightedRidge fit(double[][] x, double[][] y, double[] w, double[] scale,
      double fixedPenalty) {
    int n = x.length;
    int q = n == 0 ? 0 : x[0].length;
    int p = n == 0 ? 0 : y[0].length;
    double totalWeight = 0;
    for (double weight : w) {
      totalWeight += weight;
    }
    double[] meanX = weightedMean(x, w, totalWeight, q);
    double[] meanY = weightedMean(y, w, totalWeight, p);
    // Z = W^½ (X − x̄) / s and T = W^½ (Y − ȳ): the weighted problem as an ordinary one.
    double[][] z = new double[n][q];
    double[][] t = new double[n][p];
    for (int i = 0; i < n; i++) {
      double root = Math.sqrt(w[i]);
      for (int j = 0; j < q; j++) {
        z[i][j] = scale[j] > 0 ? root * (x[i][j] - meanX[j]) / scale[j] : 0;
      }
      for (int k = 0; k < p; k++) {
        t[i][k] = root * (y[i][k] - meanY[k]);
      }
    }
    int rank = Math.min(n, q);
    double[] s = new double[rank];
    double[][] u = new double[n][rank];
    double[][] v = new double[q][rank];
    if (rank > 0) {
      Matrix.SVD svd = Matrix.of(z).svd(true, true);
      for (int k = 0; k < rank; k++) {
        s[k] = svd.s[k];
        for (int i = 0; i < n; i++) {
          u[i][k] = svd.U.get(i, k);
        }
        for (int j = 0; j < q; j++) {
          v[j][k] = svd.V.get(j, k);
        }
      }
    }
    // U'T, the targets in the singular basis.
    double[][] ut = new double[rank][p];
    for (int k = 0; k < rank; k++) {
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < p; c++) {
          ut[k][c] += u[i][k] * t[i][c];
        }
      }
    }
    double penalty = Double.isNaN(fixedPenalty) ? gcvPenalty(s, ut, t, n) : fixedPenalty;
    double[][] coefficients = new double[q][p];
    for (int k = 0; k < rank; k++) {
      double shrink = s[k] / (s[k] * s[k] + penalty);
      if (!(shrink > 0) || Double.isInfinite(shrink)) {
        continue; // a zero singular value with no penalty: no direction to fit
      }
      for (int j = 0; j < q; j++) {
        for (int c = 0; c < p; c++) {
          coefficients[j][c] += v[j][k] * shrink * ut[k][c];
        }
      }
    }
    double[] leverage = new double[n];
    for (int i = 0; i < n; i++) {
      // The intercept's column W^½·1 is orthogonal to Z (weighted-centred), so its share adds.
      leverage[i] = w[i] / totalWeight;
      for (int k = 0; k < rank; k++) {
        double sk2 = s[k] * s[k];
        if (sk2 > 0) {
          leverage[i] += u[i][k] * u[i][k] * sk2 / (sk2 + penalty);
        }
      }
    }
    return new WeightedRidge(meanX, scale, meanY, coefficients, leverage, penalty);
  }

  /** The λ of {@link #grid} with the least GCV; ties to the larger λ. */
  private static double gcvPenalty(double[] s, double[][] ut, double[][] t, int n) {
    double total = 0;
    for (double[] row : t) {
      for (double value : row) {
        total += value * value;
      }
    }
    double[] energy = new double[s.length];
    for (int k = 0; k < s.length; k++) {
      for (double value : ut[k]) {
        energy[k] += value * value;
      }
    }
    double best = Double.NaN;
    double bestScore = Double.POSITIVE_INFINITY;
    double[] grid = grid(s);
    for (int g = grid.length - 1; g >= 0; g--) {
      double lambda = grid[g];
      double rss = total;
      double df = 0;
      for (int k = 0; k < s.length; k++) {
        double h = s[k] * s[k] / (s[k] * s[k] + lambda);
        rss -= (2 * h - h * h) * energy[k];
        df += h;
      }
      double residualDf = n - 1 - df;
      double score = residualDf > 0 ? n * Math.max(0, rss) / (residualDf * residualDf)
          : Double.POSITIVE_INFINITY;
      if (score < bestScore) {
        bestScore = score;
        best = lambda;
      }
    }
    return Double.isNaN(best) ? grid[grid.length - 1] : best;
  }

  /** The candidate penalties: {@value #GRID_POINTS} log-spaced from 10⁻⁶ to 10² · max s². */
  static double[] grid(double[] singularValues) {
    double top = 0;
    for (double s : singularValues) {
      top = Math.max(top, s * s);
    }
    double[] grid = new double[GRID_POINTS];
    for (int g = 0; g < GRID_POINTS; g++) {
      grid[g] = Math.max(top, Double.MIN_NORMAL) * Math.pow(10, -6 + 8.0 * g / (GRID_POINTS - 1));
    }
    return grid;
  }

  private static double[] weightedMean(double[][] rows, double[] w, double totalWeight,
      int width) {
    double[] mean = new double[width];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < width; j++) {
        mean[j] += w[i] * rows[i][j];
      }
    }
    for (int j = 0; j < width; j++) {
      mean[j] /= totalWeight;
    }
    return mean;
  }

  /**
   * Returns the predictions of every target at auxiliaries {@code x}; row by row of the
   * coefficients, so that a wide layer's are read in memory order.
   */
  double[] predict(double[] x) {
    double[] values = weightedMeanY.clone();
    for (int j = 0; j < x.length; j++) {
      if (scale[j] > 0) {
        double standardised = (x[j] - weightedMeanX[j]) / scale[j];
        double[] row = coefficients[j];
        for (int c = 0; c < values.length; c++) {
          values[c] += standardised * row[c];
        }
      }
    }
    return values;
  }

  /** Returns row i's leverage: the diagonal of the weighted hat matrix, intercept included. */
  double leverage(int i) {
    return leverage[i];
  }

  /** Returns the chosen penalty λ. */
  double penalty() {
    return penalty;
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.estimate;

import smile.math.blas.UPLO;
import smile.math.matrix.Matrix;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

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
 * weighted standardised auxiliaries, RSS summed over at most {@value #GCV_TARGETS} of the
 * targets that vary in the sample, spread evenly ({@link #gcvTargets}: all of them if fewer),
 * so that choosing λ costs about the same whatever the layer's width.
 *
 * <p>The regression is on the {@value #MAX_RANK} leading principal directions of the weighted
 * standardised auxiliaries Z (all of them if there are fewer): the singular value decomposition
 * Z = U S V' of the n × q auxiliaries, found from the eigen-decomposition of the smaller of Z'Z
 * and ZZ', is cut to its largest singular values, and the ridge fitted in that subspace. The
 * decomposition depends on the sample's auxiliaries and weights only, not on the targets or λ:
 * an instance holds it, and serves every target layer and every λ.
 *
 * <p>Once λ is chosen, the prediction at any auxiliary vector is linear in the targets,
 * Σ_i g_i y_i ({@link #predictionWeights}): the mean of a group costs one multiply-add per
 * sampled value, as the plain mean does one add. The residuals, which the variance needs, cost
 * about 2 · rank · n multiply-adds per target (the targets in the singular basis, U'T, and the
 * fitted values U·diag(h)·U'T).
 */
final class WeightedRidge {
  /** Grid points: λ from 10⁻⁶ to 10² times the largest squared singular value. */
  static final int GRID_POINTS = 41;
  /** The most principal directions of the auxiliaries the regression uses. */
  static final int MAX_RANK = 48;
  /** The most targets whose residuals GCV sums to choose λ. */
  static final int GCV_TARGETS = 64;
  /** Targets per block of the products: a block of U'T and of a row stays in cache. */
  private static final int BLOCK = 512;
  /** An eigenvalue of the Gram matrix below this share of the largest is rounding. */
  private static final double NULL_DIRECTION = 1e-12;

  private final int n;
  private final double[] w;
  /** √w_i. */
  private final double[] root;
  private final double totalWeight;
  private final double[] weightedMeanX;
  private final double[] scale;
  /** The left singular vectors, [row][direction]. */
  private final double[][] u;
  private final double[] s;
  /** The right singular vectors, [aux][direction]. */
  private final double[][] v;

  private WeightedRidge(double[] w, double[] root, double totalWeight, double[] weightedMeanX,
      double[] scale, double[][] u, double[] s, double[][] v) {
    this.n = w.length;
    this.w = w;
    this.root = root;
    this.totalWeight = totalWeight;
    this.weightedMeanX = weightedMeanX;
    this.scale = scale;
    this.u = u;
    this.s = s;
    this.v = v;
  }

  /** The sampled rows' targets, read by row. */
  interface Targets {
    /** The number of targets of a row. */
    int width();

    /** Copies row i's targets into {@code into}. */
    void copy(int i, double[] into);

    /** Row i's target c. */
    double value(int i, int c);

    /** Adds {@code weight} times row i's targets to {@code sums}. */
    void addTo(int i, double weight, double[] sums);
  }

  /**
   * The decomposition of auxiliaries {@code x[i][j]} with weights {@code w[i] > 0} and the
   * auxiliaries' population standard deviations {@code scale}, for any targets.
   */
  static WeightedRidge of(double[][] x, double[] w, double[] scale) {
    int n = x.length;
    int q = n == 0 ? 0 : x[0].length;
    double totalWeight = 0;
    double[] root = new double[n];
    for (int i = 0; i < n; i++) {
      totalWeight += w[i];
      root[i] = Math.sqrt(w[i]);
    }
    double[] meanX = weightedMean(x, w, totalWeight, q);
    // Z = W^½ (X − x̄) / s: the weighted problem as an ordinary one.
    double[][] z = new double[n][q];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < q; j++) {
        z[i][j] = scale[j] > 0 ? root[i] * (x[i][j] - meanX[j]) / scale[j] : 0;
      }
    }
    double[] s;
    double[][] u;
    double[][] v;
    if (n >= q) {
      // Z'Z = V S² V': V from the q × q Gram matrix, U = Z V S⁻¹
      Directions d = leading(gram(z));
      s = d.singular();
      v = d.vectors();
      u = times(z, v, s);
    } else {
      // ZZ' = U S² U': U from the n × n Gram matrix, V = Z'U S⁻¹
      double[][] columns = transpose(z, n, q);
      Directions d = leading(gram(columns));
      s = d.singular();
      u = d.vectors();
      v = times(columns, u, s);
    }
    return new WeightedRidge(w.clone(), root, totalWeight, meanX, scale, u, s, v);
  }

  /** The number of values the decomposition holds (its size in memory, in eight bytes). */
  long size() {
    return (long) n * (3 + s.length) + (long) v.length * (s.length + 2) + s.length;
  }

  /**
   * The λ of {@link #grid} that GCV picks for targets {@code y}, from the targets of
   * {@link #gcvTargets}.
   */
  double penalty(Targets y) {
    int[] columns = gcvTargets(y, n);
    int m = columns.length;
    double[][] t = new double[n][m];
    double[] meanY = new double[m];
    for (int i = 0; i < n; i++) {
      double share = w[i] / totalWeight;
      for (int c = 0; c < m; c++) {
        t[i][c] = y.value(i, columns[c]);
        meanY[c] += share * t[i][c];
      }
    }
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < m; c++) {
        t[i][c] = root[i] * (t[i][c] - meanY[c]);
      }
    }
    return gcvPenalty(s, transposedProduct(u, t, s.length, m), t, n);
  }

  /**
   * The targets GCV sums over: of the v targets that vary over the n sampled rows (a constant
   * one has no residual at any λ), all of them up to {@value #GCV_TARGETS}, else
   * {@value #GCV_TARGETS} spread evenly, the j-th at ⌊j · v / {@value #GCV_TARGETS}⌋. Most of
   * a wide layer's argmax indicators are zero in every sampled row: spread over every target,
   * the scored ones would be mostly those.
   */
  static int[] gcvTargets(Targets y, int n) {
    int p = y.width();
    boolean[] varies = new boolean[p];
    int count = 0;
    double[] first = new double[p];
    double[] row = new double[p];
    if (n > 0) {
      y.copy(0, first);
    }
    for (int i = 1; i < n && count < p; i++) {
      y.copy(i, row);
      for (int c = 0; c < p; c++) {
        if (!varies[c] && row[c] != first[c]) {
          varies[c] = true;
          count++;
        }
      }
    }
    int[] varying = new int[count];
    for (int c = 0, k = 0; c < p; c++) {
      if (varies[c]) {
        varying[k++] = c;
      }
    }
    int m = Math.min(count, GCV_TARGETS);
    int[] columns = new int[m];
    for (int j = 0; j < m; j++) {
      columns[j] = varying[(int) ((long) j * count / m)];
    }
    return columns;
  }

  /**
   * The weights g of the prediction at auxiliaries {@code x} with penalty λ: the prediction of
   * every target is Σ_i g_i y_i. It is ȳ_w + d·diag(s/(s² + λ))·U'T, d the standardised
   * difference of x from the sample's weighted mean in the singular basis, and T = W^½ (Y − ȳ_w)
   * whose centring drops out (the columns of U are orthogonal to W^½ 1), so
   * g_i = w_i / Σ w + √w_i Σ_k u_ik d_k s_k/(s_k² + λ).
   */
  double[] predictionWeights(double[] x, double penalty) {
    int rank = s.length;
    double[] direction = new double[rank];
    for (int k = 0; k < rank; k++) {
      double s2 = s[k] * s[k];
      if (!(s2 > 0)) {
        continue; // a zero singular value: no direction to fit
      }
      double offset = 0;
      for (int j = 0; j < x.length; j++) {
        if (scale[j] > 0) {
          offset += (x[j] - weightedMeanX[j]) / scale[j] * v[j][k];
        }
      }
      direction[k] = offset * s[k] / (s2 + penalty);
    }
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      double fitted = 0;
      for (int k = 0; k < rank; k++) {
        fitted += u[i][k] * direction[k];
      }
      g[i] = w[i] / totalWeight + root[i] * fitted;
    }
    return g;
  }

  /** Σ_i g_i y_i for every target. */
  static double[] combine(double[] g, Targets y) {
    double[] sums = new double[y.width()];
    for (int i = 0; i < g.length; i++) {
      y.addTo(i, g[i], sums);
    }
    return sums;
  }

  /**
   * The sample's weighted residuals √w_i (y_i − ŷ_i) at penalty λ, [row][target]: T minus the
   * fitted values U·diag(h)·U'T, by blocks of targets.
   */
  double[][] weightedResiduals(Targets y, double penalty) {
    int p = y.width();
    double[][] t = new double[n][p];
    double[] meanY = new double[p];
    for (int i = 0; i < n; i++) {
      y.copy(i, t[i]);
      double share = w[i] / totalWeight;
      double[] target = t[i];
      for (int c = 0; c < p; c++) {
        meanY[c] += share * target[c];
      }
    }
    for (int i = 0; i < n; i++) {
      double[] target = t[i];
      for (int c = 0; c < p; c++) {
        target[c] = root[i] * (target[c] - meanY[c]);
      }
    }
    int rank = s.length;
    double[][] ut = transposedProduct(u, t, rank, p);
    double[] shrink = new double[rank];
    for (int k = 0; k < rank; k++) {
      shrink[k] = shrinkage(s[k], penalty);
    }
    double[] scaled = new double[rank];
    for (int from = 0; from < p; from += BLOCK) {
      int to = Math.min(p, from + BLOCK);
      for (int i = 0; i < n; i++) {
        double[] row = t[i];
        for (int k = 0; k < rank; k++) {
          scaled[k] = u[i][k] * shrink[k];
        }
        for (int k = 0; k < rank; k++) {
          double weight = scaled[k];
          double[] product = ut[k];
          for (int c = from; c < to; c++) {
            row[c] -= weight * product[c];
          }
        }
      }
    }
    return t;
  }

  /**
   * Returns row i's leverage at penalty λ: the diagonal of the weighted hat matrix, intercept
   * included.
   */
  double leverage(int i, double penalty) {
    // The intercept's column W^½·1 is orthogonal to Z (weighted-centred), so its share adds.
    double leverage = w[i] / totalWeight;
    for (int k = 0; k < s.length; k++) {
      leverage += u[i][k] * u[i][k] * shrinkage(s[k], penalty);
    }
    return leverage;
  }

  /** The number of sampled rows. */
  int rows() {
    return n;
  }

  /** Row i's weight. */
  double weight(int i) {
    return w[i];
  }

  /** The sum of the weights. */
  double totalWeight() {
    return totalWeight;
  }

  /** The singular values and one side's singular vectors, [coordinate][direction]. */
  private record Directions(double[] singular, double[][] vectors) { }

  /**
   * The {@link #MAX_RANK} leading eigenvectors of a Gram matrix (a symmetric eigen-decomposition,
   * LAPACK's through Smile) and the square roots of their eigenvalues; directions whose
   * eigenvalue is below {@value #NULL_DIRECTION} of the largest are rounding, not data (the
   * centring leaves one such with fewer rows than auxiliaries), and are left out.
   */
  private static Directions leading(double[][] gram) {
    int m = gram.length;
    if (m == 0) {
      return new Directions(new double[0], new double[0][0]);
    }
    Matrix.EVD evd = Matrix.of(gram).uplo(UPLO.LOWER).eigen(false, true, true);
    double[] values = evd.wr;
    double top = Arrays.stream(values).max().orElse(0);
    int[] kept = IntStream.range(0, m).filter(k -> values[k] > NULL_DIRECTION * top).boxed()
        .sorted(Comparator.comparingDouble((Integer k) -> -values[k]))
        .limit(MAX_RANK).mapToInt(k -> k).toArray();
    double[] singular = new double[kept.length];
    double[][] vectors = new double[m][kept.length];
    for (int k = 0; k < kept.length; k++) {
      singular[k] = Math.sqrt(values[kept[k]]);
      for (int j = 0; j < m; j++) {
        vectors[j][k] = evd.Vr.get(j, kept[k]);
      }
    }
    return new Directions(singular, vectors);
  }

  /**
   * Σ_i a_i a_i' over the rows a_i of {@code a}: A'A. Row by row, each adding a multiple of
   * the row to the lower triangle's rows (a contiguous inner loop), mirrored at the end.
   */
  private static double[][] gram(double[][] a) {
    int m = a.length == 0 ? 0 : a[0].length;
    double[][] gram = new double[m][m];
    for (double[] row : a) {
      for (int r = 0; r < m; r++) {
        double value = row[r];
        double[] sums = gram[r];
        for (int c = 0; c <= r; c++) {
          sums[c] += value * row[c];
        }
      }
    }
    for (int r = 0; r < m; r++) {
      for (int c = 0; c < r; c++) {
        gram[c][r] = gram[r][c];
      }
    }
    return gram;
  }

  private static double[][] transpose(double[][] a, int rows, int columns) {
    double[][] transposed = new double[columns][rows];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < columns; j++) {
        transposed[j][i] = a[i][j];
      }
    }
    return transposed;
  }

  /** A B S⁻¹: one side's singular vectors from the other's. */
  private static double[][] times(double[][] a, double[][] b, double[] singular) {
    int rank = singular.length;
    double[][] product = new double[a.length][rank];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        double value = a[i][j];
        for (int k = 0; k < rank; k++) {
          product[i][k] += value * b[j][k];
        }
      }
      for (int k = 0; k < rank; k++) {
        product[i][k] /= singular[k];
      }
    }
    return product;
  }

  /** U'T, [direction][target], by blocks of targets so that the rows read stay in cache. */
  private static double[][] transposedProduct(double[][] u, double[][] t, int rank, int p) {
    double[][] ut = new double[rank][p];
    for (int from = 0; from < p; from += BLOCK) {
      int to = Math.min(p, from + BLOCK);
      for (int i = 0; i < t.length; i++) {
        double[] row = t[i];
        for (int k = 0; k < rank; k++) {
          double weight = u[i][k];
          double[] product = ut[k];
          for (int c = from; c < to; c++) {
            product[c] += weight * row[c];
          }
        }
      }
    }
    return ut;
  }

  /** The share s²/(s² + λ) of direction k the fit keeps (none of a zero direction). */
  private static double shrinkage(double s, double penalty) {
    double s2 = s * s;
    return s2 > 0 ? s2 / (s2 + penalty) : 0;
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
      double[] row = rows[i];
      for (int j = 0; j < width; j++) {
        mean[j] += w[i] * row[j];
      }
    }
    for (int j = 0; j < width; j++) {
      mean[j] /= totalWeight;
    }
    return mean;
  }
}

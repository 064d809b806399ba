/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.task.Cancellation;
import org.boundarysql.task.ProgressListener;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A Gaussian mixture with full or spherical covariances fitted by EM in log space; once fitted,
 * it scores any latent vector.
 *
 * <p>Written here because Smile 3.1.1's mixture stops after one EM step, loses outliers to
 * underflow and fails on constant dimensions. Constant dimensions (dead ReLU units) are dropped,
 * covariances get a ridge, EM starts from k-means++ seeds refined by Lloyd steps and stops when
 * the mean log-likelihood per item changes by less than {@value #TOLERANCE} or after
 * {@value #MAX_ITERATIONS} steps (each step costs O(n·k·d²) with full covariances).
 */
final class GaussianMixture {
  /** Shape of the component covariances. */
  enum Covariance { FULL, SPHERICAL }

  private static final int MAX_ITERATIONS = 50;
  private static final int LLOYD_ITERATIONS = 10;
  private static final double TOLERANCE = 1e-3;
  /** Ridge relative to the mean variance: a unit rarely active within a cluster stays finite. */
  private static final double RIDGE = 1e-3;
  /** Variance, relative to the largest, below which a dimension counts as constant. */
  private static final double DEAD = 1e-12;
  /** Responsibility below which an item is left out of a component's covariance sum. */
  private static final double NEGLIGIBLE = 1e-10;
  private static final int CHUNK = 256;

  /** The dimensions the mixture models, of the vectors it was fitted to; empty if none. */
  private final int[] live;
  /** The fitted points, in the live dimensions; dropped once fitted. */
  private double[][] x;
  private final int n;
  private final int d;
  private final int k;
  private final Covariance covariance;
  private final double ridge;
  private final double[][] means;
  private final double[] logWeights;
  /** FULL: row-major lower Cholesky factor of each covariance. */
  private final double[][] factors;
  /** SPHERICAL: each component's variance. */
  private final double[] variances;
  private final double[] halfLogDets;
  /** The signal of the thread that fits, read by the common pool's threads too. */
  private final Cancellation cancellation = Cancellation.current();

  private GaussianMixture(int[] live, double[][] x, int k, Covariance covariance,
      double ridge) {
    this.live = live;
    this.x = x;
    this.n = x.length;
    this.d = live.length;
    this.k = k;
    this.covariance = covariance;
    this.ridge = ridge;
    this.means = new double[k][d];
    this.logWeights = new double[k];
    this.factors = new double[k][covariance == Covariance.FULL ? d * d : 0];
    this.variances = new double[k];
    this.halfLogDets = new double[k];
  }

  /**
   * Fits a mixture of {@code k} components to the points (latent vectors, each of the same
   * dimension). Without points or without a dimension that varies, the mixture gives every
   * vector the score 0 for every component.
   */
  static GaussianMixture fit(double[][] points, int k, Covariance covariance, long seed,
      ProgressListener progress) {
    int[] live = liveDimensions(points);
    if (points.length == 0 || live.length == 0) {
      return new GaussianMixture(new int[0], new double[0][0], k, covariance, 0);
    }
    double[][] x = new double[points.length][];
    for (int i = 0; i < points.length; i++) {
      x[i] = new double[live.length];
      project(points[i], live, x[i]);
    }
    double meanVariance = 0;
    for (double v : variances(x)) {
      meanVariance += v / live.length;
    }
    GaussianMixture mixture = new GaussianMixture(live, x, k, covariance, RIDGE * meanVariance);
    double[][] responsibilities = mixture.kMeansResponsibilities(new SplittableRandom(seed));
    double previous = Double.NEGATIVE_INFINITY;
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      progress.update("em", iteration, MAX_ITERATIONS);
      Cancellation.checkCurrent();
      mixture.maximize(responsibilities);
      double logLikelihood = mixture.expect(responsibilities) / x.length;
      if (Math.abs(logLikelihood - previous) < TOLERANCE) {
        break;
      }
      previous = logLikelihood;
    }
    progress.update("em", MAX_ITERATIONS, MAX_ITERATIONS);
    mixture.x = null;
    return mixture;
  }

  /** Scores latent vectors, a chunk of rows at a time; one per thread. */
  final class Scorer {
    private final double[] full;
    private final double[][] projected = new double[CHUNK][live.length];
    private final double[] work = new double[covariance == Covariance.FULL ? d * CHUNK : 0];
    private final double[] mahalanobis = new double[CHUNK];

    private Scorer(int dimension) {
      this.full = new double[dimension];
    }

    /** Returns the most rows {@link #logScores} takes at once. */
    int chunkRows() {
      return CHUNK;
    }

    /**
     * Writes log π_c + log N(x | μ_c, Σ_c) of items {@code [from, from + count)} of a space
     * ({@code count} at most {@link #chunkRows()}) into {@code into[0, count)}.
     */
    void logScores(LatentSpace.Reader reader, int from, int count, double[][] into) {
      if (d == 0) {
        for (int r = 0; r < count; r++) {
          Arrays.fill(into[r], 0, k, 0);
        }
        return;
      }
      for (int r = 0; r < count; r++) {
        reader.read(from + r, full);
        project(full, live, projected[r]);
      }
      GaussianMixture.this.logScores(projected, 0, count, into, work, mahalanobis);
    }
  }

  /** A scorer of latent vectors of {@code dimension} values, for one thread. */
  Scorer scorer(int dimension) {
    return new Scorer(dimension);
  }

  private static void project(double[] point, int[] live, double[] into) {
    for (int f = 0; f < live.length; f++) {
      into[f] = point[live[f]];
    }
  }

  private static int[] liveDimensions(double[][] points) {
    if (points.length == 0) {
      return new int[0];
    }
    double[] v = variances(points);
    double max = 0;
    for (double value : v) {
      max = Math.max(max, value);
    }
    double floor = DEAD * max;
    return IntStream.range(0, v.length).filter(f -> v[f] > floor).toArray();
  }

  private static double[] variances(double[][] points) {
    int dims = points[0].length;
    double[] mean = new double[dims];
    double[] v = new double[dims];
    for (double[] p : points) {
      for (int f = 0; f < dims; f++) {
        mean[f] += p[f] / points.length;
      }
    }
    for (double[] p : points) {
      for (int f = 0; f < dims; f++) {
        double delta = p[f] - mean[f];
        v[f] += delta * delta / points.length;
      }
    }
    return v;
  }

  /** Seeds k centres by k-means++, refines them by Lloyd steps, returns hard assignments. */
  private double[][] kMeansResponsibilities(SplittableRandom random) {
    double[][] centres = new double[k][];
    centres[0] = x[random.nextInt(n)].clone();
    double[] nearest = new double[n];
    for (int i = 0; i < n; i++) {
      nearest[i] = LatentSpace.squaredDistance(x[i], centres[0]);
    }
    for (int c = 1; c < k; c++) {
      cancellation.check();
      double total = 0;
      for (double value : nearest) {
        total += value;
      }
      int chosen = random.nextInt(n);
      double target = random.nextDouble() * total;
      for (int i = 0; i < n && total > 0; i++) {
        target -= nearest[i];
        if (target < 0) {
          chosen = i;
          break;
        }
      }
      centres[c] = x[chosen].clone();
      for (int i = 0; i < n; i++) {
        nearest[i] = Math.min(nearest[i], LatentSpace.squaredDistance(x[i], centres[c]));
      }
    }
    int[] assignment = new int[n];
    for (int step = 0; step < LLOYD_ITERATIONS; step++) {
      cancellation.check();
      for (int i = 0; i < n; i++) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          double distance = LatentSpace.squaredDistance(x[i], centres[c]);
          if (distance < bestDistance) {
            bestDistance = distance;
            best = c;
          }
        }
        assignment[i] = best;
      }
      double[][] sums = new double[k][d];
      int[] counts = new int[k];
      for (int i = 0; i < n; i++) {
        counts[assignment[i]]++;
        for (int f = 0; f < d; f++) {
          sums[assignment[i]][f] += x[i][f];
        }
      }
      for (int c = 0; c < k; c++) {
        // An emptied cluster keeps its old centre.
        for (int f = 0; f < d && counts[c] > 0; f++) {
          centres[c][f] = sums[c][f] / counts[c];
        }
      }
    }
    double[][] responsibilities = new double[n][k];
    for (int i = 0; i < n; i++) {
      responsibilities[i][assignment[i]] = 1;
    }
    return responsibilities;
  }

  /** M step: weights, means and covariances from the responsibilities. */
  private void maximize(double[][] responsibilities) {
    // Components are independent; fitting them in parallel keeps results deterministic.
    IntStream.range(0, k).parallel().forEach(c -> {
      cancellation.check();
      double mass = 10 * Math.ulp(1.0);
      double[] mean = means[c];
      Arrays.fill(mean, 0);
      for (int i = 0; i < n; i++) {
        double r = responsibilities[i][c];
        mass += r;
        for (int f = 0; f < d; f++) {
          mean[f] += r * x[i][f];
        }
      }
      for (int f = 0; f < d; f++) {
        mean[f] /= mass;
      }
      logWeights[c] = Math.log(mass / n);
      if (covariance == Covariance.FULL) {
        fitFull(c, responsibilities, mass);
      } else {
        fitSpherical(c, responsibilities, mass);
      }
    });
  }

  private void fitFull(int c, double[][] responsibilities, double mass) {
    double[] cov = new double[d * d];
    double[] delta = new double[d];
    double[] mean = means[c];
    for (int i = 0; i < n; i++) {
      double r = responsibilities[i][c];
      if (r < NEGLIGIBLE) {
        continue;
      }
      for (int f = 0; f < d; f++) {
        delta[f] = x[i][f] - mean[f];
      }
      for (int a = 0; a < d; a++) {
        double ra = r * delta[a];
        int row = a * d;
        for (int b = 0; b <= a; b++) {
          cov[row + b] += ra * delta[b];
        }
      }
    }
    for (int a = 0; a < d; a++) {
      for (int b = 0; b <= a; b++) {
        cov[a * d + b] /= mass;
      }
    }
    double extra = ridge;
    while (!cholesky(cov, extra, factors[c])) {
      extra *= 10;
    }
    double halfLogDet = 0;
    for (int a = 0; a < d; a++) {
      halfLogDet += Math.log(factors[c][a * d + a]);
    }
    halfLogDets[c] = halfLogDet;
  }

  /**
   * Writes the lower Cholesky factor of cov + ridge·I (lower triangle of cov read) into
   * {@code factor}; returns false if the matrix is not positive definite.
   */
  private boolean cholesky(double[] cov, double ridge, double[] factor) {
    for (int a = 0; a < d; a++) {
      for (int b = 0; b <= a; b++) {
        double sum = cov[a * d + b] + (a == b ? ridge : 0);
        for (int m = 0; m < b; m++) {
          sum -= factor[a * d + m] * factor[b * d + m];
        }
        if (a == b) {
          if (!(sum > 0)) {
            return false;
          }
          factor[a * d + a] = Math.sqrt(sum);
        } else {
          factor[a * d + b] = sum / factor[b * d + b];
        }
      }
    }
    return true;
  }

  private void fitSpherical(int c, double[][] responsibilities, double mass) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += responsibilities[i][c] * LatentSpace.squaredDistance(x[i], means[c]);
    }
    variances[c] = sum / (mass * d) + ridge;
    halfLogDets[c] = 0.5 * d * Math.log(variances[c]);
  }

  /** E step: fills the responsibilities, returns the total log-likelihood. */
  private double expect(double[][] responsibilities) {
    int chunks = (n + CHUNK - 1) / CHUNK;
    return IntStream.range(0, chunks).parallel().mapToDouble(chunk -> {
      cancellation.check();
      int from = chunk * CHUNK;
      int rows = Math.min(n, from + CHUNK) - from;
      double[][] logScores = new double[rows][k];
      double[] work = new double[covariance == Covariance.FULL ? d * CHUNK : 0];
      logScores(x, from, rows, logScores, work, new double[CHUNK]);
      double total = 0;
      for (int r = 0; r < rows; r++) {
        double[] scores = logScores[r];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          max = Math.max(max, scores[c]);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
          sum += Math.exp(scores[c] - max);
        }
        double logSum = max + Math.log(sum);
        for (int c = 0; c < k; c++) {
          responsibilities[from + r][c] = Math.exp(scores[c] - logSum);
        }
        total += logSum;
      }
      return total;
    }).sum();
  }

  /**
   * Writes log π_c + log N(x | c) of rows {@code [from, from + rows)} of {@code points}
   * (projected, {@code rows} at most {@link #CHUNK}) into {@code into[0, rows)}.
   */
  private void logScores(double[][] points, int from, int rows, double[][] into, double[] work,
      double[] mahalanobis) {
    double logTwoPi = Math.log(2 * Math.PI);
    for (int c = 0; c < k; c++) {
      if (covariance == Covariance.FULL) {
        fullMahalanobis(points, from, rows, c, work, mahalanobis);
      } else {
        for (int r = 0; r < rows; r++) {
          mahalanobis[r] = LatentSpace.squaredDistance(points[from + r], means[c])
              / variances[c];
        }
      }
      for (int r = 0; r < rows; r++) {
        into[r][c] = logWeights[c] - 0.5 * (mahalanobis[r] + d * logTwoPi) - halfLogDets[c];
      }
    }
  }

  /**
   * Writes (x − μ_c)ᵀ Σ_c⁻¹ (x − μ_c) of rows [from, from + rows) by forward substitution with
   * the Cholesky factor. The solve runs over a block of rows at once, dimension-major in
   * {@code work}, so the inner loops run across rows and vectorise.
   */
  private void fullMahalanobis(double[][] points, int from, int rows, int c, double[] work,
      double[] result) {
    double[] factor = factors[c];
    double[] mean = means[c];
    Arrays.fill(result, 0);
    for (int a = 0; a < d; a++) {
      int za = a * CHUNK;
      for (int r = 0; r < rows; r++) {
        work[za + r] = points[from + r][a] - mean[a];
      }
      for (int b = 0; b < a; b++) {
        double lab = factor[a * d + b];
        int zb = b * CHUNK;
        for (int r = 0; r < rows; r++) {
          work[za + r] -= lab * work[zb + r];
        }
      }
      double inverse = 1 / factor[a * d + a];
      for (int r = 0; r < rows; r++) {
        double z = work[za + r] * inverse;
        work[za + r] = z;
        result[r] += z * z;
      }
    }
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import java.io.Serializable;

/**
 * Platt scaling: P(y = 1 | s) = 1 / (1 + exp(a·s + b)) fitted to decision values s by the
 * Newton method with backtracking of Lin, Lin and Weng (2007).
 *
 * <p>Smile's {@code PlattScaling} fits the same model but exposes only the probability, which
 * rounds to 1 for confident items; the samplers need the log-odds −(a·s + b) unrounded.
 */
final class PlattSigmoid implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MAX_ITERATIONS = 100;
  private static final double MIN_STEP = 1e-10;
  private static final double SIGMA = 1e-12;
  private static final double GRADIENT_TOLERANCE = 1e-5;

  private final double a;
  private final double b;

  private PlattSigmoid(double a, double b) {
    this.a = a;
    this.b = b;
  }

  /** Fits the sigmoid to decision values and whether each item is positive. */
  static PlattSigmoid fit(double[] scores, boolean[] positive) {
    int n = scores.length;
    int positives = 0;
    for (boolean p : positive) {
      positives += p ? 1 : 0;
    }
    int negatives = n - positives;
    // Platt's regularised targets keep the fit finite on separable data.
    double hiTarget = (positives + 1.0) / (positives + 2.0);
    double loTarget = 1 / (negatives + 2.0);
    double a = 0;
    double b = Math.log((negatives + 1.0) / (positives + 1.0));
    double loss = loss(scores, positive, hiTarget, loTarget, a, b);
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double h11 = SIGMA;
      double h22 = SIGMA;
      double h21 = 0;
      double g1 = 0;
      double g2 = 0;
      for (int i = 0; i < n; i++) {
        double f = scores[i] * a + b;
        double p = f >= 0 ? Math.exp(-f) / (1 + Math.exp(-f)) : 1 / (1 + Math.exp(f));
        double d2 = p * (1 - p);
        h11 += scores[i] * scores[i] * d2;
        h22 += d2;
        h21 += scores[i] * d2;
        double d1 = (positive[i] ? hiTarget : loTarget) - p;
        g1 += scores[i] * d1;
        g2 += d1;
      }
      if (Math.abs(g1) < GRADIENT_TOLERANCE && Math.abs(g2) < GRADIENT_TOLERANCE) {
        break;
      }
      double det = h11 * h22 - h21 * h21;
      double da = -(h22 * g1 - h21 * g2) / det;
      double db = -(-h21 * g1 + h11 * g2) / det;
      double slope = g1 * da + g2 * db;
      double step = 1;
      while (step >= MIN_STEP) {
        double newLoss = loss(scores, positive, hiTarget, loTarget, a + step * da,
            b + step * db);
        if (newLoss < loss + 1e-4 * step * slope) {
          a += step * da;
          b += step * db;
          loss = newLoss;
          break;
        }
        step /= 2;
      }
      if (step < MIN_STEP) {
        break;
      }
    }
    return new PlattSigmoid(a, b);
  }

  /** The loss against Platt's targets: {@code hiTarget} for positive items, else low. */
  private static double loss(double[] scores, boolean[] positive, double hiTarget,
      double loTarget, double a, double b) {
    double loss = 0;
    for (int i = 0; i < scores.length; i++) {
      double t = positive[i] ? hiTarget : loTarget;
      double f = scores[i] * a + b;
      loss += f >= 0 ? t * f + Math.log1p(Math.exp(-f))
          : (t - 1) * f + Math.log1p(Math.exp(f));
    }
    return loss;
  }

  /** Returns log P(y = 1 | s), computed without rounding the probability. */
  double logProbability(double score) {
    return -softplus(a * score + b);
  }

  /** Returns log(1 + exp(x)) without overflow. */
  private static double softplus(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }
}

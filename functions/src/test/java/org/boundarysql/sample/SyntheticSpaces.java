/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import java.util.Random;

/** Latent spaces with known structure for the sampler tests. */
final class SyntheticSpaces {
  private SyntheticSpaces() {
  }

  /**
   * Two unit-variance Gaussian blobs centred at ∓separation on dimension 0, classes alternating
   * by item; the true boundary is the hyperplane x₀ = 0 and the model predicts its side.
   */
  static LatentSpace twoBlobs(int n, int d, double separation, long seed) {
    Random random = new Random(seed);
    double[][] points = new double[n][d];
    int[] labels = new int[n];
    int[] predictions = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 2;
      for (int f = 0; f < d; f++) {
        points[i][f] = random.nextGaussian();
      }
      points[i][0] += labels[i] == 0 ? -separation : separation;
      predictions[i] = points[i][0] < 0 ? 0 : 1;
    }
    return new LatentSpace(points, labels, predictions, 2);
  }

  /**
   * {@code k} Gaussian blobs at random centres, class sizes decreasing with the class index and
   * the last class holding {@code lastClassSize} items; the model predicts the nearest centre.
   */
  static LatentSpace classes(int n, int k, int d, int lastClassSize, long seed) {
    Random random = new Random(seed);
    double[][] centres = new double[k][d];
    for (double[] centre : centres) {
      for (int f = 0; f < d; f++) {
        centre[f] = 2.5 * random.nextGaussian();
      }
    }
    double[][] points = new double[n][d];
    int[] labels = new int[n];
    int[] predictions = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i < lastClassSize ? k - 1 : i % (k - 1);
      for (int f = 0; f < d; f++) {
        points[i][f] = centres[labels[i]][f] + random.nextGaussian();
      }
      double best = Double.POSITIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        double distance = 0;
        for (int f = 0; f < d; f++) {
          distance += (points[i][f] - centres[c][f]) * (points[i][f] - centres[c][f]);
        }
        if (distance < best) {
          best = distance;
          predictions[i] = c;
        }
      }
    }
    return new LatentSpace(points, labels, predictions, k);
  }
}

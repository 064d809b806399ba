/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.kernel.RowSource;

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

  /**
   * {@code k} classes of ReLU activations in {@code d} float dimensions, read through a
   * {@link RowSource} as a store's latent layer is: half the items in class 0, the first two
   * dimensions dead (always 0), each class's units around a random centre; the model predicts
   * the nearest centre, so some items are misclassified.
   */
  static LatentSpace reluClasses(int n, int d, int k, long seed) {
    Random random = new Random(seed);
    double[][] centres = new double[k][d];
    for (double[] centre : centres) {
      for (int f = 0; f < d; f++) {
        centre[f] = 2 * random.nextGaussian();
      }
    }
    float[][] latent = new float[n][];
    int[] labels = new int[n];
    int[] predictions = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextDouble() < 0.5 ? 0 : random.nextInt(k);
      latent[i] = new float[d];
      for (int f = 0; f < d; f++) {
        latent[i][f] = f < 2 ? 0f
            : (float) Math.max(0, centres[labels[i]][f] + 1.3 * random.nextGaussian());
      }
      double best = Double.POSITIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        double distance = 0;
        for (int f = 2; f < d; f++) {
          distance += Math.pow(latent[i][f] - Math.max(0, centres[c][f]), 2);
        }
        if (distance < best) {
          best = distance;
          predictions[i] = c;
        }
      }
    }
    return LatentSpace.fromRows(RowSource.of(latent), labels, predictions, k);
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.task.ProgressListener;

import java.util.stream.IntStream;

/**
 * GMM sampler: an unsupervised Gaussian mixture with one component per class, items grouped by
 * their most likely component A and ranked by log P(A|x) / P(¬A|x). The seed drives the
 * k-means++ initialisation.
 */
public final class GaussianMixtureSampler extends BoundarySampler {
  private final GaussianMixture.Covariance covariance;

  private GaussianMixtureSampler(GaussianMixture.Covariance covariance) {
    this.covariance = covariance;
  }

  /** Creates a sampler whose components have full covariance matrices. */
  public static GaussianMixtureSampler full() {
    return new GaussianMixtureSampler(GaussianMixture.Covariance.FULL);
  }

  /** Creates a sampler whose components have spherical covariances σ²·I. */
  public static GaussianMixtureSampler spherical() {
    return new GaussianMixtureSampler(GaussianMixture.Covariance.SPHERICAL);
  }

  @Override public BoundaryScores score(LatentSpace space, long seed,
      ProgressListener progress) {
    int k = space.classCount();
    double[][] logScores =
        GaussianMixture.fitLogScores(space.points(), k, covariance, seed, progress);
    return BoundaryScores.fromLogScores(logScores, IntStream.range(0, k).toArray(), k);
  }
}

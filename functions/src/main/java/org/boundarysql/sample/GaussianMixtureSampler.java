/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.kernel.ParallelRows;
import org.boundarysql.task.Cancellation;
import org.boundarysql.task.ProgressListener;

import java.util.stream.IntStream;

/**
 * GMM sampler: an unsupervised Gaussian mixture with one component per class, items grouped by
 * their most likely component A and ranked by log P(A|x) / P(¬A|x). The seed drives the
 * k-means++ initialisation.
 *
 * <p>Bounded memory: EM fits the mixture to at most {@link #MAX_FIT_ITEMS} evenly spaced items
 * (every item up to that count, as it always did), then every item is scored by streaming the
 * latent vectors on every core, keeping only its group and ratio.
 */
public final class GaussianMixtureSampler extends BoundarySampler {
  /** Most items EM fits the mixture to. */
  public static final int MAX_FIT_ITEMS = 100_000;

  private final GaussianMixture.Covariance covariance;
  private final int fitLimit;

  GaussianMixtureSampler(GaussianMixture.Covariance covariance, int fitLimit) {
    this.covariance = covariance;
    this.fitLimit = fitLimit;
  }

  /** Creates a sampler whose components have full covariance matrices. */
  public static GaussianMixtureSampler full() {
    return new GaussianMixtureSampler(GaussianMixture.Covariance.FULL, MAX_FIT_ITEMS);
  }

  /** Creates a sampler whose components have spherical covariances σ²·I. */
  public static GaussianMixtureSampler spherical() {
    return new GaussianMixtureSampler(GaussianMixture.Covariance.SPHERICAL, MAX_FIT_ITEMS);
  }

  @Override public BoundaryScores score(LatentSpace space, long seed,
      ProgressListener progress) {
    int k = space.classCount();
    int n = space.size();
    double[][] fitted = space.points(MaxMarginSampler.evenlySpaced(n, fitLimit));
    GaussianMixture mixture = GaussianMixture.fit(fitted, k, covariance, seed, progress);
    int[] components = IntStream.range(0, k).toArray();
    BoundaryScores scores = new BoundaryScores(n, k);
    progress.update("scoring", 0, n);
    ParallelRows.inParts(n, space.dimension(), (from, to) -> {
      GaussianMixture.Scorer scorer = mixture.scorer(space.dimension());
      LatentSpace.Reader reader = space.reader();
      double[][] logScores = new double[scorer.chunkRows()][k];
      for (int start = from; start < to; start += scorer.chunkRows()) {
        Cancellation.checkCurrent();
        int count = Math.min(scorer.chunkRows(), to - start);
        scorer.logScores(reader, start, count, logScores);
        for (int r = 0; r < count; r++) {
          scores.set(start + r, logScores[r], components);
        }
      }
      return null;
    }, (a, b) -> a);
    progress.update("scoring", n, n);
    return scores;
  }
}

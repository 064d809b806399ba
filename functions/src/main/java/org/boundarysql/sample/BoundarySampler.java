/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.task.ProgressListener;

/**
 * Sampler that fits a model to the latent space, scores each item's closeness to the model's
 * decision boundary, and takes items from both ends of each group's ranking.
 */
public abstract class BoundarySampler implements Sampler {
  /** Fits the model and scores every item; the seed drives any random initialisation. */
  public abstract BoundaryScores score(LatentSpace space, long seed, ProgressListener progress);

  @Override public int[] select(LatentSpace space, SampleSpec spec, ProgressListener progress) {
    return score(space, spec.seed(), progress).selectTwoEnds(spec.fraction(), spec.j());
  }
}

/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.task.ProgressListener;

/**
 * Sampler of a probability design: it draws a fixed number of items at random without
 * replacement from each of its strata, so every item's chance of being picked is known (its
 * stratum's count over its size) and travels with the sample.
 */
public abstract class ProbabilitySampler implements Sampler {
  @Override public abstract Draw draw(LatentSpace space, SampleSpec spec,
      ProgressListener progress);

  @Override public final int[] select(LatentSpace space, SampleSpec spec,
      ProgressListener progress) {
    return draw(space, spec, progress).rows();
  }
}
